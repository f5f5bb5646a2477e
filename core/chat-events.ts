import type { ChatVerdict } from './loyalty/chat-quality.ts';
import { supportSettings } from './support/settings.ts';
import type { CoreServices } from './services.ts';
import type { ChatEvent, ReactionEvent } from './types.ts';

export interface ChatOutcome {
  pointsEarned: number;
  /** How the message's quality was judged (null: the community scores none, or a repeated delivery). */
  verdict: ChatVerdict | null;
  scored: boolean;
}

/**
 * What happens when someone writes in a community channel (adapters drop bots' messages).
 * A message the platform delivers twice counts once.
 */
export async function handleChatEvent(services: CoreServices, event: ChatEvent): Promise<ChatOutcome> {
  if (!(await services.seenMessages.firstSight(event))) return { pointsEarned: 0, verdict: null, scored: false };
  // One read of the community's settings serves both the earning rules and passive sentiment.
  const community = await services.communities.ensure(event.platform, event.communityId);
  const { lexicon } = supportSettings(community);
  // Toxicity reads sentiment, scored only for a message aimed at someone (chat-quality.ts).
  const sentiment = (text: string) => services.support.scorer.score(text, lexicon).score;
  const [earned, scored] = await Promise.all([
    services.loyalty.chat.record(event, community, { sentiment }),
    services.support.passive.record(event, community),
  ]);
  return { pointsEarned: earned.points, verdict: earned.verdict, scored };
}

/** Someone reacted to a message: the community's "helpful" reaction earns its author a bonus. */
export async function handleReaction(services: CoreServices, event: ReactionEvent): Promise<{ bonus: number }> {
  const community = await services.communities.ensure(event.platform, event.communityId);
  return { bonus: await services.loyalty.chat.react(event, community) };
}
