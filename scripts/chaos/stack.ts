import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import mongoose from 'mongoose';
import { createCore, createLogger, loadConfig, type Core } from '../../core/index.ts';
import { createQueueScheduler } from '../../jobs/runtime.ts';
import type { QueueScheduler } from '../../jobs/queue-scheduler.ts';
import { SlackApiRecorder } from '../lib/slack-api.ts';
import { freePort, ManagedProcess, until } from './processes.ts';

export const SIGNING_SECRET = 'chaos-signing-secret';
export const TEAM = 'TCHAOS';

/**
 * Everything the fault suite breaks, of its own: a MongoDB-compatible server and a Redis on
 * free loopback ports with throwaway data, a bot (Slack over HTTP, its Web API a local
 * recorder) and a worker as child processes, with short timings so faults heal in seconds.
 */
export class ChaosStack {
  readonly dir = mkdtempSync(join(tmpdir(), 'loyalbot-chaos-'));
  readonly slack = new SlackApiRecorder();
  mongo!: ManagedProcess;
  redisServer!: ManagedProcess;
  bot!: ManagedProcess;
  worker!: ManagedProcess;
  /** A core in this process on the same stores: for seeding and for checking invariants. */
  core!: Core;
  scheduler!: QueueScheduler;
  redis!: Redis;
  botUrl = '';
  private env: NodeJS.ProcessEnv = {};

  async start(): Promise<void> {
    const binaries = Object.fromEntries(
      execFileSync('bash', ['scripts/services.sh', 'binaries'], { encoding: 'utf8' })
        .trim()
        .split('\n')
        .map((line) => line.split(' ') as [string, string]),
    );
    const [mongoPort, redisPort, botPort, workerPort] = await Promise.all([
      freePort(),
      freePort(),
      freePort(),
      freePort(),
    ]);
    this.mongo = this.mongoProcess(binaries, mongoPort);
    this.redisServer = new ManagedProcess(
      'redis',
      binaries['redis-server'] ?? 'redis-server',
      ['--bind', '127.0.0.1', '--port', String(redisPort), '--save', '', '--appendonly', 'no', '--dir', this.dir],
      process.env,
      join(this.dir, 'redis.log'),
    );
    await this.slack.start();
    this.slack.people.set('UADMIN', { name: 'Ada', admin: true });
    this.env = {
      ...process.env,
      MONGODB_URI: `mongodb://127.0.0.1:${mongoPort}/loyalbot_chaos`,
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      REDIS_PREFIX: 'chaos',
      LOG_LEVEL: 'warn',
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: String(botPort),
      WORKER_HTTP_PORT: String(workerPort),
      BOT_ADAPTERS: 'slack',
      SLACK_BOT_TOKEN: 'xoxb-chaos',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: `${this.slack.url}/api/`,
      // Faults heal in seconds instead of minutes.
      JOB_LOCK_MS: '2000',
      JOB_STORE_RETRY_MS: '200',
      JOB_SCHEDULES_REASSERT_SECONDS: '2',
      ORDER_REPAIR_AFTER_SECONDS: '2',
    };
    this.botUrl = `http://127.0.0.1:${botPort}`;
    this.mongo.start();
    this.redisServer.start();
    await this.waitForStores();
    const config = loadConfig({ ...this.env, LOG_LEVEL: 'silent' });
    this.scheduler = await createQueueScheduler(config);
    this.core = await createCore(config, { logger: createLogger('silent'), jobs: this.scheduler });
    this.redis = new Redis(this.env.REDIS_URL as string, { maxRetriesPerRequest: null });
    const node = (name: string, entry: string) =>
      new ManagedProcess(name, process.execPath, ['--import', 'tsx', entry], this.env, join(this.dir, `${name}.log`));
    this.bot = node('bot', 'bots/main.ts');
    this.worker = node('worker', 'jobs/main.ts');
    this.bot.start();
    this.worker.start();
    await until('the bot to answer', async () => (await fetch(`${this.botUrl}/healthz`)).ok, 60_000);
    await until('the worker to answer', async () => (await fetch(`http://127.0.0.1:${workerPort}/healthz`)).ok, 60_000);
  }

  /** Waits until MongoDB and Redis both answer (after a start or a restart). */
  async waitForStores(timeoutMs = 60_000): Promise<void> {
    const probe = new Redis(this.env.REDIS_URL as string, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await until('redis', async () => (await probe.ping()) === 'PONG', timeoutMs).finally(() => probe.disconnect());
    await until('the MongoDB-compatible server', () => this.mongoAnswers(), timeoutMs);
  }

  /** Stops everything; the logs are kept for a look when something failed. */
  async stop(keepLogs = false): Promise<void> {
    await Promise.allSettled([this.bot?.stop(), this.worker?.stop()]);
    await this.scheduler?.close().catch(() => undefined);
    await this.core?.close().catch(() => undefined);
    this.redis?.disconnect();
    await Promise.allSettled([this.mongo?.stop('SIGKILL'), this.redisServer?.stop('SIGKILL'), this.slack.stop()]);
    if (!keepLogs) rmSync(this.dir, { recursive: true, force: true });
  }

  private async mongoAnswers(): Promise<boolean> {
    const connection = mongoose.createConnection(this.env.MONGODB_URI as string, { serverSelectionTimeoutMS: 1000 });
    try {
      await connection.asPromise();
      await connection.db?.admin().ping();
      return true;
    } catch {
      return false;
    } finally {
      await connection.close().catch(() => undefined);
    }
  }

  private mongoProcess(binaries: Record<string, string>, port: number): ManagedProcess {
    const data = join(this.dir, 'mongo');
    execFileSync('mkdir', ['-p', join(data, 'data')]);
    if (binaries.mongod) {
      const args = ['--bind_ip', '127.0.0.1', '--port', String(port), '--dbpath', data];
      return new ManagedProcess('mongo', binaries.mongod, args, process.env, join(this.dir, 'mongo.log'));
    }
    const args = [
      '--handler=sqlite',
      `--sqlite-url=file:${data}/data/`,
      `--listen-addr=127.0.0.1:${port}`,
      `--state-dir=${data}`,
      '--debug-addr=-',
      '--telemetry=disable',
      '--log-level=warn',
    ];
    const env = { ...process.env, GOGC: process.env.FERRETDB_GOGC ?? '400' };
    return new ManagedProcess('mongo', binaries.ferretdb ?? '', args, env, join(this.dir, 'mongo.log'));
  }
}
