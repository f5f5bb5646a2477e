// `npm run worker`: runs every background job and installs their schedules.
import { registerSenders } from '../bots/adapters.ts';
import { processServerOptions, startHttpServer } from '../bots/http/server.ts';
import { webhookClientFor } from '../bots/http/webhook-client.ts';
import { closeOnSignals, createCore, createLogger, exitOnStartupError, loadConfig } from '../core/index.ts';
import { createQueueScheduler, startJobRuntime } from './runtime.ts';

async function main(): Promise<void> {
  const config = loadConfig();
  const scheduler = await createQueueScheduler(config);
  const core = await createCore(config, {
    logger: createLogger(config.LOG_LEVEL, 'worker'),
    jobs: scheduler,
    outbound: webhookClientFor(config),
  });
  // DMs and channel posts from jobs go out through the platforms' APIs.
  registerSenders(core, config);
  const runtime = await startJobRuntime(core, scheduler, { schedules: true });
  const server = await startHttpServer(processServerOptions(core, config.WORKER_HTTP_PORT));
  core.logger.info({ jobs: runtime.workers.map((w) => w.name), port: config.WORKER_HTTP_PORT }, 'worker started');
  closeOnSignals(core.logger, [() => runtime.close(), () => server.close(), () => core.close()]);
}

main().catch(exitOnStartupError);
