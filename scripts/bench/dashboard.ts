// `npm run bench:dashboard [-- --json] [-- --members N] [-- --days D] [-- --feedback-per-day F]`:
// seeds a community of N members (default 100,000) with D days (365) of feedback, refreshes
// personas and the dashboard figures as the jobs would, then times the dashboard's main data
// requests through the real HTTP server (full page, signed in as an admin) against GET
// /healthz as the raw baseline of the same run. Uses a scratch database, dropped afterwards.
import { processServerOptions, startHttpServer } from '../../bots/http/server.ts';
import { dashboardRoutes } from '../../bots/web/routes.ts';
import { seedBenchCommunity, type Core } from '../../core/index.ts';
import { exitOnError, percentile, withScratchCore } from './scratch.ts';

const COMMUNITY = 'bench';
const RUNS = 20;
const arg = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const size = { members: arg('members', 100_000), days: arg('days', 365), feedbackPerDay: arg('feedback-per-day', 200) };

interface Timing {
  path: string;
  status: number;
  p50Ms: number;
  p95Ms: number;
}

async function time(url: string, cookie: string): Promise<Omit<Timing, 'path'>> {
  const get = async () => {
    const started = performance.now();
    const response = await fetch(url, { headers: { cookie } });
    await response.arrayBuffer();
    return { ms: performance.now() - started, status: response.status };
  };
  await get();
  await get();
  const runs: number[] = [];
  let status = 0;
  for (let i = 0; i < RUNS; i += 1) {
    const run = await get();
    runs.push(run.ms);
    status = run.status;
  }
  runs.sort((a, b) => a - b);
  return { status, p50Ms: round(percentile(runs, 50)), p95Ms: round(percentile(runs, 95)) };
}

async function bench(core: Core) {
  const now = core.clock.now();
  const seeding = performance.now();
  const written = await seedBenchCommunity(core, COMMUNITY, size, now);
  const seeded = performance.now();
  await core.services.insights.personas.refresh(COMMUNITY, now);
  const personas = performance.now();
  // One running campaign, so the campaigns page has results to show.
  const admin = { id: 'admin', displayName: 'Admin', role: 'admin' as const };
  const campaign = { action: 'create', name: 'bench-double', start: 'now', end: '+7d', audience: 'all' };
  await core.dispatcher.dispatch({
    invocationId: `bench-campaign-${now.getTime()}`,
    platform: 'console',
    communityId: COMMUNITY,
    channelId: 'general',
    user: admin,
    command: 'campaign',
    args: { ...campaign, effect: 'multiplier', value: '2', earnings: 'chat' },
  });
  const figures = await core.services.figures.stats.refresh(COMMUNITY, now);
  const refreshed = performance.now();
  const server = await startHttpServer({
    ...processServerOptions(core, 0, [dashboardRoutes(core)]),
    host: '127.0.0.1',
  });
  try {
    const link = await core.dashboard.linkFor({
      platform: 'console',
      communityId: COMMUNITY,
      userId: 'admin',
      displayName: 'Admin',
      role: 'admin',
      locale: 'en',
    });
    const session = await core.dashboard.openWithLink(link.split('/').pop() ?? '');
    if (!session) throw new Error('could not sign in');
    const cookie = `loyalbot_dashboard=${session.id}`;
    const theme = figures.themes['30']?.negative[0]?.term ?? '';
    const paths = [
      '/dashboard/overview',
      '/dashboard/sentiment',
      '/dashboard/sentiment?range=365',
      '/dashboard/sentiment?range=365&label=negative&channel=help&language=en&page=5',
      `/dashboard/sentiment?theme=${encodeURIComponent(theme)}&side=negative`,
      '/dashboard/sentiment.csv?range=7',
      '/dashboard/support',
      '/dashboard/support?question=when%20do%20you%20ship',
      '/dashboard/personas',
      '/dashboard/recommendations',
      '/dashboard/catalog',
      '/dashboard/campaigns',
      '/dashboard/webhooks',
      '/dashboard/members?q=ma',
      '/dashboard/members?member=console%7Cb000042',
      '/dashboard/settings',
      '/dashboard/audit',
    ];
    const baseline = { path: '/healthz', ...(await time(`${server.url}/healthz`, cookie)) };
    const pages: Timing[] = [];
    for (const path of paths) pages.push({ path, ...(await time(`${server.url}${path}`, cookie)) });
    return {
      members: written.members,
      feedback: written.feedback,
      seconds: {
        seed: round((seeded - seeding) / 1000),
        personasRefresh: round((personas - seeded) / 1000),
        figuresRefresh: round((refreshed - personas) / 1000),
      },
      baseline,
      pages: pages.map((page) => ({ ...page, ratioToBaseline: round(page.p95Ms / Math.max(baseline.p95Ms, 0.1)) })),
    };
  } finally {
    await server.close();
  }
}

const round = (value: number) => Math.round(value * 10) / 10;

withScratchCore(bench)
  .then((result) => {
    if (process.argv.includes('--json')) return console.log(JSON.stringify(result));
    console.log(
      `dashboard with ${result.members} members and ${result.feedback} feedback over ${size.days} days ` +
        `(seeded in ${result.seconds.seed} s; persona refresh ${result.seconds.personasRefresh} s; ` +
        `figures refresh ${result.seconds.figuresRefresh} s); ${RUNS} requests each after a warm-up`,
    );
    console.log('| request | status | p50 ms | p95 ms | p95 / baseline |\n|---|---|---|---|---|');
    const { baseline } = result;
    console.log(`| ${baseline.path} (baseline) | ${baseline.status} | ${baseline.p50Ms} | ${baseline.p95Ms} | 1 |`);
    for (const page of result.pages)
      console.log(`| ${page.path} | ${page.status} | ${page.p50Ms} | ${page.p95Ms} | ${page.ratioToBaseline} |`);
  })
  .catch(exitOnError);
