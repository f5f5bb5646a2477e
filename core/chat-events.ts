import type { CoreServices } from './services.ts';
import type { ChatEvent } from './types.ts';

export interface ChatOutcome {
  pointsEarned: number;
  scored: boolean;
}

/**
 * What happens when someone writes in a community channel (adapters drop bots' messages).
 * A message the platform delivers twice counts once.
 */
export async function handleChatEvent(services: CoreServices, event: ChatEvent): Promise<ChatOutcome> {
  if (!(await services.seenMessages.firstSight(event))) return { pointsEarned: 0, scored: false };
  // One read of the community's settings serves both the earning rules and passive sentiment.
  const community = await services.communities.ensure(event.platform, event.communityId);
  const [pointsEarned, scored] = await Promise.all([
    services.loyalty.chat.record(event, community),
    services.support.passive.record(event, community),
  ]);
  return { pointsEarned, scored };
}
