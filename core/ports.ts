import { createHash } from 'node:crypto';
import type { Platform, Reply } from './types.ts';

/** Where a message goes: a member's direct messages or a community channel. */
export type NotificationTarget =
  | { kind: 'member'; platform: Platform; communityId: string; userId: string }
  | { kind: 'channel'; platform: Platform; communityId: string; channelId: string };

export type DeliveryResult = 'sent' | 'unreachable';

/** Sends messages outside a command's reply; each chat adapter provides one. */
export interface Notifier {
  /** Resolves `unreachable` when the platform refuses for good (closed DMs), throws on transient faults. */
  send(target: NotificationTarget, message: Reply): Promise<DeliveryResult>;
}

/** Keeps platform roles in step with membership tiers (Discord roles); optional per platform. */
export interface RoleSync {
  setTier(target: { platform: Platform; communityId: string; userId: string }, tier: string | null): Promise<void>;
}

/** Routes tier-role changes to the platform that has roles (Discord); others have none. */
export class RoleSyncRouter implements RoleSync {
  private readonly byPlatform = new Map<Platform, RoleSync>();

  register(platform: Platform, sync: RoleSync): void {
    this.byPlatform.set(platform, sync);
  }

  async setTier(
    target: { platform: Platform; communityId: string; userId: string },
    tier: string | null,
  ): Promise<void> {
    await this.byPlatform.get(target.platform)?.setTier(target, tier);
  }
}

/** Time source, replaceable in tests. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** Routes notifications to the adapter of the target's platform. */
export class NotifierRouter implements Notifier {
  private readonly byPlatform = new Map<Platform, Notifier>();

  register(platform: Platform, notifier: Notifier): void {
    this.byPlatform.set(platform, notifier);
  }

  /** A platform this process cannot reach (the console, from a worker) is unreachable, not an error to retry. */
  async send(target: NotificationTarget, message: Reply): Promise<DeliveryResult> {
    const notifier = this.byPlatform.get(target.platform);
    if (!notifier) return 'unreachable';
    return notifier.send(target, message);
  }
}

/**
 * Jobs that core itself puts on a queue (the others only run on their schedules). A job's
 * name is also its file (`jobs/definitions/<name>.ts`) and its queue; the worker refuses to
 * start when one of these has no definition.
 */
export const QUEUED_JOBS = [
  'dashboard-refresh',
  'feedback-record',
  'personas-refresh',
  'recommend-train',
  'webhook-deliver',
] as const;
export type QueuedJob = (typeof QUEUED_JOBS)[number];

export interface EnqueueOptions {
  /** The same id is never queued twice (a re-delivered request enqueues once); see jobIdFor. */
  jobId?: string;
  /** While a job with this id is waiting or running, more are ignored (one run at a time). */
  dedupeId?: string;
  delayMs?: number;
}

/** The queue job id for one run of a job per key, whatever characters the key holds (ids allow few). */
export function jobIdFor(job: QueuedJob, key: string): string {
  return `${job}-${createHash('sha256').update(key).digest('hex').slice(0, 32)}`;
}

/** Puts work on a queue to run in a worker, retried on failure. */
export interface JobScheduler {
  enqueue(job: QueuedJob, data: Record<string, unknown>, options?: EnqueueOptions): Promise<void>;
  /**
   * Removes a member's queued runs of a job (whatever state but running), whose data names
   * them by communityId, platform and userId: `/privacy delete` leaves none of their words behind.
   */
  forget(job: QueuedJob, member: { communityId: string; platform: string; userId: string }): Promise<number>;
}

/** A POST to a system a community registered (an outbound webhook). */
export interface OutboundPost {
  url: string;
  body: string;
  headers: Record<string, string>;
}

export type OutboundResult =
  { ok: true; status: number; ms: number } | { ok: false; status: number | null; error: string; ms: number };

/** Why a URL may not be called; `detail` names the address or scheme at fault. */
export interface OutboundRefusal {
  reason: 'invalid' | 'scheme' | 'credentials' | 'private-address' | 'unresolvable';
  detail: string;
}

/**
 * Outbound HTTP to URLs admins registered, filled in by the entry points
 * (bots/http/webhook-client.ts): a timeout, no redirects, and only public addresses, checked
 * for every address a host resolves to, at registration and again on each connection.
 */
export interface OutboundHttp {
  /** Checks a URL as a delivery would; null when it may be called. */
  refusal(url: string): Promise<OutboundRefusal | null>;
  /** Never throws: a refused address, a timeout or a network error is a failed result. */
  post(request: OutboundPost): Promise<OutboundResult>;
}
