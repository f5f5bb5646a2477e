// `npm run demo`: the bot on its embedded default — console chat with a seeded demo community.
import { createConsoleChat } from '../bots/console/index.ts';
import { createCore } from '../core/app.ts';
import { ConfigError, loadConfig } from '../core/config.ts';
import { seedDemoCommunity } from '../core/demo/demo-community.ts';
import { createLogger } from '../core/logger.ts';

async function main(): Promise<void> {
  const config = loadConfig({ LOG_LEVEL: 'warn', ...process.env });
  const core = await createCore(config, { logger: createLogger(config.LOG_LEVEL, 'demo') });
  try {
    await seedDemoCommunity(core, config.CONSOLE_COMMUNITY_ID);
    const chat = createConsoleChat(core, process.stdout);
    await chat.run(process.stdin, Boolean(process.stdin.isTTY));
  } finally {
    await core.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
