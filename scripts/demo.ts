// `npm run demo [-- --members N --weeks W]`: the bot on its embedded default — console chat
// with a seeded demo community that has a past (generated once), the web dashboard on the
// bot's HTTP server (a sign-in link is printed), and the background jobs in the same process.
import { parseArgs } from 'node:util';
import { createConsoleChat } from '../bots/console/index.ts';
import { eventsRoutes } from '../bots/http/events-route.ts';
import { processServerOptions, startHttpServer } from '../bots/http/server.ts';
import { webhookClientFor } from '../bots/http/webhook-client.ts';
import { dashboardRoutes } from '../bots/web/routes.ts';
import {
  createCore,
  createLogger,
  DEMO_HISTORY,
  exitOnStartupError,
  loadConfig,
  DEMO_PEOPLE,
  seedDemoCommunity,
  seedHistory,
} from '../core/index.ts';
import { createQueueScheduler, startJobRuntime } from '../jobs/runtime.ts';

function historySize(): { members: number; weeks: number } {
  const { values } = parseArgs({ options: { members: { type: 'string' }, weeks: { type: 'string' } } });
  const members = Number(values.members ?? DEMO_HISTORY.members);
  const weeks = Number(values.weeks ?? DEMO_HISTORY.weeks);
  if (!Number.isInteger(members) || members < 1 || !Number.isInteger(weeks) || weeks < 1 || weeks > 104)
    throw new Error('--members and --weeks take whole numbers (weeks up to 104)');
  return { members, weeks };
}

async function main(): Promise<void> {
  const size = historySize();
  const config = loadConfig({ LOG_LEVEL: 'warn', ...process.env });
  const scheduler = await createQueueScheduler(config);
  const core = await createCore(config, {
    logger: createLogger(config.LOG_LEVEL, 'demo'),
    jobs: scheduler,
    outbound: webhookClientFor(config),
  });
  const runtime = await startJobRuntime(core, scheduler, { schedules: false });
  const routes = [eventsRoutes(core), dashboardRoutes(core, { queues: scheduler.allQueues() })];
  const server = await startHttpServer(processServerOptions(core, config.HTTP_PORT, routes));
  const say = (key: string, params: Record<string, unknown>) =>
    process.stdout.write(`${core.translator.t(config.DEFAULT_LOCALE, key, params)}\n`);
  try {
    const communityId = config.CONSOLE_COMMUNITY_ID;
    await seedDemoCommunity(core, communityId);
    const history = await seedHistory(core, communityId, {
      ...DEMO_HISTORY,
      ...size,
      // A demo database seeded with another size keeps the past it has.
      otherHistory: 'keep',
      onStart: () => say('console.seeding', size),
    });
    if (history.status === 'seeded') {
      const example = history.groups.find((group) => group.group === 'fading')?.example ?? '';
      say('console.seeded', { seconds: history.seconds.total, example });
    }
    const admin = DEMO_PEOPLE.admin;
    if (admin) {
      const url = await core.dashboard.linkFor({
        platform: 'console',
        communityId,
        userId: admin.id,
        displayName: admin.displayName,
        role: admin.role,
        locale: config.DEFAULT_LOCALE,
      });
      say('console.dashboardLink', { url, name: admin.displayName });
    }
    const chat = createConsoleChat(core, process.stdout);
    await chat.run(process.stdin, Boolean(process.stdin.isTTY));
  } finally {
    await server.close();
    await runtime.close();
    await core.close();
  }
}

main().catch(exitOnStartupError);
