import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import mongoose from 'mongoose';
import { createCore, createLogger, loadConfig, type Core } from '../../core/index.ts';
import { createQueueScheduler } from '../../jobs/runtime.ts';
import type { QueueScheduler } from '../../jobs/queue-scheduler.ts';
import { SlackApiRecorder } from './slack-api.ts';
import { freePort, ManagedProcess, until } from './processes.ts';

export const SIGNING_SECRET = 'stack-signing-secret';

export interface StackOptions {
  /** Names the temporary directory, the database and the Redis prefix (`chaos`, `load`). */
  name: string;
  bots?: number;
  workers?: number;
  /** Extra settings for every bot and worker (shorter timings for the fault suite). */
  env?: Record<string, string>;
}

/**
 * A throwaway deployment of its own: a MongoDB-compatible server and a Redis on free loopback
 * ports, N bots (Slack over HTTP, each on its own port, the Web API a local recorder) and M
 * workers as child processes on those stores. The fault suite breaks it; the load run drives it.
 */
export class ServiceStack {
  readonly dir: string;
  readonly slack = new SlackApiRecorder();
  mongo!: ManagedProcess;
  redisServer!: ManagedProcess;
  readonly bots: ManagedProcess[] = [];
  readonly workers: ManagedProcess[] = [];
  /** Each bot's base URL, in the order of `bots`. */
  readonly botUrls: string[] = [];
  /** A core in this process on the same stores: for seeding and for checking invariants. */
  core!: Core;
  scheduler!: QueueScheduler;
  redis!: Redis;
  private env: NodeJS.ProcessEnv = {};

  constructor(private readonly options: StackOptions) {
    this.dir = mkdtempSync(join(tmpdir(), `loyalbot-${options.name}-`));
  }

  /** The first bot (the fault suite runs one). */
  get bot(): ManagedProcess {
    return this.bots[0] as ManagedProcess;
  }

  get worker(): ManagedProcess {
    return this.workers[0] as ManagedProcess;
  }

  get botUrl(): string {
    return this.botUrls[0] ?? '';
  }

  async start(): Promise<void> {
    const { name, bots = 1, workers = 1 } = this.options;
    const binaries = Object.fromEntries(
      execFileSync('bash', ['scripts/services.sh', 'binaries'], { encoding: 'utf8' })
        .trim()
        .split('\n')
        .map((line) => line.split(' ') as [string, string]),
    );
    const [mongoPort, redisPort] = await Promise.all([freePort(), freePort()]);
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
      MONGODB_URI: `mongodb://127.0.0.1:${mongoPort}/loyalbot_${name}`,
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      REDIS_PREFIX: name,
      LOG_LEVEL: 'warn',
      HTTP_HOST: '127.0.0.1',
      BOT_ADAPTERS: 'slack',
      SLACK_BOT_TOKEN: `xoxb-${name}`,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: `${this.slack.url}/api/`,
      ...this.options.env,
    };
    // Its own Redis: never a cluster the surrounding shell points at.
    delete this.env.REDIS_CLUSTER_NODES;
    this.mongo.start();
    this.redisServer.start();
    await this.waitForStores();
    const config = loadConfig({ ...this.env, LOG_LEVEL: 'silent' });
    this.scheduler = await createQueueScheduler(config);
    this.core = await createCore(config, { logger: createLogger('silent'), jobs: this.scheduler });
    this.redis = new Redis(this.env.REDIS_URL as string, { maxRetriesPerRequest: null });
    const healthUrls: string[] = [];
    for (let i = 0; i < bots; i += 1) {
      const port = await freePort();
      this.bots.push(this.node(`bot-${i + 1}`, 'bots/main.ts', { HTTP_PORT: String(port) }));
      this.botUrls.push(`http://127.0.0.1:${port}`);
      healthUrls.push(`http://127.0.0.1:${port}/healthz`);
    }
    for (let i = 0; i < workers; i += 1) {
      const port = await freePort();
      this.workers.push(this.node(`worker-${i + 1}`, 'jobs/main.ts', { WORKER_HTTP_PORT: String(port) }));
      healthUrls.push(`http://127.0.0.1:${port}/healthz`);
    }
    for (const child of [...this.bots, ...this.workers]) child.start();
    for (const url of healthUrls) await until(`${url} to answer`, async () => (await fetch(url)).ok, 90_000);
  }

  /** Waits until MongoDB and Redis both answer (after a start or a restart). */
  async waitForStores(timeoutMs = 60_000): Promise<void> {
    const probe = new Redis(this.env.REDIS_URL as string, { lazyConnect: true, maxRetriesPerRequest: 1 });
    // Refused connections are expected until the server is up; `until` retries.
    probe.on('error', () => undefined);
    await until('redis', async () => (await probe.ping()) === 'PONG', timeoutMs).finally(() => probe.disconnect());
    await until('the MongoDB-compatible server', () => this.mongoAnswers(), timeoutMs);
  }

  /** Stops everything; the logs are kept for a look when something failed. */
  async stop(keepLogs = false): Promise<void> {
    await Promise.allSettled([...this.bots, ...this.workers].map((child) => child.stop()));
    await this.scheduler?.close().catch(() => undefined);
    await this.core?.close().catch(() => undefined);
    this.redis?.disconnect();
    await Promise.allSettled([this.mongo?.stop('SIGKILL'), this.redisServer?.stop('SIGKILL'), this.slack.stop()]);
    if (!keepLogs) rmSync(this.dir, { recursive: true, force: true });
  }

  private node(name: string, entry: string, own: Record<string, string>): ManagedProcess {
    const args = ['--import', 'tsx', entry];
    return new ManagedProcess(name, process.execPath, args, { ...this.env, ...own }, join(this.dir, `${name}.log`));
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
