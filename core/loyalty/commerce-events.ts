import { z } from 'zod';
import type { CommunityDoc, MemberDoc, Models } from '../db/models.ts';
import { createOnce } from '../db/create-once.ts';
import type { Members } from '../identity/members.ts';
import type { Platform } from '../types.ts';
import type { Earnings } from './earnings.ts';
import type { Renewals } from './renewals.ts';
import { loyaltySettings } from './settings.ts';

const id = z.string().regex(/^[\w.:-]{1,100}$/, 'letters, digits and . _ : - only, at most 100');
const userId = z.string().regex(/^[\w.-]{1,64}$/, 'a platform user id');
const itemId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'a catalog item id');
const at = z.iso.datetime({ offset: true }).optional();

const commerceEventSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('purchase'),
      id,
      userId,
      itemId: itemId.optional(),
      amount: z.number().positive().max(1_000_000),
      currency: z.string().regex(/^[A-Z]{3}$/),
      at,
    })
    .strict(),
  z.object({ type: z.enum(['view', 'click', 'like']), id, userId, itemId, at }).strict(),
  z.object({ type: z.literal('search'), id, userId, query: z.string().min(1).max(200), at }).strict(),
  z
    .object({
      type: z.literal('subscription'),
      id,
      userId,
      tier: z.string().regex(/^[a-z][a-z0-9-]{0,23}$/),
      paidUntil: z.iso.datetime({ offset: true }),
      at,
    })
    .strict(),
]);

const batchSchema = z.object({ events: z.array(commerceEventSchema).min(1).max(500) }).strict();
export type CommerceEvent = z.infer<typeof commerceEventSchema>;

export type ParsedBody = { ok: true; events: CommerceEvent[] } | { ok: false; field: string; message: string };

/** One event, or a batch of up to 500 under `events`; a failure names the field at fault. */
export function parseCommerceBody(json: unknown): ParsedBody {
  const isBatch = typeof json === 'object' && json !== null && 'events' in json;
  const parsed = isBatch ? batchSchema.safeParse(json) : commerceEventSchema.safeParse(json);
  if (parsed.success) return { ok: true, events: 'events' in parsed.data ? parsed.data.events : [parsed.data] };
  const issue = parsed.error.issues[0];
  return { ok: false, field: issue?.path.join('.') ?? '', message: issue?.message ?? 'invalid' };
}

const WEIGHTS = { view: 1, click: 2, like: 3, search: 0.5, purchase: 8, subscription: 0 } as const;

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
  private readonly purchaseListeners: Array<
    (member: { communityId: string; platform: string; userId: string }, itemId: string) => Promise<void>
  > = [];

  /** Told of every purchased catalog item (recommendations stop offering it). */
  onPurchase(
    listener: (member: { communityId: string; platform: string; userId: string }, itemId: string) => Promise<void>,
  ): void {
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

  private async ingestOne(community: CommunityDoc, event: CommerceEvent, now: Date): Promise<boolean> {
    const platform = community.platform as Platform;
    const when = event.at ? new Date(event.at) : now;
    // Effects first, keyed by the event id; the interaction row last marks it done.
    if (event.type === 'purchase') {
      const points = Math.floor(event.amount * loyaltySettings(community).purchasePointsPerUnit);
      if (points > 0) {
        await this.earnings.award({
          member: { communityId: community.communityId, platform, userId: event.userId },
          basePoints: points,
          reason: 'purchase',
          source: 'event',
          idempotencyKey: `event:${event.id}`,
          at: when,
          meta: { amount: event.amount, currency: event.currency },
        });
      }
    }
    if (event.type === 'purchase' && event.itemId) {
      for (const listener of this.purchaseListeners)
        await listener({ communityId: community.communityId, platform, userId: event.userId }, event.itemId);
    }
    if (event.type === 'subscription') {
      const member = await this.members.find({ communityId: community.communityId, platform, userId: event.userId });
      if (member)
        await this.renewals.setPaidTier(member as MemberDoc, community, event.tier, new Date(event.paidUntil), now);
    }
    return createOnce(this.models.Interaction, {
      communityId: community.communityId,
      platform,
      userId: event.userId,
      itemId: 'itemId' in event ? (event.itemId ?? null) : null,
      type: event.type === 'subscription' ? 'purchase' : event.type,
      weight: WEIGHTS[event.type],
      query: event.type === 'search' ? event.query : null,
      eventId: event.id,
      at: when,
    });
  }
}
