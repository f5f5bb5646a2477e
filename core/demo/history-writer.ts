import type { Core } from '../app.ts';
import type { CommunityDoc } from '../db/models.ts';
import { UserError } from '../errors.ts';
import type { MemberKey } from '../identity/members.ts';
import type { CommerceEvent } from '../loyalty/commerce-event-schema.ts';
import { orderIdFor } from '../loyalty/orders.ts';
import { loyaltySettings } from '../loyalty/settings.ts';
import type { Platform } from '../types.ts';
import type { HistoryPlan, PlannedMember, PlannedStep } from './history-types.ts';

const DAY_MS = 24 * 3600 * 1000;
/** Who closes tickets in the history: the demo's manager. */
const STAFF = 'manager';

/** Runs `work` over the items with at most `limit` at a time. */
export async function forEachLimit<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** A refusal the live command would show (not enough points, sold out, already closed) skips the step. */
const skipRefusal = (error: unknown) => {
  if (!(error instanceof UserError)) throw error;
};

/**
 * Writes a planned history through the domain services, one day at a time: that day's
 * joins first (referrers have joined on an earlier day), then every member's steps, members
 * side by side and each member's steps in time order, so each ledger stream is written
 * chronologically. Every write is keyed by the plan's ids: running it again adds nothing.
 */
export class HistoryWriter {
  private readonly tickets = new Map<string, string>();

  constructor(
    private readonly core: Core,
    private readonly community: CommunityDoc,
    private readonly plan: HistoryPlan,
    private readonly concurrency = 6,
  ) {}

  async write(): Promise<void> {
    const joins = new Map<number, PlannedMember[]>();
    const work = new Map<number, Array<{ member: PlannedMember; steps: PlannedStep[] }>>();
    for (const member of this.plan.members) {
      push(joins, this.dayOf(member.joinAt), member);
      const byDay = new Map<number, PlannedStep[]>();
      for (const step of member.steps) push(byDay, this.dayOf(step.at), step);
      for (const [day, steps] of byDay) push(work, day, { member, steps });
    }
    for (let day = 0; day < this.plan.days; day += 1) {
      for (const member of (joins.get(day) ?? []).sort((a, b) => a.joinAt.getTime() - b.joinAt.getTime()))
        await this.join(member);
      await forEachLimit(work.get(day) ?? [], this.concurrency, async ({ member, steps }) => {
        for (const step of steps) await this.step(member, step);
      });
    }
  }

  private async join(planned: PlannedMember): Promise<void> {
    const { members, loyalty } = this.core.services;
    const key = this.key(planned);
    const existing = await members.find(key);
    // Already there: written by an earlier run, or a member who left stays as they are.
    if (existing) {
      if (existing.referredBy && !existing.referralCredited) await loyalty.referrals.credit(existing, this.community);
      return;
    }
    const referrer = planned.referrer ? await members.find({ ...key, userId: planned.referrer }) : null;
    const { member, referrer: credited } = await members.join({
      ...key,
      displayName: planned.displayName,
      tier: this.community.defaultTier,
      referralCode: referrer?.status === 'active' ? referrer.referralCode : undefined,
      now: planned.joinAt,
    });
    if (planned.language === 'zh') await members.setLanguage(key, 'zh-CN');
    if (credited) await loyalty.referrals.credit(member, this.community);
  }

  private async step(planned: PlannedMember, step: PlannedStep): Promise<void> {
    const { loyalty, support } = this.core.services;
    const member = this.key(planned);
    const requestKey = (id: string) => `seed:${this.plan.tag}:${planned.userId}:${id}`;
    switch (step.kind) {
      case 'chat-day': {
        const { chat } = loyaltySettings(this.community);
        await loyalty.earnings.award(
          {
            member,
            basePoints: Math.min(step.messages * chat.points, chat.dailyCap),
            reason: 'chat-activity',
            source: 'rule',
            idempotencyKey: requestKey(`chat${step.day}`),
            occurredAt: step.at,
          },
          { community: this.community },
        );
        return;
      }
      case 'commerce':
        await loyalty.commerce.ingest(this.community, [this.commerceEvent(planned, step)], step.at);
        return;
      case 'feedback': {
        const outcome = await support.feedback.record({
          ...member,
          displayName: planned.displayName,
          channelId: step.channelId,
          text: step.text,
          source: 'command',
          requestId: requestKey(step.requestId),
          at: step.at,
        });
        if (outcome.ticket) this.tickets.set(requestKey(step.requestId), outcome.ticket.ticketId);
        return;
      }
      case 'close-ticket': {
        const ticketId = this.tickets.get(requestKey(step.requestId));
        if (ticketId) await support.tickets.close(member.communityId, ticketId, STAFF, step.at).catch(skipRefusal);
        return;
      }
      case 'redeem':
        return this.redeem(member, step.itemId, requestKey(step.requestKey), step.at);
      case 'fulfil':
        await loyalty.orders
          .fulfil(member.communityId, orderIdFor(member.communityId, requestKey(step.requestKey)), step.at)
          .catch(skipRefusal);
        return;
      case 'cancel': {
        const doc = await this.core.services.members.find(member);
        if (doc)
          await loyalty.orders
            .cancel(doc, orderIdFor(member.communityId, requestKey(step.requestKey)), step.at, {
              admin: false,
              windowHours: loyaltySettings(this.community).orderCancelHours,
            })
            .catch(skipRefusal);
        return;
      }
    }
  }

  /** As /redeem would: only an active member with the points, and the saga refuses what is sold out. */
  private async redeem(member: MemberKey, itemId: string, requestKey: string, at: Date): Promise<void> {
    const { members, loyalty } = this.core.services;
    const [doc, item] = await Promise.all([members.find(member), loyalty.catalog.find(member.communityId, itemId)]);
    if (!doc || doc.status !== 'active' || !item) return;
    // Short of points: skipped, unless this order was placed by an earlier run (then redeem replays it).
    const orderId = orderIdFor(member.communityId, requestKey);
    if (doc.pointsBalance < item.cost && !(await loyalty.orders.find(member.communityId, orderId))) return;
    await loyalty.orders.redeem(doc, item, requestKey, at).catch(skipRefusal);
  }

  private commerceEvent(planned: PlannedMember, step: Extract<PlannedStep, { kind: 'commerce' }>): CommerceEvent {
    const { type, id, itemId, amount } = step.event;
    const base = { id, userId: planned.userId, itemId, at: step.at.toISOString() };
    return type === 'purchase' ? { ...base, type, amount: amount ?? 1, currency: 'EUR' } : { ...base, type };
  }

  private key(planned: PlannedMember): MemberKey {
    return {
      communityId: this.community.communityId,
      platform: this.community.platform as Platform,
      userId: planned.userId,
    };
  }

  private dayOf(at: Date): number {
    return Math.min(this.plan.days - 1, Math.max(0, Math.floor((at.getTime() - this.plan.start.getTime()) / DAY_MS)));
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
