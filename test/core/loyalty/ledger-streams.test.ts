import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../../core/errors.ts';
import { createLogger } from '../../../core/logger.ts';
import { verifyLedger } from '../../../core/loyalty/ledger-verify.ts';
import { PointsLedger, type PointsChange } from '../../../core/loyalty/points-ledger.ts';
import { StockLedger } from '../../../core/loyalty/stock-ledger.ts';
import { createTestCore, joinAll, member, type TestCore } from '../../helpers/test-core.ts';

let core: TestCore;
const community = 'guild-streams';
const key = (userId: string) => ({ communityId: community, platform: 'console' as const, userId });
const change = (userId: string, delta: number, idempotencyKey: string): PointsChange => ({
  member: key(userId),
  delta,
  kind: delta > 0 ? 'earn' : 'spend',
  reason: 'test',
  source: 'job',
  idempotencyKey,
});
const cached = (userId: string) => core.models.Member.findById(`${community}|console|${userId}`).lean();
const entries = (userId: string) =>
  core.models.PointsEntry.find({ communityId: community, userId }).sort({ seq: 1 }).lean();
/** A ledger of its own, as another bot or worker process has: no queue shared with the core's. */
const otherProcess = () => new PointsLedger(core.models, createLogger('silent'), { now: () => new Date() });

beforeAll(async () => {
  core = await createTestCore('ledger_streams');
  await core.services.communities.ensure('console', community);
  await joinAll(
    core,
    community,
    ['ana', 'bo', 'cy', 'di', 'ed', 'fay'].map((name) => member(name)),
  );
});
afterAll(async () => core?.cleanup());

describe('ledger streams written from several processes', () => {
  it('keeps one gap-free sequence, each key once, and a cache equal to the ledger', async () => {
    const ledgers = [core.services.loyalty.ledger, otherProcess(), otherProcess()];
    // Every key is sent by two of the three processes, as a retried job would be.
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        ledgers[i % 3]!.apply(change('ana', i % 4 === 3 ? -2 : 3, `ana-${i % 30}`)).catch((error: unknown) => error),
      ),
    );
    const written = await entries('ana');
    expect(written.map((entry) => entry.seq)).toEqual(written.map((_, i) => i + 1));
    expect(new Set(written.map((entry) => entry.idempotencyKey)).size).toBe(written.length);
    const fresh = results.filter(
      (result) => typeof result === 'object' && result && 'replayed' in result && !result.replayed,
    );
    expect(fresh).toHaveLength(written.length);
    expect(await cached('ana')).toMatchObject({ ledgerSeq: written.length, pointsBalance: written.at(-1)?.balance });
    expect((await verifyLedger(core.models, community)).problems).toEqual([]);
  });
});

describe('a repeated key', () => {
  it('is found long after its stream moved on, even when its spend could no longer be paid', async () => {
    const { ledger } = core.services.loyalty;
    await ledger.apply(change('bo', 10, 'bo-fund'));
    const spend = await ledger.apply(change('bo', -10, 'bo-spend'));
    for (let i = 0; i < 20; i += 1) await ledger.apply(change('bo', 1, `bo-earn-${i}`));
    await ledger.apply(change('bo', -20, 'bo-spend-all'));
    // The balance is 0 now: the repeat must still answer with the first result.
    expect(await ledger.apply(change('bo', -10, 'bo-spend'))).toEqual({ entry: spend.entry, replayed: true });
    expect(await ledger.apply(change('bo', 10, 'bo-fund'))).toMatchObject({ replayed: true, entry: { seq: 1 } });
    expect(await core.models.PointsEntry.countDocuments({ communityId: community, userId: 'bo' })).toBe(23);
  });

  it('sent many times at once is applied once', async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, () => core.services.loyalty.ledger.apply(change('cy', 4, 'cy-once'))),
    );
    expect(results.filter((result) => !result.replayed)).toHaveLength(1);
    expect(new Set(results.map((result) => result.entry._id)).size).toBe(1);
    expect(await entries('cy')).toHaveLength(1);
  });
});

describe('a refused spend', () => {
  it('reads the ledger by _id only, however long the history of the member', async () => {
    const { ledger } = core.services.loyalty;
    for (let i = 0; i < 40; i += 1) await ledger.apply(change('fay', 1, `fay-earn-${i}`));
    const filters: Array<Record<string, unknown>> = [];
    mongoose.set('debug', (collection: string, _method: string, filter: unknown) => {
      if (collection === 'ledger' || collection === 'applied_keys')
        filters.push((filter ?? {}) as Record<string, unknown>);
    });
    try {
      await expect(ledger.apply(change('fay', -50, 'fay-too-much'))).rejects.toBeInstanceOf(UserError);
    } finally {
      mongoose.set('debug', false);
    }
    expect(filters.length).toBeGreaterThan(0);
    // Anything but an _id lookup scans the whole collection on FerretDB.
    expect(filters.filter((filter) => !('_id' in filter))).toEqual([]);
  });
});

describe('a cache behind its ledger', () => {
  it('is caught up by the next write, which lands after the last entry', async () => {
    const { ledger } = core.services.loyalty;
    for (let i = 0; i < 5; i += 1) await ledger.apply(change('di', 2, `di-${i}`));
    // As a concurrent update of another field would leave it: an older, consistent copy.
    await core.models.Member.updateOne(
      { _id: `${community}|console|di` },
      { $set: { ledgerSeq: 2, pointsBalance: 4, earnedTotal: 4 } },
    );
    const next = await ledger.apply(change('di', -9, 'di-spend'));
    expect(next.entry).toMatchObject({ seq: 6, balance: 1 });
    expect(await cached('di')).toMatchObject({ ledgerSeq: 6, pointsBalance: 1, earnedTotal: 10 });
  });

  it('does not refuse a spend the ledger can pay', async () => {
    const { ledger } = core.services.loyalty;
    await ledger.apply(change('ed', 3, 'ed-0'));
    await otherProcess().apply(change('ed', 30, 'ed-1'));
    await core.models.Member.updateOne(
      { _id: `${community}|console|ed` },
      { $set: { ledgerSeq: 1, pointsBalance: 3, earnedTotal: 3 } },
    );
    expect((await ledger.apply(change('ed', -20, 'ed-spend'))).entry).toMatchObject({ seq: 3, balance: 13 });
    expect((await verifyLedger(core.models, community)).problems).toEqual([]);
  });
});

describe('the stock ledger from several processes', () => {
  it('never sells more than the stock', async () => {
    await core.services.loyalty.catalog.add(
      community,
      { itemId: 'pin', title: 'Pin', cost: 1, stock: 5 },
      'pin-added',
      new Date(),
    );
    const stocks = [core.services.loyalty.stock, new StockLedger(core.models), new StockLedger(core.models)];
    const claims = await Promise.allSettled(
      Array.from({ length: 18 }, (_, i) =>
        stocks[i % 3]!.apply({
          communityId: community,
          itemId: 'pin',
          change: { delta: -1 },
          idempotencyKey: `pin-claim-${i % 9}`,
          at: new Date(),
        }),
      ),
    );
    const fresh = claims.filter((claim) => claim.status === 'fulfilled' && !claim.value.replayed);
    expect(fresh).toHaveLength(5);
    expect(await core.services.loyalty.stock.current(community, 'pin')).toBe(0);
    expect(await core.models.Item.findById(`${community}|pin`).lean()).toMatchObject({ stock: 0 });
  });
});
