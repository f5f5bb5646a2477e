import type { RedisClient } from '../stores/redis-client.ts';
import type { CommunityDoc } from '../db/models.ts';
import { memberField, type MemberRef } from '../db/ids.ts';
import type { Translate } from '../i18n.ts';
import type { MemberNotices } from '../loyalty/member-notices.ts';
import type { Reply } from '../types.ts';
import { supportSettings } from './settings.ts';

/** Staff hear of one member at most once in this window; the tickets themselves are all kept. */
const QUIET_SECONDS = 600;

/**
 * Alerts in the staff channel about a member's new ticket. A member who opens ticket after
 * ticket (or a macro that does) alerts the staff once per window: the rest wait in /tickets.
 */
export class StaffAlerts {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
    private readonly notices: MemberNotices,
  ) {}

  /** Posts about a ticket once, unless the member alerted staff lately; true when posted. */
  async alert(
    community: CommunityDoc,
    ticket: { ticketId: string; createdAt: Date } & MemberRef,
    compose: (t: Translate) => Omit<Reply, 'ephemeral'>,
  ): Promise<boolean> {
    const channelId = supportSettings(community).staffChannelId;
    if (!channelId) return false;
    const quiet = `${this.prefix}:staff-alert:{${community.communityId}}:${memberField(ticket)}`;
    if ((await this.redis.set(quiet, ticket.ticketId, 'EX', QUIET_SECONDS, 'NX')) !== 'OK') {
      // A retry of the request that set the window still gets its alert out (once, by ticket).
      if ((await this.redis.get(quiet)) !== ticket.ticketId) return false;
    }
    const key = `ticket-alert:${ticket.ticketId}`;
    return this.notices.postOnce(key, community, channelId, ticket.createdAt, compose);
  }
}
