import type { CoreServices } from '../services.ts';
import type { SuggestionSource } from './spec.ts';

/** One suggestion shown while typing: what the user sees and the value the option gets. */
export interface Suggestion {
  name: string;
  value: string;
}

const MAX_SUGGESTIONS = 25;

type Source = (services: CoreServices, communityId: string, typed: string, commands: string[]) => Promise<Suggestion[]>;

const SOURCES: Record<SuggestionSource, Source> = {
  /** Commands the caller may run whose name contains what was typed. */
  commands: async (_services, _communityId, typed, commands) =>
    commands
      .filter((name) => name.includes(typed))
      .slice(0, MAX_SUGGESTIONS)
      .map((name) => ({ name: `/${name}`, value: name })),
  /** Active rewards whose id or title contains what was typed. */
  rewards: async (services, communityId, typed) => {
    const items = await services.loyalty.catalog.active(communityId);
    return items
      .filter((item) => item.itemId.includes(typed) || item.title.toLowerCase().includes(typed))
      .slice(0, MAX_SUGGESTIONS)
      .map((item) => ({ name: `${item.title} (${item.cost})`.slice(0, 100), value: item.itemId }));
  },
};

export async function suggestionsFrom(
  source: SuggestionSource,
  services: CoreServices,
  communityId: string,
  typed: string,
  commands: string[],
): Promise<Suggestion[]> {
  return SOURCES[source](services, communityId, typed.trim().toLowerCase().slice(0, 100), commands);
}
