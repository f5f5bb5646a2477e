import { ERROR_CODES, UserError, type ErrorCode } from '../errors.ts';
import type { MemberDoc, Models } from '../db/models.ts';
import type { OrderDoc } from '../db/loyalty-models.ts';
import type { DomainEvents } from '../domain-events.ts';
import type { Platform } from '../types.ts';
import { digestReference, normalizeReference, orderDocId, type MemberRef } from '../db/ids.ts';
import { createOnce } from '../db/create-once.ts';
import { recordInteraction } from '../db/interactions.ts';
import { isAllowed, type CatalogItem } from './catalog.ts';
import type { PointsLedger } from './points-ledger.ts';
import type { StockLedger } from './stock-ledger.ts';

/** A 100-bit reference; the 40-bit ids of earlier versions still resolve. */
export const ORDER_ID_PATTERN = /^(?:[0-9A-HJKMNP-TV-Z]{20}|[A-F0-9]{10})$/;

/** Derived from the invocation, so a re-delivered /redeem finds its own order. */
export function orderIdFor(communityId: string, requestKey: string): string {
  return digestReference(`${communityId}:${requestKey}`);
}

const keys = (orderId: string) => ({
  spend: `order:${orderId}:spend`,
  refund: `order:${orderId}:refund`,
  claim: `order:${orderId}:claim`,
  release: `order:${orderId}:release`,
});

/**
 * Redemptions as a saga without transactions: a pending order, then the points spend, then
 * the stock claim, then `placed`. Any step that fails undoes the earlier ones with keyed
 * (so at-most-once) refund and release entries; a repair job finishes what a crash left.
 */
export type OwnedListener = (
  member: { communityId: string; platform: string; userId: string },
  itemId: string,
) => Promise<void>;

export class Orders {
  private readonly ownedListeners: OwnedListener[] = [];

  constructor(
    private readonly models: Models,
    private readonly ledger: PointsLedger,
    private readonly stock: StockLedger,
    private readonly events: DomainEvents,
  ) {}

  /** Told when a member comes to own an item (recommendations stop offering it). */
  onOwned(listener: OwnedListener): void {
    this.ownedListeners.push(listener);
  }

  async redeem(member: MemberDoc, item: CatalogItem, requestKey: string, now: Date): Promise<OrderDoc> {
    if (!item.active) throw new UserError('ITEM.INACTIVE', { item: item.title });
    if (!isAllowed(item, member.tier))
      throw new UserError('ITEM.TIER_LOCKED', { item: item.title, tiers: item.allowedTiers.join(', ') });
    if (item.stock != null && item.stock <= 0) throw new UserError('ITEM.OUT_OF_STOCK', { item: item.title });

    const order = await this.open(member, item, requestKey, now);
    if (order.status !== 'pending') return this.settled(order);
    const memberKey = { communityId: member.communityId, platform: member.platform as Platform, userId: member.userId };
    let spendRefused = false;
    try {
      if (order.cost > 0) {
        spendRefused = true;
        await this.ledger.apply({
          member: memberKey,
          delta: -order.cost,
          kind: 'spend',
          reason: 'redeem',
          source: 'order',
          idempotencyKey: keys(order.orderId).spend,
          meta: { orderId: order.orderId, itemId: item.itemId },
        });
        spendRefused = false;
      }
      if (order.limitedStock) {
        await this.stock.apply({
          communityId: order.communityId,
          itemId: order.itemId,
          change: { delta: -1 },
          idempotencyKey: keys(order.orderId).claim,
          at: now,
        });
      }
    } catch (error) {
      const failure = error instanceof UserError ? error.code : 'error';
      // A refused spend wrote nothing; anything else may have, so undo by checking.
      await this.fail(order, failure, now, !(spendRefused && error instanceof UserError));
      throw error instanceof UserError ? withItem(error, item) : error;
    }
    const placed = await this.transition(order, 'pending', 'placed', now);
    if (!placed) {
      // The repair job judged this order abandoned meanwhile; its undo stands.
      await this.compensate(order, now);
      throw new UserError('ORDER.INTERRUPTED', { order: order.orderId });
    }
    await this.recordRedeem(order, now);
    await this.tell('order.placed', order, now, {});
    for (const listener of this.ownedListeners) await listener(order, order.itemId).catch(() => undefined);
    return { ...order, status: 'placed' };
  }

