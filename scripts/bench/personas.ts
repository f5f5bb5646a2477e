// `npm run bench:personas [-- --json] [-- --members N]`: persona refresh time and peak memory
// for N synthetic members (default 100,000), and /recommend latency through the dispatcher
// with picks precomputed in Redis. Runs in a scratch database that is dropped afterwards.
import { exitOnError, percentile, report, withScratchCore } from './scratch.ts';
import type { Core } from '../../core/index.ts';

const membersArg = process.argv.indexOf('--members');
const MEMBERS = membersArg > 0 ? Number(process.argv[membersArg + 1]) : 100_000;
const ITEMS = 120;
const COMMUNITY = 'bench';
const DAY = 24 * 3600 * 1000;

/** A seeded generator, so every run benchmarks the same community. */
function generator(seed: number) {
  let state = seed >>> 0;
  return () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

async function bench(core: Core): Promise<void> {
  const random = generator(42);
  const now = new Date();
  await core.services.communities.ensure('console', COMMUNITY);
  const items = Array.from({ length: ITEMS }, (_, i) => ({
    _id: `${COMMUNITY}|item${i}`,
    communityId: COMMUNITY,
    itemId: `item${i}`,
    title: `Item ${i}`,
    tags: [`tag${i % 12}`],
    cost: 10 + (i % 50),
    stock: null,
    active: true,
  }));
  await core.models.Item.insertMany(items);
  // Four behaviour groups, so the clustering has structure to find.
  for (let start = 0; start < MEMBERS; start += 2000) {
    const members = [];
    const interactions = [];
    for (let i = start; i < Math.min(start + 2000, MEMBERS); i += 1) {
      const group = i % 4;
      const userId = `m${i}`;
      members.push({
        _id: `${COMMUNITY}|console|${userId}`,
        communityId: COMMUNITY,
        platform: 'console',
        userId,
        displayName: userId,
        status: 'active',
        tier: 'free',
        joinedAt: new Date(now.getTime() - (30 + group * 200 + random() * 100) * DAY),
        referralCode: `R${i}`.padEnd(8, 'X'),
        ledgerSeq: Math.floor(random() * (group === 0 ? 80 : 8)),
        pointsBalance: Math.floor(random() * 500),
      });
      const purchases = group === 0 ? 4 : group === 1 ? 1 : 0;
      for (let p = 0; p < purchases; p += 1) {
        interactions.push({
          communityId: COMMUNITY,
          platform: 'console',
          userId,
          itemId: `item${Math.floor(random() * (group === 0 ? 40 : ITEMS))}`,
          type: 'purchase',
          weight: 8,
          query: null,
          eventId: `${userId}-${p}`,
          at: new Date(now.getTime() - random() * (group === 0 ? 20 : 300) * DAY),
        });
      }
    }
    await core.models.Member.insertMany(members, { ordered: false });
    if (interactions.length > 0) await core.models.Interaction.insertMany(interactions, { ordered: false });
  }

  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const started = performance.now();
  const snapshot = await core.services.insights.personas.refresh(COMMUNITY, now);
  const refreshSeconds = (performance.now() - started) / 1000;
  clearInterval(sampler);

  await core.services.insights.recommender.train(COMMUNITY, now);
  // 300 members spread over the whole community: each one's first request (member read from
  // MongoDB) and then the same requests again with the member in the Redis member cache.
  const sample = Array.from({ length: 300 }, (_, i) => `m${(i * 331) % MEMBERS}`);
  // Warm-up (not counted): module loading, JIT and connection pools, on other members.
  await timeRecommend(
    core,
    Array.from({ length: 20 }, (_, i) => `m${(i * 331 + 7) % MEMBERS}`),
    'warm',
  );
  const [cold, cached] = [await timeRecommend(core, sample, 'cold'), await timeRecommend(core, sample, 'cached')];
  const result = {
    members: MEMBERS,
    refreshSeconds: Number(refreshSeconds.toFixed(2)),
    peakMemoryMB: Math.round(peak / 1024 / 1024),
    recommendP50Ms: Number(percentile(cold, 50).toFixed(1)),
    recommendP99Ms: Number(percentile(cold, 99).toFixed(1)),
  };
  const timing = (name: string) =>
    Number(((snapshot?.timings as Record<string, number> | undefined)?.[name] ?? 0).toFixed(2));
  report(
    result,
    `persona and recommendation benchmark (${MEMBERS} members, ${ITEMS} items; ` +
      `k=${snapshot?.k}, silhouette ${snapshot?.silhouette})`,
    [
      ['persona refresh', `${result.refreshSeconds} s`],
      ['… reading members and interactions', `${timing('readSeconds')} s`],
      ['… clustering and assigning', `${timing('clusterSeconds')} s`],
      ['… storing snapshot and assignments', `${timing('storeSeconds')} s`],
      ['peak memory (RSS)', `${result.peakMemoryMB} MB`],
      ['/recommend p50 / p99, first request of 300 members', `${result.recommendP50Ms} / ${result.recommendP99Ms} ms`],
      [
        '/recommend p50 / p99, same members again (member cached)',
        `${percentile(cached, 50).toFixed(1)} / ${percentile(cached, 99).toFixed(1)} ms`,
      ],
    ],
  );
}

/** Sorted latencies of one /recommend per user through the dispatcher. */
async function timeRecommend(core: Core, users: string[], pass: string): Promise<number[]> {
  const latencies: number[] = [];
  for (const [i, userId] of users.entries()) {
    const started = performance.now();
    const reply = await core.dispatcher.dispatch({
      invocationId: `bench-rec-${pass}-${i}`,
      platform: 'console',
      communityId: COMMUNITY,
      user: { id: userId, displayName: userId, role: 'member' },
      command: 'recommend',
      args: {},
    });
    latencies.push(performance.now() - started);
    if (reply.errorCode) throw new Error(`recommend failed: ${reply.text}`);
  }
  return latencies.sort((a, b) => a - b);
}

withScratchCore(bench).catch(exitOnError);
