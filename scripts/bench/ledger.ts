// `npm run bench:ledger [-- --json] [-- --seconds N]`: ledger throughput and /redeem latency
// against the running MongoDB, in a scratch database that is dropped afterwards.
import { randomBytes } from 'node:crypto';
import { exitOnError, percentile, report, withScratchCore } from './scratch.ts';
import type { Core, MemberKey } from '../../core/index.ts';

const secondsArg = process.argv.indexOf('--seconds');
const SECONDS = secondsArg > 0 ? Number(process.argv[secondsArg + 1]) : 5;
const COMMUNITY = 'bench';
const SPREAD_MEMBERS = 10_000;

/** Runs `op` from `workers` concurrent loops for SECONDS; returns completed ops per second. */
async function throughput(workers: number, op: (n: number) => Promise<void>): Promise<number> {
  const deadline = Date.now() + SECONDS * 1000;
  let done = 0;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (Date.now() < deadline) {
        await op(done);
        done += 1;
      }
    }),
  );
  return done / ((Date.now() - started) / 1000);
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
  const earnOrSpend = (userId: string) => async () => {
    const n = (sequence += 1);
    const spend = n % 3 === 0;
    await ledger
      .apply({
        member: key(userId),
        delta: spend ? -1 : 2,
        kind: spend ? 'spend' : 'earn',
        reason: 'bench',
        source: 'import',
        idempotencyKey: `bench-${n}`,
      })
      .catch(() => undefined);
  };

  const hotMemberOpsPerSecond = await throughput(8, () => earnOrSpend('m0')());
  const spreadOpsPerSecond = await throughput(16, () =>
    earnOrSpend(`m${Math.floor(Math.random() * SPREAD_MEMBERS)}`)(),
  );

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
    redeemP50Ms: Number(percentile(latencies, 50).toFixed(1)),
    redeemP99Ms: Number(percentile(latencies, 99).toFixed(1)),
  };
  report(result, `ledger benchmark (${SECONDS}s per phase, ${SPREAD_MEMBERS} members)`, [
    ['hot member (1 member, 8 writers)', `${result.hotMemberOpsPerSecond} ops/s`],
    [`spread (${SPREAD_MEMBERS} members, 16 writers)`, `${result.spreadOpsPerSecond} ops/s`],
    ['/redeem p50', `${result.redeemP50Ms} ms`],
    ['/redeem p99', `${result.redeemP99Ms} ms`],
    [
      '/leaderboard p50 / p99 (all time and week)',
      `${percentile(board, 50).toFixed(1)} / ${percentile(board, 99).toFixed(1)} ms`,
    ],
  ]);
}

withScratchCore(bench).catch(exitOnError);