  /**
   * Cancels a placed order and gives back its points and stock, once. A member cancels their
   * own order within the community's window (the shop may have shipped after it); an admin
   * cancels any order of the community at any time.
   */
  async cancel(actor: MemberRef, orderId: string, now: Date, rules: { admin: boolean; windowHours: number }) {
    const order = rules.admin ? await this.find(actor.communityId, orderId) : await this.ownOrder(actor, orderId);
    if (!order) throw new UserError('ORDER.NOT_FOUND', { order: orderId });
    const age = now.getTime() - order.createdAt.getTime();
    if (!rules.admin && order.status === 'placed' && age > rules.windowHours * 3600 * 1000) {
      throw new UserError('ORDER.CANCEL_WINDOW_PASSED', { order: order.orderId, hours: rules.windowHours });
    }
    if (!(await this.transition(order, 'placed', 'cancelled', now)))
      throw new UserError('ORDER.NOT_CANCELLABLE', { order: orderId, status: order.status });
    await this.compensate(order, now);
    await this.tell('order.cancelled', order, now, { by: rules.admin ? 'admin' : 'member' });
    return { ...order, status: 'cancelled' as const, compensated: true };
  }

  async fulfil(communityId: string, orderId: string, now: Date): Promise<OrderDoc> {
    const order = await this.find(communityId, orderId);
    if (!order) throw new UserError('ORDER.NOT_FOUND', { order: orderId });
    if (!(await this.transition(order, 'placed', 'fulfilled', now)))
      throw new UserError('ORDER.NOT_FULFILLABLE', { order: orderId, status: order.status });
    return { ...order, status: 'fulfilled' };
  }

  async listFor(member: MemberDoc, limit = 10): Promise<OrderDoc[]> {
    return this.models.Order.find({ communityId: member.communityId, platform: member.platform, userId: member.userId })
      .sort({ createdAt: -1 })
      .limit(limit)
      .lean<OrderDoc[]>();
  }

  async find(communityId: string, orderId: string): Promise<OrderDoc | null> {
    const id = normalizeReference(orderId);
    if (!ORDER_ID_PATTERN.test(id)) return null;
    return this.models.Order.findById(orderDocId(communityId, id)).lean<OrderDoc>();
  }

  /**
   * Finishes what crashes left: pending orders older than the cutoff fail and are undone;
   * cancelled or failed orders whose undo did not complete are undone again (idempotently).
   */
  async repair(olderThan: Date, now: Date): Promise<{ failed: number; compensated: number }> {
    let failed = 0;
    let compensated = 0;
    const stale = await this.models.Order.find({ status: 'pending', updatedAt: { $lt: olderThan } })
      .limit(500)
      .lean<OrderDoc[]>();
    for (const order of stale) {
      if (await this.transition(order, 'pending', 'failed', now, 'interrupted')) failed += 1;
    }
    const undone = await this.models.Order.find({ status: { $in: ['failed', 'cancelled'] }, compensated: false })
      .limit(500)
      .lean<OrderDoc[]>();
    for (const order of undone) {
      await this.compensate(order, now);
      compensated += 1;
    }
    return { failed, compensated };
  }

