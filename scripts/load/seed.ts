import type { Platform } from '../../core/index.ts';
import type { ServiceStack } from '../lib/stack.ts';

/** The load run's workspace (its community). */
export const TEAM = 'TLOAD';
export const ITEM = 'load-mug';
export const ITEM_COST = 50;
/** Below the first paid tier's threshold (500): every member stays on multiplier 1. */
export const STARTING_POINTS = 300;

export const memberKey = (userId: string) => ({ communityId: TEAM, platform: 'slack' as Platform, userId });

/**
 * The community with chat rules the run can count exactly (quality scoring off, no cooldown,
 * a cap out of reach: every distinct message earns one point), members with a starting
 * balance, and one catalog item with limited stock.
 */
export async function seedCommunity(stack: ServiceStack, members: string[], stock: number): Promise<void> {
  const { communities, loyalty } = stack.core.services;
  await communities.ensure('slack', TEAM, 'Load');
  await communities.setLoyalty(TEAM, {
    chat: { points: 1, cooldownSeconds: 0, dailyCap: 10_000, quality: false },
  });
  await loyalty.catalog.add(TEAM, { itemId: ITEM, title: 'Load mug', cost: ITEM_COST, stock }, ITEM, new Date());
  await inPool(members, 16, (userId) => seedMember(stack, userId));
}

async function seedMember(stack: ServiceStack, userId: string): Promise<void> {
  const { members, loyalty } = stack.core.services;
  await members.join({ ...memberKey(userId), displayName: userId, tier: 'free', now: new Date() });
  await loyalty.ledger.apply({
    member: memberKey(userId),
    delta: STARTING_POINTS,
    kind: 'adjust',
    reason: 'load-seed',
    source: 'import',
    idempotencyKey: `load:seed:${userId}`,
  });
}

/** Runs `task` over `items`, at most `width` at a time. */
export async function inPool<T>(items: T[], width: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const item = items[next] as T;
      next += 1;
      await task(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, lane));
}
