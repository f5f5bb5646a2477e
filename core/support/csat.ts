import { routedButtonAction } from '../button-action.ts';
import { createOnce } from '../db/create-once.ts';
import type { CommunityDoc, MemberDoc, Models } from '../db/models.ts';
import type { CsatRatingDoc } from '../db/retention-models.ts';
import type { TicketDoc } from '../db/support-models.ts';
import { normalizeReference } from '../db/ids.ts';
import { UserError } from '../errors.ts';
import type { Translate } from '../i18n.ts';
import type { Earnings } from '../loyalty/earnings.ts';
import type { MemberNotices, NoticeRecipient } from '../loyalty/member-notices.ts';
import type { ButtonRoutes } from '../stores/button-routes.ts';
import type { Platform, ReplyButton } from '../types.ts';
import { quote, type FeedbackService } from './feedback.ts';
import { supportSettings } from './settings.ts';
import { TICKET_ID_PATTERN, type Tickets } from './tickets.ts';

const DAY_MS = 24 * 3600 * 1000;
/** A rating may be given or changed for this long after the ticket was closed, never after. */
export const RATING_WINDOW_MS = 7 * DAY_MS;
/** Ratings at or below this open a follow-up for the staff. */
const FOLLOW_UP_AT = 2;
/** The command whose buttons carry ratings (its `onButton` calls back here). */
const COMMAND = 'rate';

export interface Rated {
  rating: CsatRatingDoc;
  /** Points earned by this rating (only the first rating of a ticket earns). */
  pointsEarned: number;
  followUp: TicketDoc | null;
}

const windowEnd = (ticket: Pick<TicketDoc, 'closedAt'>) =>
  new Date((ticket.closedAt as Date).getTime() + RATING_WINDOW_MS);

/**
 * Customer satisfaction after a ticket is closed: the member gets 1–5 buttons by DM (routed,
 * since a DM has no community), may add a comment, and earns points once per ticket. A
 * rating of 1–2 opens a follow-up ticket and tells the staff channel, once. Ratings are the
 * member's own, and fixed once the ticket has been closed for 7 days.
 */
export class Csat {
  constructor(
    private readonly models: Models,
    private readonly tickets: Tickets,
    private readonly routes: ButtonRoutes,
    private readonly notices: MemberNotices,
    private readonly earnings: Earnings,
    private readonly feedback: FeedbackService,
  ) {}

  /**
   * The "your ticket was closed" DM to its author; a member also gets the rating buttons (one
   * who never joined has no points to earn). Says whether it was delivered.
   */
  async tellClosed(
    ticket: TicketDoc,
    author: NoticeRecipient,
    rateable: boolean,
    community: CommunityDoc,
    now: Date,
  ): Promise<boolean> {
    const buttons = rateable && ticket.closedAt ? await this.ratingButtons(ticket, author, now) : null;
    const points = supportSettings(community).csatPoints;
    return this.notices.tell(author, community, (t) => ({
      tone: 'info',
      title: t('tickets.closedDmTitle', { ticket: ticket.ticketId }),
      text: [
        t('tickets.closedDmText', { text: quote(ticket.text) }),
        buttons ? t(points > 0 ? 'csat.askPoints' : 'csat.ask', { points }) : null,
      ]
        .filter((line) => line !== null)
        .join('\n'),
      buttons: buttons?.(t),
    }));
  }

  /** A routed button for the ticket's member: it works in a DM and for nobody else. */
  async commentButton(ticket: TicketDoc, t: Translate, now: Date): Promise<ReplyButton> {
    const token = await this.route(ticket, ticket, now);
    return {
      label: t('csat.commentButton'),
      style: 'secondary',
      action: routedButtonAction(COMMAND, 'comment', token),
    };
  }

  /** The caller's own closed ticket, still open to rating. */
  async ratable(communityId: string, ticketRef: string, who: { platform: string; userId: string }, now: Date) {
    const id = normalizeReference(ticketRef);
    const ticket = TICKET_ID_PATTERN.test(id)
      ? await this.models.Ticket.findById(`${communityId}|${id}`).lean<TicketDoc>()
      : null;
    // Someone else's ticket is answered like an unknown one: it reveals nothing.
    if (!ticket || ticket.platform !== who.platform || ticket.userId !== who.userId)
      throw new UserError('TICKET.NOT_FOUND', { ticket: ticketRef });
    if (ticket.status !== 'closed' || !ticket.closedAt)
      throw new UserError('TICKET.NOT_CLOSED', { ticket: ticket.ticketId });
    if (now.getTime() > windowEnd(ticket).getTime())
      throw new UserError('CSAT.CLOSED', { ticket: ticket.ticketId, days: RATING_WINDOW_MS / DAY_MS });
    return ticket;
  }