  /** Applies the refund and release for whatever steps happened; keyed, so repeats are no-ops. */
  async compensate(order: OrderDoc, now: Date): Promise<void> {
    const k = keys(order.orderId);
    const memberKey = { communityId: order.communityId, platform: order.platform as Platform, userId: order.userId };
    if (await this.ledger.has(order.communityId, k.spend)) {
      await this.ledger.apply({
        member: memberKey,
        delta: order.cost,
        kind: 'refund',
        reason: 'order-refund',
        source: 'order',
        idempotencyKey: k.refund,
        meta: { orderId: order.orderId },
      });
    }
    if (await this.stock.has(order.communityId, k.claim)) {
      await this.stock.apply({
        communityId: order.communityId,
        itemId: order.itemId,
        change: { delta: 1 },
        idempotencyKey: k.release,
        at: now,
      });
    }
    await this.models.Order.updateOne({ _id: order._id }, { $set: { compensated: true } });
  }

  private async open(member: MemberDoc, item: CatalogItem, requestKey: string, now: Date): Promise<OrderDoc> {
    const orderId = orderIdFor(member.communityId, requestKey);
    const order: OrderDoc = {
      _id: orderDocId(member.communityId, orderId),
      communityId: member.communityId,
      orderId,
      platform: member.platform,
      userId: member.userId,
      itemId: item.itemId,
      itemTitle: item.title,
      cost: item.cost,
      limitedStock: item.stock != null,
      status: 'pending',
      failure: null,
      compensated: false,
      createdAt: now,
      updatedAt: now,
    };
    if (await createOnce(this.models.Order, order)) return order;
    const existing = await this.find(member.communityId, orderId);
    if (!existing) throw new Error(`order ${orderId} collided with one that cannot be read`);
    return existing;
  }

  /** A repeated request for an order that already ended answers as the first one did. */
  private settled(order: OrderDoc): OrderDoc {
    if (order.status !== 'failed') return order;
    const code = (ERROR_CODES as readonly string[]).includes(order.failure ?? '')
      ? (order.failure as ErrorCode)
      : 'ORDER.INTERRUPTED';
    throw new UserError(code, { order: order.orderId, item: order.itemTitle, balance: 0, needed: order.cost });
  }

  private async fail(order: OrderDoc, failure: string, now: Date, mayHaveApplied: boolean): Promise<void> {
    await this.transition(order, 'pending', 'failed', now, failure);
    if (mayHaveApplied) await this.compensate(order, now);
    else await this.models.Order.updateOne({ _id: order._id }, { $set: { compensated: true } });
  }

  private async transition(
    order: OrderDoc,
    from: OrderDoc['status'],
    to: OrderDoc['status'],
    now: Date,
    failure?: string,
  ): Promise<boolean> {
    const result = await this.models.Order.updateOne(
      { _id: order._id, status: from },
      { $set: { status: to, updatedAt: now, ...(failure ? { failure } : {}) } },
    );
    return result.modifiedCount === 1;
  }

  private async tell(
    type: 'order.placed' | 'order.cancelled',
    order: OrderDoc,
    at: Date,
    extra: Record<string, unknown>,
  ): Promise<void> {
    await this.events.emit({
      type,
      key: order.orderId,
      communityId: order.communityId,
      at,
      member: { platform: order.platform, userId: order.userId },
      data: { orderId: order.orderId, itemId: order.itemId, itemTitle: order.itemTitle, cost: order.cost, ...extra },
      carriesText: false,
    });
  }

  private async ownOrder(member: MemberRef, orderId: string): Promise<OrderDoc | null> {
    const order = await this.find(member.communityId, orderId);
    return order && order.userId === member.userId && order.platform === member.platform ? order : null;
  }

  private async recordRedeem(order: OrderDoc, now: Date): Promise<void> {
    await recordInteraction(this.models, {
      communityId: order.communityId,
      eventId: `order:${order.orderId}`,
      platform: order.platform,
      userId: order.userId,
      itemId: order.itemId,
      type: 'redeem',
      weight: 5,
      query: null,
      at: now,
    });
  }
}

function withItem(error: UserError, item: CatalogItem): UserError {
  return new UserError(error.code, { item: item.title, ...error.params });
}
