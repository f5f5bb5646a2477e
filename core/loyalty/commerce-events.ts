import type { CommunityDoc, MemberDoc, Models } from '../db/models.ts';
import type { MemberRef } from '../db/ids.ts';
import { interactionRecorded, recordInteraction } from '../db/interactions.ts';
import type { Members } from '../identity/members.ts';
import type { Platform } from '../types.ts';
import type { CommerceEvent } from './commerce-event-schema.ts';
import type { Earnings } from './earnings.ts';
import type { Renewals } from './renewals.ts';
import { loyaltySettings } from './settings.ts';

const WEIGHTS = { view: 1, click: 2, like: 3, search: 0.5, purchase: 8, subscription: 0 } as const;

type PurchaseListener = (member: MemberRef, itemId: string) => Promise<void>;

export interface IngestResult {
  accepted: number;
  duplicates: number;
}

/**
 * Events from a community's shop or app: every event becomes an interaction (used by
 * recommendations); purchases earn points, subscriptions set a paid tier. The event id is
 * unique per community, so a redelivered event is accepted and ignored.
 */
export class CommerceEvents {
  private readonly purchaseListeners: PurchaseListener[] = [];

  /** Told of every purchased catalog item (recommendations stop offering it). */
  onPurchase(listener: PurchaseListener): void {
    this.purchaseListeners.push(listener);
  }

  constructor(
    private readonly models: Models,
    private readonly members: Members,
    private readonly earnings: Earnings,
    private readonly renewals: Renewals,
  ) {}

  async ingest(community: CommunityDoc, events: CommerceEvent[], now: Date): Promise<IngestResult> {
    let accepted = 0;
    let duplicates = 0;
    for (const event of events) {
      if (await this.ingestOne(community, event, now)) accepted += 1;
      else duplicates += 1;
    }
    return { accepted, duplicates };
  }

  /**
   * A redelivered event (its id already recorded) changes nothing. Otherwise its effects run,
   * each keyed by the event id, and the interaction row written last marks it done. Points
   * are entered at the time of writing; the event's own time is kept as `occurredAt`.
   */
  private async ingestOne(community: CommunityDoc, event: CommerceEvent, now: Date): Promise<boolean> {
    const { communityId } = community;
    if (await interactionRecorded(this.models, communityId, event.id)) return false;
    const platform = community.platform as Platform;
    const member = { communityId, platform, userId: event.userId };
    const occurredAt = event.at ? new Date(event.at) : undefined;
    if (event.type === 'purchase') {
      const points = Math.floor(event.amount * loyaltySettings(community).purchasePointsPerUnit);
      if (points > 0) {
        await this.earnings.award({
          member,
          basePoints: points,
          reason: 'purchase',
          source: 'event',
          earning: 'purchase',
          idempotencyKey: `event:${event.id}`,
          occurredAt,
          meta: { amount: event.amount, currency: event.currency },
        });
      }
      if (event.itemId) for (const listener of this.purchaseListeners) await listener(member, event.itemId);
    }
    if (event.type === 'subscription') {
      const found = await this.members.find(member);
      if (found)
        await this.renewals.setPaidTier(found as MemberDoc, community, event.tier, new Date(event.paidUntil), now);
    }
    return recordInteraction(this.models, {
      communityId,
      platform,
      userId: event.userId,
      itemId: 'itemId' in event ? (event.itemId ?? null) : null,
      type: event.type === 'subscription' ? 'purchase' : event.type,
      weight: WEIGHTS[event.type],
      query: event.type === 'search' ? event.query : null,
      eventId: event.id,
      at: occurredAt ?? now,
    });
  }
}
