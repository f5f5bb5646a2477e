// `npm run demo [-- --members N --weeks W]`: the bot on its embedded default — console chat
// with a seeded demo community that has a past (generated once), and the background jobs
// running in the same process.
import { parseArgs } from 'node:util';
import { createConsoleChat } from '../bots/console/index.ts';
import { webhookClientFor } from '../bots/http/webhook-client.ts';
import {
  createCore,
  createLogger,
  DEMO_HISTORY,
  exitOnStartupError,
  loadConfig,
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
    const chat = createConsoleChat(core, process.stdout);
    await chat.run(process.stdin, Boolean(process.stdin.isTTY));
  } finally {
    await runtime.close();
    await core.close();
  }
}

main().catch(exitOnStartupError);
