import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyLedger } from '../../../core/loyalty/ledger-verify.ts';
import { UserError } from '../../../core/errors.ts';
import { createTestCore, invocations, joinAll, member, people, type TestCore } from '../../helpers/test-core.ts';

let core: TestCore;
const community = 'guild-ledger';
const inv = invocations(community);
const key = (userId: string) => ({ communityId: community, platform: 'console' as const, userId });

beforeAll(async () => {
  core = await createTestCore('ledger');
  await core.services.communities.ensure('console', community);
  await core.services.communities.update(community, { adminUserIds: ['admin'] });
  // These tests race many requests from one member on purpose: lift the rate limits.
  const plenty = { count: 10_000, windowSeconds: 60 };
  await core.services.communities.setLimits(community, { '*': plenty, redeem: plenty, orders: plenty });
});
afterAll(async () => core?.cleanup());

describe('points ledger', () => {
  it('applies a key once and returns the first result on replay', async () => {
    const { ledger } = core.services.loyalty;
    const change = {
      member: key('ida'),
      delta: 40,
      kind: 'earn' as const,
      reason: 'purchase',
      source: 'event' as const,
      idempotencyKey: 'evt-1',
    };
    const first = await ledger.apply(change);
    const again = await ledger.apply({ ...change, delta: 999 });
    expect(first.replayed).toBe(false);
    expect(again).toMatchObject({ replayed: true, entry: { seq: 1, delta: 40, balance: 40 } });
    expect(await core.models.PointsEntry.countDocuments({ communityId: community, userId: 'ida' })).toBe(1);
  });

  it('heals a balance left behind by a writer killed between its entry and its cache write', async () => {
    const { ledger } = core.services.loyalty;
    await core.services.members.join({ ...key('kit'), displayName: 'Kit', tier: 'free', now: new Date() });
    const change = {
      member: key('kit'),
      delta: 7,
      kind: 'earn' as const,
      reason: 'chat-activity',
      source: 'job' as const,
      idempotencyKey: 'kit-batch-1',
    };
    await ledger.apply(change);
    // As if the worker died after the insert: the member document still shows no points.
    await core.models.Member.updateOne(
      { communityId: community, userId: 'kit' },
      { $set: { pointsBalance: 0, ledgerSeq: 0, earnedTotal: 0 } },
    );
    expect(await ledger.apply(change)).toMatchObject({ replayed: true });
    const cached = await core.models.Member.findOne({ communityId: community, userId: 'kit' }).lean();
    expect(cached).toMatchObject({ pointsBalance: 7, ledgerSeq: 1, earnedTotal: 7 });
  });

  it('refuses a debit below zero and writes nothing', async () => {
    const { ledger } = core.services.loyalty;
    await ledger.apply({
      member: key('jo'),
      delta: 10,
      kind: 'earn',
      reason: 'purchase',
      source: 'event',
      idempotencyKey: 'jo-1',
    });
    await expect(
      ledger.apply({
        member: key('jo'),
        delta: -11,
        kind: 'spend',
        reason: 'redeem',
        source: 'order',
        idempotencyKey: 'jo-2',
      }),
    ).rejects.toThrow(UserError);
    expect(await ledger.totals(key('jo'))).toMatchObject({ balance: 10, seq: 1 });
  });

  it('serializes 40 concurrent writes into a gap-free sequence', async () => {
    const { ledger } = core.services.loyalty;
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        ledger.apply({
          member: key('kim'),
          delta: i % 2 === 0 ? 5 : 3,
          kind: 'earn',
          reason: 'purchase',
          source: 'event',
          idempotencyKey: `kim-${i}`,
        }),
      ),
    );
    const entries = await core.models.PointsEntry.find({ communityId: community, userId: 'kim' })
      .sort({ seq: 1 })
      .lean();
    expect(entries.map((e) => e.seq)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(entries.at(-1)?.balance).toBe(20 * 5 + 20 * 3);
    expect((await verifyLedger(core.models, community)).problems).toEqual([]);
  });
});

describe('50 concurrent redemptions by one member', () => {
  it('lets exactly one succeed when the balance covers exactly one', async () => {
    const buyer = member('lee');
    await joinAll(core, community, [buyer]);
    await core.dispatcher.dispatch(
      inv.command(people.admin, 'catalog', { action: 'add', item: 'mug', title: 'Club mug', cost: 100 }),
    );
    await core.dispatcher.dispatch(
      inv.command(people.admin, 'grant-points', { user: 'lee', amount: 100, reason: 'test' }),
    );

    const replies = await Promise.all(
      Array.from({ length: 50 }, () => core.dispatcher.dispatch(inv.command(buyer, 'redeem', { reward: 'mug' }))),
    );
    const ok = replies.filter((r) => r.tone === 'success');
    expect(ok).toHaveLength(1);
    expect(new Set(replies.filter((r) => r.tone !== 'success').map((r) => r.errorCode))).toEqual(
      new Set(['POINTS.INSUFFICIENT']),
    );
    expect((await core.services.loyalty.ledger.totals(key('lee'))).balance).toBe(0);
    expect(await core.models.Order.countDocuments({ communityId: community, userId: 'lee', status: 'placed' })).toBe(1);
    expect(await core.models.Order.countDocuments({ communityId: community, userId: 'lee', status: 'pending' })).toBe(
      0,
    );
    const report = await verifyLedger(core.models, community);
    expect(report.problems).toEqual([]);
    expect(report.entries).toBeGreaterThanOrEqual(2);
  });
});

describe('ledger verification', () => {
  it('reports a tampered running balance and a stale cache', async () => {
    const { ledger } = core.services.loyalty;
    await joinAll(core, 'guild-tamper', [member('max')]);
    const maxKey = { communityId: 'guild-tamper', platform: 'console' as const, userId: 'max' };
    await ledger.apply({
      member: maxKey,
      delta: 7,
      kind: 'earn',
      reason: 'purchase',
      source: 'event',
      idempotencyKey: 't-1',
    });
    await ledger.apply({
      member: maxKey,
      delta: 5,
      kind: 'earn',
      reason: 'purchase',
      source: 'event',
      idempotencyKey: 't-2',
    });
    expect((await verifyLedger(core.models, 'guild-tamper')).problems).toEqual([]);
    await core.models.PointsEntry.updateOne(
      { communityId: 'guild-tamper', userId: 'max', seq: 2 },
      { $set: { balance: 99 } },
    );
    const report = await verifyLedger(core.models, 'guild-tamper');
    expect(report.problems.some((p) => p.includes('balance 99, sum of deltas 12'))).toBe(true);
    expect(report.problems.some((p) => p.includes('cached balance 12'))).toBe(false);
    await core.models.Member.updateOne({ communityId: 'guild-tamper', userId: 'max' }, { $set: { pointsBalance: 3 } });
    expect(
      (await verifyLedger(core.models, 'guild-tamper')).problems.some((p) => p.includes('cached balance 3, ledger 12')),
    ).toBe(true);
  });
});
