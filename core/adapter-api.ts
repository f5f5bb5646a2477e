import { handleChatEvent, handleReaction, type ChatOutcome } from './chat-events.ts';
import type { CommerceReceipt, DeliveryHeaders, SignedDelivery } from './loyalty/commerce-inbox.ts';
import { loyaltySettings } from './loyalty/settings.ts';
import type { Clock } from './ports.ts';
import type { CoreServices } from './services.ts';
import type { Installations } from './stores/installations.ts';
import type { ChatEvent, Platform, ReactionEvent } from './types.ts';

/**
 * What an inbound adapter may ask of core besides commands and buttons (those go through
 * the dispatcher). Adapters use this and nothing deeper, so no business rule leaks into them.
 */
export interface AdapterApi {
  /** Someone wrote in a community channel (adapters drop bots' own messages first). */
  chat(event: ChatEvent): Promise<ChatOutcome>;
  /** Someone reacted to a message (the community's "helpful" reaction earns its author a bonus). */
  reaction(event: ReactionEvent): Promise<{ bonus: number }>;
  /** The community's tier names, lowest first (Discord mirrors them as roles). */
  tierNames(platform: Platform, communityId: string): Promise<string[]>;
  /** A community's shop posted signed commerce events (POST /events). */
  receiveCommerceEvents(delivery: SignedDelivery): Promise<CommerceReceipt>;
  /** Whether a delivery's headers alone could authenticate: if not, refuse it before reading its body. */
  plausibleCommerceHeaders(headers: DeliveryHeaders): boolean;
  /** App installations per workspace (Slack OAuth). */
  installations: Installations;
  clock: Clock;
}

export function createAdapterApi(services: CoreServices): AdapterApi {
  return {
    chat: (event) => handleChatEvent(services, event),
    reaction: (event) => handleReaction(services, event),
    tierNames: async (platform, communityId) => {
      const community = await services.communities.ensure(platform, communityId);
      return loyaltySettings(community).tiers.map((tier) => tier.name);
    },
    receiveCommerceEvents: (delivery) => services.loyalty.commerceInbox.receive(delivery),
    plausibleCommerceHeaders: (headers) => services.loyalty.commerceInbox.plausible(headers),
    installations: services.installations,
    clock: services.clock,
  };
}
