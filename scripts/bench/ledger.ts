// `npm run bench:ledger [-- --json] [-- --seconds N]`: ledger throughput and /redeem latency
// against the running MongoDB, in a scratch database that is dropped afterwards, beside the
// store's raw insertOne / findOne / updateOne by _id at the same concurrency in the same run.
// The measures take turns in one-second slices, so a machine that gets busier or quieter
// during the run weighs on all of them alike and their ratios hold.
import { randomBytes } from 'node:crypto';
import { RawStore } from './raw-store.ts';
import { exitOnError, percentile, report, withScratchCore } from './scratch.ts';
import type { Core, MemberKey } from '../../core/index.ts';

const secondsArg = process.argv.indexOf('--seconds');
const SECONDS = secondsArg > 0 ? Number(process.argv[secondsArg + 1]) : 5;
const COMMUNITY = 'bench';
const SPREAD_MEMBERS = 10_000;
const HOT_WRITERS = 8;
const SPREAD_WRITERS = 16;

/** Completed operations and elapsed time of one measure, summed over its slices. */
class Rate {
  private ops = 0;
  private ms = 0;

  constructor(
    private readonly workers: number,
    private readonly op: () => Promise<void>,
  ) {}

  /** Runs the operation from `workers` concurrent loops for `seconds`. */
  async slice(seconds: number): Promise<void> {
    const started = Date.now();
    const deadline = started + seconds * 1000;
    await Promise.all(
      Array.from({ length: this.workers }, async () => {
        while (Date.now() < deadline) {
          await this.op();
          this.ops += 1;
        }
      }),
    );
    this.ms += Date.now() - started;
  }

  perSecond(): number {
    return this.ops / (this.ms / 1000);
  }
}

async function seedMembers(core: Core, count: number): Promise<void> {
  const now = new Date();
  for (let start = 0; start < count; start += 1000) {
    const docs = Array.from({ length: Math.min(1000, count - start) }, (_, i) => ({
      _id: `${COMMUNITY}|console|m${start + i}`,
      communityId: COMMUNITY,
      platform: 'console',
      userId: `m${start + i}`,
      displayName: `Member ${start + i}`,
      status: 'active',
      tier: 'free',
      joinedAt: now,
      referralCode: randomBytes(6).toString('hex').toUpperCase(),
    }));
    await core.models.Member.insertMany(docs, { ordered: false });
  }
}

