// `npm run bot`: starts the chat adapters the configuration names (console when no tokens).
import {
  chosenAdapters,
  closeOnSignals,
  createCore,
  createLogger,
  exitOnStartupError,
  loadConfig,
} from '../core/index.ts';
import { createQueueScheduler } from '../jobs/runtime.ts';
import { discordBot, slackOptions } from './adapters.ts';
import { createConsoleChat } from './console/index.ts';
import { eventsRoute } from './http/events-route.ts';
import { startHttpServer, stopHttpServer } from './http/server.ts';
import { SlackBot } from './slack/slack-bot.ts';

async function main(): Promise<void> {
  const config = loadConfig();
  const adapters = chosenAdapters(config);
  const scheduler = await createQueueScheduler(config);
  const core = await createCore(config, { logger: createLogger(config.LOG_LEVEL, 'bot'), jobs: scheduler });
  const slack = adapters.includes('slack') ? new SlackBot(core, slackOptions(config)) : null;
  const routes = slack ? [eventsRoute(core), slack.route()] : [eventsRoute(core)];
  const server = await startHttpServer({
    host: config.HTTP_HOST,
    port: config.HTTP_PORT,
    health: core.health,
    metrics: core.metrics,
    routes,
  });
  const closers: Array<() => Promise<void>> = [
    () => stopHttpServer(server),
    () => scheduler.close(),
    () => core.close(),
  ];
  if (slack) {
    await slack.start();
    closers.unshift(() => slack.stop());
  }
  if (adapters.includes('discord')) {
    const discord = discordBot(core, config);
    await discord.start();
    closers.unshift(() => discord.stop());
  }
  closeOnSignals(core.logger, closers);
  core.logger.info({ adapters, port: config.HTTP_PORT }, 'bot started');
  if (adapters.includes('console')) {
    await createConsoleChat(core, process.stdout).run(process.stdin, Boolean(process.stdin.isTTY));
    for (const close of closers) await close();
  }
}

main().catch(exitOnStartupError);
