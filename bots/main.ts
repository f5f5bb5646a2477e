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
import { eventsRoutes } from './http/events-route.ts';
import { webhookClientFor } from './http/webhook-client.ts';
import { processServerOptions, startHttpServer } from './http/server.ts';
import { slackRoutes } from './http/slack-routes.ts';
import { SlackBot } from './slack/slack-bot.ts';
import { dashboardRoutes } from './web/routes.ts';

async function main(): Promise<void> {
  const config = loadConfig();
  const adapters = chosenAdapters(config);
  const scheduler = await createQueueScheduler(config);
  const core = await createCore(config, {
    logger: createLogger(config.LOG_LEVEL, 'bot'),
    jobs: scheduler,
    outbound: webhookClientFor(config),
  });
  const slack = adapters.includes('slack') ? new SlackBot(core, slackOptions(config)) : null;
  const slackListener = slack?.requestListener();
  const routes = [eventsRoutes(core), dashboardRoutes(core, { queues: scheduler.allQueues() })];
  if (slackListener) routes.push(slackRoutes(slackListener));
  const closers: Array<() => Promise<void>> = [() => scheduler.close(), () => core.close()];
  if (config.BOT_HTTP_SERVER === 'on') {
    const server = await startHttpServer(processServerOptions(core, config.HTTP_PORT, routes));
    closers.unshift(() => server.close());
  }
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
  const port = config.BOT_HTTP_SERVER === 'on' ? config.HTTP_PORT : null;
  core.logger.info({ adapters, port }, 'bot started');
  if (adapters.includes('console')) {
    await createConsoleChat(core, process.stdout).run(process.stdin, Boolean(process.stdin.isTTY));
    for (const close of closers) await close();
  }
}

main().catch(exitOnStartupError);
