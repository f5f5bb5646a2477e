import type { webApi } from '@slack/bolt';
import { BoundedCache, type InvokingUser, type Role } from '../../core/index.ts';

const FRESH_MS = 60_000;
/** Enough for every active user of many workspaces; the oldest entry goes first beyond it. */
const MAX_ENTRIES = 10_000;

interface Entry {
  role: Role;
  locale?: string;
  name: string;
}

/**
 * Who a Slack user is: display name, locale, and the role the workspace gives them (owners
 * and admins claim admin; core may raise it from community settings). Looked up with
 * users.info and kept for a minute, in a bounded cache.
 */
export class WorkspaceUsers {
  private readonly entries = new BoundedCache<string, Entry>(MAX_ENTRIES, FRESH_MS);

  constructor(private readonly tokenFor: (teamId: string) => Promise<string | undefined>) {}

  async lookup(teamId: string, userId: string, client: webApi.WebClient): Promise<InvokingUser> {
    const key = `${teamId}|${userId}`;
    const entry = this.entries.get(key) ?? (await this.fetch(key, teamId, userId, client));
    return { id: userId, displayName: entry.name, role: entry.role, locale: entry.locale };
  }

  /** The display name if known, without a lookup (chat messages arrive in bulk). */
  knownName(teamId: string, userId: string): string {
    return this.entries.peek(`${teamId}|${userId}`)?.name ?? userId;
  }

  private async fetch(key: string, teamId: string, userId: string, client: webApi.WebClient): Promise<Entry> {
    const token = await this.tokenFor(teamId);
    const info = await client.users.info({ token, user: userId, include_locale: true }).catch(() => null);
    const user = info?.user;
    const entry: Entry = {
      role: user?.is_owner || user?.is_admin ? 'admin' : 'member',
      locale: user?.locale,
      name: user?.profile?.display_name || user?.real_name || user?.name || userId,
    };
    this.entries.set(key, entry);
    return entry;
  }
}
