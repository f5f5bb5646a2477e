import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { RedisClient } from './redis-client.ts';
import type { Locale } from '../i18n.ts';
import type { Platform, Role } from '../types.ts';

/** Who a dashboard session acts for: one user of one community, with the role they had when let in. */
export interface DashboardIdentity {
  platform: Platform;
  communityId: string;
  userId: string;
  displayName: string;
  role: Role;
  locale: Locale;
}

export interface DashboardSession extends DashboardIdentity {
  id: string;
  /** Sent with every state-changing request. */
  csrf: string;
}

const LINK_SECONDS = 600;
const SESSION_SECONDS = 8 * 3600;
const TOKEN = /^[A-Za-z0-9_-]{32,64}$/;

const random = () => randomBytes(24).toString('base64url');

/**
 * Dashboard sign-in: a one-time link (a random token, 10 minutes, taken atomically on first
 * use) opens a session (a random id, 8 hours from its last use, revocable) bound to one
 * platform, community, user and role. Both live in Redis.
 */
export class DashboardSessions {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
  ) {}

  async createLink(identity: DashboardIdentity): Promise<string> {
    const token = random();
    await this.redis.set(this.linkKey(token), JSON.stringify(identity), 'EX', LINK_SECONDS);
    return token;
  }

  /** Whether a link's token could still sign in, without using it (link previews only look). */
  async linkUsable(token: string): Promise<boolean> {
    return TOKEN.test(token) && (await this.redis.exists(this.linkKey(token))) === 1;
  }

  /** Takes a link's token: the session it opens, or null for a used, expired or forged one. */
  async openWithLink(token: string): Promise<DashboardSession | null> {
    if (!TOKEN.test(token)) return null;
    const raw = await this.redis.getdel(this.linkKey(token));
    if (!raw) return null;
    const session: DashboardSession = { ...(JSON.parse(raw) as DashboardIdentity), id: random(), csrf: random() };
    // The session's key and its user's index lie in different hash slots on a cluster, so no
    // MULTI: the index first, so every session that exists is in it (an id without its session
    // is harmless: signing out deletes nothing for it).
    const index = this.userIndex(session);
    await this.redis.multi().sadd(index, session.id).expire(index, SESSION_SECONDS).exec();
    await this.redis.set(this.sessionKey(session.id), JSON.stringify(session), 'EX', SESSION_SECONDS);
    return session;
  }

  /** The session behind a cookie, its 8 hours starting again; null when unknown or ended. */
  async find(id: string | undefined): Promise<DashboardSession | null> {
    if (!id || !TOKEN.test(id)) return null;
    const raw = await this.redis.getex(this.sessionKey(id), 'EX', SESSION_SECONDS);
    return raw ? (JSON.parse(raw) as DashboardSession) : null;
  }

  async update(session: DashboardSession): Promise<void> {
    await this.redis.set(this.sessionKey(session.id), JSON.stringify(session), 'EX', SESSION_SECONDS);
  }

  async signOut(id: string): Promise<void> {
    await this.redis.del(this.sessionKey(id));
  }

  /** Ends every session of a user in a community (`/dashboard signout`); returns how many. */
  async signOutEverywhere(identity: Pick<DashboardIdentity, 'platform' | 'communityId' | 'userId'>): Promise<number> {
    const index = this.userIndex(identity);
    const ids = await this.redis.smembers(index);
    // One DEL per session: sessions are spread over a cluster's hash slots.
    await Promise.all(ids.map((id) => this.redis.del(this.sessionKey(id))));
    await this.redis.del(index);
    return ids.length;
  }

  /** Compares a request's CSRF token with the session's, in constant time. */
  static csrfMatches(session: DashboardSession, given: unknown): boolean {
    if (typeof given !== 'string') return false;
    const [a, b] = [Buffer.from(session.csrf), Buffer.from(given)];
    return a.length === b.length && timingSafeEqual(a, b);
  }

  private linkKey(token: string): string {
    return `${this.prefix}:dash-link:${token}`;
  }

  private sessionKey(id: string): string {
    return `${this.prefix}:dash-session:${id}`;
  }

  private userIndex(identity: Pick<DashboardIdentity, 'platform' | 'communityId' | 'userId'>): string {
    return `${this.prefix}:dash-sessions-of:{${identity.communityId}}:${identity.platform}|${identity.userId}`;
  }
}
