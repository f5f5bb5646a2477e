import type { Models, MemberDoc } from '../db/models.ts';
import type { FeedbackDoc, TicketDoc } from '../db/support-models.ts';
import type { OrderDoc, PointsEntry } from '../db/loyalty-models.ts';
import { memberDocId, type MemberRef } from '../db/ids.ts';

export interface MemberExport {
  profile: Pick<
    MemberDoc,
    'displayName' | 'status' | 'tier' | 'joinedAt' | 'language' | 'referralCode' | 'pointsBalance'
  > | null;
  points: Array<Pick<PointsEntry, 'seq' | 'delta' | 'balance' | 'reason' | 'at'>>;
  feedback: Array<Pick<FeedbackDoc, 'text' | 'label' | 'score' | 'at' | 'source'>>;
  orders: Array<Pick<OrderDoc, 'orderId' | 'itemTitle' | 'cost' | 'status' | 'createdAt'>>;
  tickets: Array<Pick<TicketDoc, 'ticketId' | 'text' | 'status' | 'createdAt'>>;
}

/** A member's own data: everything stored about them, and erasure of what they wrote. */
export class Privacy {
  constructor(private readonly models: Models) {}

  async export(key: MemberRef): Promise<MemberExport> {
    const scope = { communityId: key.communityId, platform: key.platform, userId: key.userId };
    const [member, points, feedback, orders, tickets] = await Promise.all([
      this.models.Member.findById(memberDocId(key)).lean<MemberDoc>(),
      this.models.PointsEntry.find(scope).sort({ seq: 1 }).lean<PointsEntry[]>(),
      this.models.Feedback.find(scope).sort({ at: 1 }).lean<FeedbackDoc[]>(),
      this.models.Order.find(scope).sort({ createdAt: 1 }).lean<OrderDoc[]>(),
      this.models.Ticket.find(scope).sort({ createdAt: 1 }).lean<TicketDoc[]>(),
    ]);
    return {
      profile: member && {
        displayName: member.displayName,
        status: member.status,
        tier: member.tier,
        joinedAt: member.joinedAt,
        language: member.language,
        referralCode: member.referralCode,
        pointsBalance: member.pointsBalance,
      },
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
    };
  }

  /**
   * Deletes what the member wrote (feedback, kept messages) and blanks it in their tickets.
   * The points ledger stays: it is the record of a balance, and holds no text of theirs.
   */
  async eraseWritings(key: MemberRef): Promise<{ feedback: number; tickets: number }> {
    const scope = { communityId: key.communityId, platform: key.platform, userId: key.userId };
    const feedback = await this.models.Feedback.deleteMany(scope);
    const tickets = await this.models.Ticket.updateMany(scope, { $set: { text: '[deleted by the member]' } });
    return { feedback: feedback.deletedCount, tickets: tickets.modifiedCount };
  }
}