  /** Records (or, within the window, changes) the rating; the first one earns points. */
  async rate(ticket: TicketDoc, rating: number, community: CommunityDoc, now: Date): Promise<Rated> {
    if (!Number.isInteger(rating) || rating < 1 || rating > 5) throw new UserError('BUTTON.INVALID');
    const _id = `${ticket.communityId}|${ticket.ticketId}`;
    const doc: CsatRatingDoc = {
      _id,
      communityId: ticket.communityId,
      ticketId: ticket.ticketId,
      platform: ticket.platform,
      userId: ticket.userId,
      staffId: ticket.closedBy ?? ticket.claimedBy ?? null,
      staffName: ticket.closedByName ?? null,
      closedAt: ticket.closedAt as Date,
      rating,
      ratedAt: now,
      changedAt: now,
      comment: null,
      commentScore: null,
      commentLabel: null,
      followUpTicketId: null,
    };
    if (!(await createOnce(this.models.CsatRating, doc))) {
      await this.models.CsatRating.updateOne({ _id }, { $set: { rating, changedAt: now } });
    }
    const stored = (await this.models.CsatRating.findById(_id).lean<CsatRatingDoc>()) ?? doc;
    const pointsEarned = await this.reward(ticket, community);
    const followUp = rating <= FOLLOW_UP_AT ? await this.followUp(ticket, stored, community, now) : null;
    return { rating: stored, pointsEarned, followUp };
  }

  /** The member's comment on their rating (one per ticket), scored for sentiment like feedback. */
  async comment(ticket: TicketDoc, text: string, displayName: string, now: Date): Promise<CsatRatingDoc> {
    const _id = `${ticket.communityId}|${ticket.ticketId}`;
    const rating = await this.models.CsatRating.findById(_id).lean<CsatRatingDoc>();
    if (!rating) throw new UserError('CSAT.NOT_RATED', { ticket: ticket.ticketId });
    if (rating.comment !== null) throw new UserError('CSAT.COMMENTED', { ticket: ticket.ticketId });
    const outcome = await this.feedback.record({
      communityId: ticket.communityId,
      platform: ticket.platform as Platform,
      userId: ticket.userId,
      displayName,
      channelId: null,
      text: text.slice(0, 1000),
      source: 'csat',
      requestId: `csat:${ticket.ticketId}`,
      at: now,
    });
    const scored = { comment: outcome.feedback.text, commentScore: outcome.feedback.score };
    await this.models.CsatRating.updateOne(
      { _id, comment: null },
      { $set: { ...scored, commentLabel: outcome.feedback.label } },
    );
    return { ...rating, ...scored, commentLabel: outcome.feedback.label };
  }

  private async ratingButtons(ticket: TicketDoc, member: Pick<MemberDoc, 'platform' | 'userId'>, now: Date) {
    const token = await this.route(ticket, member, now);
    return (t: Translate): ReplyButton[] =>
      [1, 2, 3, 4, 5].map((n) => ({
        label: t('csat.star', { rating: n }),
        style: n >= 4 ? 'success' : n <= FOLLOW_UP_AT ? 'danger' : 'secondary',
        action: routedButtonAction(COMMAND, `r${n}`, token),
      }));
  }

  /** A token naming the ticket's community and member, alive a little past the rating window. */
  private async route(ticket: TicketDoc, owner: Pick<MemberDoc, 'platform' | 'userId'>, now: Date): Promise<string> {
    const until = windowEnd(ticket).getTime() + DAY_MS - now.getTime();
    return this.routes.create(
      {
        communityId: ticket.communityId,
        platform: owner.platform,
        userId: owner.userId,
        command: COMMAND,
        argument: ticket.ticketId,
      },
      Math.max(until, DAY_MS) / 1000,
    );
  }

  private async reward(ticket: TicketDoc, community: CommunityDoc): Promise<number> {
    const points = supportSettings(community).csatPoints;
    if (points <= 0) return 0;
    const result = await this.earnings.award({
      member: { communityId: ticket.communityId, platform: ticket.platform as Platform, userId: ticket.userId },
      basePoints: points,
      reason: 'csat',
      source: 'rule',
      idempotencyKey: `csat:${ticket.ticketId}`,
    });
    return result && !result.replayed ? result.points : 0;
  }

  /** A follow-up ticket for the staff, opened once per rated ticket, and a word in the staff channel. */
  private async followUp(
    ticket: TicketDoc,
    rating: CsatRatingDoc,
    community: CommunityDoc,
    now: Date,
  ): Promise<TicketDoc> {
    const { ticket: opened, created } = await this.tickets.open({
      communityId: ticket.communityId,
      platform: ticket.platform as Platform,
      userId: ticket.userId,
      displayName: ticket.displayName,
      source: 'csat',
      sourceId: `csat:${ticket.ticketId}`,
      text: `${rating.rating}/5 · ${ticket.ticketId} · ${ticket.text}`,
      at: now,
    });
    if (created || rating.followUpTicketId !== opened.ticketId)
      await this.models.CsatRating.updateOne({ _id: rating._id }, { $set: { followUpTicketId: opened.ticketId } });
    const channelId = supportSettings(community).staffChannelId;
    if (channelId) {
      await this.notices.postOnce(`csat-follow-up:${ticket.ticketId}`, community, channelId, now, (t) => ({
        tone: 'warning',
        title: t('csat.followUpTitle', { ticket: opened.ticketId }),
        text: t('csat.followUpText', {
          user: ticket.displayName || ticket.userId,
          rating: rating.rating,
          ticket: ticket.ticketId,
          staff: rating.staffName || rating.staffId || '—',
          text: quote(ticket.text),
        }),
      }));
    }
    return opened;
  }
}
