import { randomBytes } from 'node:crypto';
import {
  processServerOptions,
  startHttpServer,
  type HttpRoutes,
  type HttpServer,
  type HttpServerOptions,
} from '../../bots/http/server.ts';
import { createCore, type Core, type CoreOptions } from '../../core/app.ts';
import { loadConfig } from '../../core/config.ts';
import type { DeliveryResult, NotificationTarget, Notifier } from '../../core/ports.ts';
import type { ButtonInvocation, CommandInvocation, InvokingUser, Reply } from '../../core/types.ts';
import { deletePrefixedKeys } from './redis-keys.ts';

export interface TestCore extends Core {
  dbName: string;
  /** Opens the MongoDB connection again after a test closed it (an outage). */
  reconnect(): Promise<void>;
  cleanup(): Promise<void>;
}

/** A core on its own database and Redis key prefix; refuses any database without `test` in its name. */
export async function createTestCore(
  label: string,
  options: CoreOptions = {},
  env: Record<string, string> = {},
): Promise<TestCore> {
  const suffix = randomBytes(4).toString('hex');
  const dbName = `loyalbot_test_${label}_${suffix}`.slice(0, 60);
  if (!dbName.includes('test')) throw new Error(`refusing to use database ${dbName}: its name lacks "test"`);
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent', REDIS_PREFIX: `test-${label}-${suffix}`, ...env });
  const core = await createCore(config, { dbName, ...options });
  return {
    ...core,
    dbName,
    async reconnect() {
      await core.connection.openUri(config.MONGODB_URI, {
        dbName,
        autoIndex: false,
        bufferCommands: false,
        serverSelectionTimeoutMS: 5_000,
      });
    },
    async cleanup() {
      await deletePrefixedKeys(core.redis, config.REDIS_PREFIX);
      await core.connection.dropDatabase();
      await core.close();
    },
  };
}

/** Records what would have been sent; `unreachable` lists users whose DMs are closed. */
export class RecordingNotifier implements Notifier {
  readonly sent: Array<{ target: NotificationTarget; message: Reply }> = [];
  readonly unreachable = new Set<string>();

  async send(target: NotificationTarget, message: Reply): Promise<DeliveryResult> {
    if (target.kind === 'member' && this.unreachable.has(target.userId)) return 'unreachable';
    this.sent.push({ target, message });
    return 'sent';
  }
}

export const people = {
  alice: { id: 'alice', displayName: 'Alice', role: 'member', locale: 'en-US' },
  bob: { id: 'bob', displayName: 'Bob', role: 'member', locale: 'en-US' },
  chen: { id: 'chen', displayName: '陈静', role: 'member', locale: 'zh-CN' },
  admin: { id: 'admin', displayName: 'Ada', role: 'admin', locale: 'en-US' },
} satisfies Record<string, InvokingUser>;

let sequence = 0;

/** Builds invocations for one community as an adapter would. */
export function invocations(communityId: string) {
  const base = (user: InvokingUser, invocationId?: string) => ({
    invocationId: invocationId ?? `inv-${Date.now()}-${(sequence += 1)}`,
    platform: 'console' as const,
    communityId,
    channelId: 'general',
    user,
  });
  return {
    command(
      user: InvokingUser,
      command: string,
      args: CommandInvocation['args'] = {},
      invocationId?: string,
    ): CommandInvocation {
      return { ...base(user, invocationId), command, args };
    },
    press(user: InvokingUser, action: string, invocationId?: string): ButtonInvocation {
      return { ...base(user, invocationId), action };
    },
  };
}

/** A clock the test moves by hand. */
export class ManualClock {
  constructor(private current = new Date('2026-06-01T12:00:00Z')) {}

  now(): Date {
    return new Date(this.current);
  }

  set(date: Date | string): void {
    this.current = new Date(date);
  }

  advanceDays(days: number): void {
    this.current = new Date(this.current.getTime() + days * 24 * 3600 * 1000);
  }

  advanceSeconds(seconds: number): void {
    this.current = new Date(this.current.getTime() + seconds * 1000);
  }
}

/** Joins people to a community through the dispatcher, as they would themselves. */
export async function joinAll(core: Core, communityId: string, users: InvokingUser[]): Promise<void> {
  const inv = invocations(communityId);
  for (const user of users) {
    const reply = await core.dispatcher.dispatch(inv.command(user, 'join'));
    if (reply.tone !== 'success') throw new Error(`join failed for ${user.id}: ${reply.text}`);
  }
}

export function member(id: string, role: InvokingUser['role'] = 'member'): InvokingUser {
  return { id, displayName: id[0]?.toUpperCase() + id.slice(1), role, locale: 'en-US' };
}

/** The bot's HTTP server with its production limits, on a free loopback port. */
export async function startTestServer(
  core: Core,
  routes: HttpRoutes[] = [],
  overrides: Partial<HttpServerOptions> = {},
): Promise<HttpServer> {
  return startHttpServer({ ...processServerOptions(core, 0, routes), host: '127.0.0.1', ...overrides });
}

/** Resolves once a condition holds, polling; fails after the timeout. */
export async function waitUntil(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
