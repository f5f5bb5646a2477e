// `npm run demo`: the bot on its embedded default — console chat with a seeded demo
// community, and the background jobs running in the same process.
import { createConsoleChat } from '../bots/console/index.ts';
import { webhookClientFor } from '../bots/http/webhook-client.ts';
import { createCore, createLogger, exitOnStartupError, loadConfig, seedDemoCommunity } from '../core/index.ts';
import { createQueueScheduler, startJobRuntime } from '../jobs/runtime.ts';

async function main(): Promise<void> {
  const config = loadConfig({ LOG_LEVEL: 'warn', ...process.env });
  const scheduler = await createQueueScheduler(config);
  const core = await createCore(config, {
    logger: createLogger(config.LOG_LEVEL, 'demo'),
    jobs: scheduler,
    outbound: webhookClientFor(config),
  });
  const runtime = await startJobRuntime(core, scheduler, { schedules: false });
  try {
    await seedDemoCommunity(core, config.CONSOLE_COMMUNITY_ID);
    const chat = createConsoleChat(core, process.stdout);
    await chat.run(process.stdin, Boolean(process.stdin.isTTY));
  } finally {
    await runtime.close();
    await core.close();
  }
}

main().catch(exitOnStartupError);
