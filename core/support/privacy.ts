import { memberDocId, memberField, type MemberRef } from '../db/ids.ts';
import type { MemberDoc, Models } from '../db/models.ts';
import type { OrderDoc, PointsEntry } from '../db/loyalty-models.ts';
import type { FeedbackDoc, TicketDoc } from '../db/support-models.ts';
import type { CsatRatingDoc } from '../db/retention-models.ts';
import type { JobScheduler } from '../ports.ts';
import type { InvocationLog } from '../stores/invocation-log.ts';

export interface MemberExport {
  profile: Pick<
    MemberDoc,
    'displayName' | 'status' | 'tier' | 'joinedAt' | 'language' | 'referralCode' | 'pointsBalance'
  > | null;
  points: Array<Pick<PointsEntry, 'seq' | 'delta' | 'balance' | 'reason' | 'at'>>;
  feedback: Array<Pick<FeedbackDoc, 'text' | 'label' | 'score' | 'at' | 'source'>>;
  orders: Array<Pick<OrderDoc, 'orderId' | 'itemTitle' | 'cost' | 'status' | 'createdAt'>>;
  tickets: Array<Pick<TicketDoc, 'ticketId' | 'text' | 'status' | 'createdAt'>>;
  ratings: Array<Pick<CsatRatingDoc, 'ticketId' | 'rating' | 'comment' | 'ratedAt'>>;
}

export interface Erased {
  feedback: number;
  tickets: number;
  queued: number;
  answers: number;
}

const DELETED = '[deleted by the member]';

/** Erases a member's words from a store another part of core keeps; returns how many queued items it dropped. */
export type Eraser = (key: MemberRef) => Promise<number>;

/** A member's own data: everything stored about them, and erasure of what they wrote. */
export class Privacy {
  private readonly erasers: Eraser[] = [];

  constructor(
    private readonly models: Models,
    private readonly invocations: InvocationLog,
    private readonly jobs: JobScheduler | null,
  ) {}

  /** Outbound deliveries, and anything else that keeps copies of what members wrote, erase with the rest. */
  alsoErase(eraser: Eraser): void {
    this.erasers.push(eraser);
  }

  async export(key: MemberRef): Promise<MemberExport> {
    const scope = { communityId: key.communityId, platform: key.platform, userId: key.userId };
    const [member, points, feedback, orders, tickets, ratings] = await Promise.all([
      this.models.Member.findById(memberDocId(key)).lean<MemberDoc>(),
      this.models.PointsEntry.find(scope).sort({ seq: 1 }).lean<PointsEntry[]>(),
      this.models.Feedback.find(scope).sort({ at: 1 }).lean<FeedbackDoc[]>(),
      this.models.Order.find(scope).sort({ createdAt: 1 }).lean<OrderDoc[]>(),
      this.models.Ticket.find(scope).sort({ createdAt: 1 }).lean<TicketDoc[]>(),
      this.models.CsatRating.find(scope).sort({ ratedAt: 1 }).lean<CsatRatingDoc[]>(),
    ]);
    const profile = member && {
      displayName: member.displayName,
      status: member.status,
      tier: member.tier,
      joinedAt: member.joinedAt,
      language: member.language,
      referralCode: member.referralCode,
      pointsBalance: member.pointsBalance,
    };
    return {
      profile,
      points: points.map(({ seq, delta, balance, reason, at }) => ({ seq, delta, balance, reason, at })),
      feedback: feedback.map(({ text, label, score, at, source }) => ({ text, label, score, at, source })),
      orders: orders.map(({ orderId, itemTitle, cost, status, createdAt }) => ({
        orderId,
        itemTitle,
        cost,
        status,
        createdAt,
      })),
      tickets: tickets.map(({ ticketId, text, status, createdAt }) => ({ ticketId, text, status, createdAt })),
      ratings: ratings.map(({ ticketId, rating, comment, ratedAt }) => ({ ticketId, rating, comment, ratedAt })),
    };
  }

  /**
   * Erases every word the member wrote, wherever it was kept: feedback and kept messages,
   * ticket texts, their cancellation reason (on the member, in the audit log and in what
   * they told the save flow), rating comments, searches,
   * queued feedback not yet written, and the bot's remembered answers that quoted them. A
   * tombstone makes a queued write already running drop its text. The points ledger stays:
   * it is the record of a balance and holds no text of theirs.
   */
  async eraseWritings(key: MemberRef, now: Date): Promise<Erased> {
    const scope = { communityId: key.communityId, platform: key.platform, userId: key.userId };
    const _id = memberDocId(key);
    await this.models.Erasure.replaceOne(
      { _id },
      { _id, communityId: key.communityId, erasedAt: now },
      { upsert: true },
    );
    let queued = (await this.jobs?.forget('feedback-record', scope)) ?? 0;
    for (const erase of this.erasers) queued += await erase(key);
    const feedback = await this.models.Feedback.deleteMany(scope);
    const tickets = await this.models.Ticket.updateMany(scope, { $set: { text: DELETED, displayName: '' } });
    await this.models.Member.updateOne({ _id }, { $set: { cancelReason: null } });
    await this.models.SaveAttempt.updateMany({ ...scope, note: { $ne: null } }, { $set: { note: null } });
    await this.models.CsatRating.updateMany({ ...scope, comment: { $ne: null } }, { $set: { comment: null } });
    await this.models.Interaction.updateMany({ ...scope, query: { $ne: null } }, { $set: { query: null } });
    const answers = await this.invocations.forgetMember(key.communityId, memberField(key));
    return { feedback: feedback.deletedCount, tickets: tickets.modifiedCount, queued, answers };
  }

  /** Whether a write made at `at` comes from before the member erased their writings. */
  async erasedSince(key: MemberRef, at: Date): Promise<boolean> {
    const erasure = await this.models.Erasure.findById(memberDocId(key)).lean();
    return erasure !== null && erasure.erasedAt.getTime() >= at.getTime();
  }
}