async function bench(core: Core): Promise<void> {
  const { ledger } = core.services.loyalty;
  await core.services.communities.ensure('console', COMMUNITY);
  await seedMembers(core, SPREAD_MEMBERS);
  const key = (userId: string): MemberKey => ({ communityId: COMMUNITY, platform: 'console', userId });
  const at = new Date();
  let sequence = 0;
  /** One earn or spend (every third); true when it was refused (too few points). */
  const earnOrSpend = async (userId: string): Promise<boolean> => {
    const n = (sequence += 1);
    const spend = n % 3 === 0;
    return ledger
      .apply({
        member: key(userId),
        delta: spend ? -1 : 2,
        kind: spend ? 'spend' : 'earn',
        reason: 'bench',
        source: 'import',
        idempotencyKey: `bench-${n}`,
      })
      .then(
        () => false,
        () => true,
      );
  };

  const store = new RawStore(core.connection);
  const rawInsert = new Rate(SPREAD_WRITERS, store.insert);
  const rawFind = new Rate(SPREAD_WRITERS, store.findById);
  const rawUpdate = new Rate(SPREAD_WRITERS, store.updateById);
  const hot = new Rate(HOT_WRITERS, async () => {
    await earnOrSpend('m0');
  });
  const spreadTries = { ops: 0, refused: 0 };
  const spread = new Rate(SPREAD_WRITERS, async () => {
    const refused = await earnOrSpend(`m${Math.floor(Math.random() * SPREAD_MEMBERS)}`);
    spreadTries.ops += 1;
    if (refused) spreadTries.refused += 1;
  });
  const rounds = Math.max(1, Math.round(SECONDS));
  for (let round = 0; round < rounds; round += 1)
    for (const rate of [rawInsert, rawFind, rawUpdate, hot, spread]) await rate.slice(SECONDS / rounds);
  await store.drop();
  const raw = {
    rawInsertOpsPerSecond: Math.round(rawInsert.perSecond()),
    rawFindByIdOpsPerSecond: Math.round(rawFind.perSecond()),
    rawUpdateByIdOpsPerSecond: Math.round(rawUpdate.perSecond()),
  };
  const hotMemberOpsPerSecond = hot.perSecond();
  const spreadOpsPerSecond = spread.perSecond();
  // Spends on members with too few points are refused without a write; they count as operations.
  const spreadRefusedShare = spreadTries.refused / Math.max(1, spreadTries.ops);

  await core.services.loyalty.catalog.add(COMMUNITY, { itemId: 'coffee', title: 'Coffee', cost: 1 }, 'bench-item', at);
  const latencies: number[] = [];
  for (let i = 0; i < 300; i += 1) {
    const userId = `m${1 + (i % 500)}`;
    await ledger.apply({
      member: key(userId),
      delta: 5,
      kind: 'earn',
      reason: 'bench',
      source: 'import',
      idempotencyKey: `redeem-fund-${i}`,
    });
    const started = performance.now();
    const reply = await core.dispatcher.dispatch({
      invocationId: `bench-redeem-${i}`,
      platform: 'console',
      communityId: COMMUNITY,
      user: { id: userId, displayName: userId, role: 'member' },
      command: 'redeem',
      args: { reward: 'coffee' },
    });
    latencies.push(performance.now() - started);
    if (reply.tone !== 'success') throw new Error(`redeem failed: ${reply.text}`);
  }
  latencies.sort((a, b) => a - b);
  // The leaderboard of the 10,000-member community, with the caller's rank.
  const board: number[] = [];
  for (let i = 0; i < 100; i += 1) {
    const userId = `m${(i * 97) % SPREAD_MEMBERS}`;
    const started = performance.now();
    await core.dispatcher.dispatch({
      invocationId: `bench-lb-${i}`,
      platform: 'console',
      communityId: COMMUNITY,
      user: { id: userId, displayName: userId, role: 'member' },
      command: 'leaderboard',
      args: { period: i % 2 === 0 ? 'all' : 'week' },
    });
    board.push(performance.now() - started);
  }
  board.sort((a, b) => a - b);
  const result = {
    hotMemberOpsPerSecond: Math.round(hotMemberOpsPerSecond),
    spreadOpsPerSecond: Math.round(spreadOpsPerSecond),
    ...raw,
    spreadToRawInsertRatio: Number((spreadOpsPerSecond / raw.rawInsertOpsPerSecond).toFixed(3)),
    hotToRawInsertRatio: Number((hotMemberOpsPerSecond / raw.rawInsertOpsPerSecond).toFixed(3)),
    spreadRefusedShare: Number(spreadRefusedShare.toFixed(3)),
    redeemP50Ms: Number(percentile(latencies, 50).toFixed(1)),
    redeemP99Ms: Number(percentile(latencies, 99).toFixed(1)),
  };
  report(result, `ledger benchmark (${SECONDS}s per phase, ${SPREAD_MEMBERS} members)`, [
    [
      `raw insertOne / findOne by _id / updateOne by _id (${SPREAD_WRITERS} clients)`,
      `${raw.rawInsertOpsPerSecond} / ${raw.rawFindByIdOpsPerSecond} / ${raw.rawUpdateByIdOpsPerSecond} ops/s`,
    ],
    [`hot member (1 member, ${HOT_WRITERS} writers)`, `${result.hotMemberOpsPerSecond} ops/s`],
    [`spread (${SPREAD_MEMBERS} members, ${SPREAD_WRITERS} writers)`, `${result.spreadOpsPerSecond} ops/s`],
    ['spread / raw insertOne', `${result.spreadToRawInsertRatio}`],
    ['hot member / raw insertOne', `${result.hotToRawInsertRatio}`],
    ['spread operations refused (too few points)', `${(spreadRefusedShare * 100).toFixed(0)}%`],
    ['/redeem p50', `${result.redeemP50Ms} ms`],
    ['/redeem p99', `${result.redeemP99Ms} ms`],
    [
      '/leaderboard p50 / p99 (all time and week)',
      `${percentile(board, 50).toFixed(1)} / ${percentile(board, 99).toFixed(1)} ms`,
    ],
  ]);
}

withScratchCore(bench).catch(exitOnError);
