// `npm run worker`: runs every background job and installs their schedules.
import { createCore } from '../core/app.ts';
import { loadConfig } from '../core/config.ts';
import { startHttpServer, stopHttpServer } from '../core/http/server.ts';
import { closeOnSignals, exitOnStartupError } from '../core/lifecycle.ts';
import { createLogger } from '../core/logger.ts';
import { queueConnection } from './connection.ts';
import { QueueScheduler } from './queue-scheduler.ts';
import { startWorkers } from './workers.ts';

async function main(): Promise<void> {
  const config = loadConfig();
  const core = await createCore(config, { logger: createLogger(config.LOG_LEVEL, 'worker') });
  const connection = queueConnection(config.REDIS_URL);
  const prefix = `${config.REDIS_PREFIX}:bull`;
  const scheduler = new QueueScheduler(connection, prefix);
  await scheduler.installSchedules();
  const workers = startWorkers(core, { connection, prefix });
  const server = await startHttpServer({ host: config.HTTP_HOST, port: config.WORKER_HTTP_PORT, health: core.health, metrics: core.metrics });
  core.logger.info({ jobs: workers.map((w) => w.name), port: config.WORKER_HTTP_PORT }, 'worker started');
  closeOnSignals(core.logger, [
    () => Promise.all(workers.map((w) => w.close())).then(() => undefined),
    () => scheduler.close(),
    () => stopHttpServer(server),
    async () => void (await connection.quit()),
    () => core.close(),
  ]);
}

main().catch(exitOnStartupError);
