import type { CoreServices } from './services/index.ts';
import type { ChatEvent } from './types.ts';

export interface ChatOutcome {
  pointsEarned: number;
  scored: boolean;
}

/** What happens when someone writes in a community channel (adapters drop bots' messages). */
export async function handleChatEvent(services: CoreServices, event: ChatEvent): Promise<ChatOutcome> {
  const [pointsEarned, scored] = await Promise.all([services.loyalty.chat.record(event), services.support.passive.record(event)]);
  return { pointsEarned, scored };
}
