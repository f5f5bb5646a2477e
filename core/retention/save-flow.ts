import { randomBytes } from 'node:crypto';
import { memberDocId } from '../db/ids.ts';
import type { CommunityDoc, MemberDoc, Models } from '../db/models.ts';
import type { SaveAttemptDoc } from '../db/retention-models.ts';
import { UserError } from '../errors.ts';
import type { Earnings } from '../loyalty/earnings.ts';
import type { Pauses } from '../loyalty/pauses.ts';
import type { PointsLedger } from '../loyalty/points-ledger.ts';
import { loyaltySettings } from '../loyalty/settings.ts';
import { paidTierActive, tierRank, type Tiers } from '../loyalty/tiers.ts';
import type { Platform } from '../types.ts';
import { retentionSettings, type SaveReason } from './settings.ts';

/** What the save flow offers a member who is leaving, per the community's rules. */
export type Offer =
  | { kind: 'pause'; months: number[] }
  | { kind: 'downgrade'; from: string; tier: string }
  | { kind: 'bonus'; points: number };

/** What the member took. */
export type Accepted =
  | { kind: 'pause'; months: number; until: Date }
  | { kind: 'downgrade'; from: string; tier: string }
  | { kind: 'bonus'; points: number };

export const ATTEMPT_ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;

const bonusKey = (member: Pick<MemberDoc, 'platform' | 'userId'>) => `save-bonus:${member.platform}:${member.userId}`;

const keyOf = (member: MemberDoc) => ({
  communityId: member.communityId,
  platform: member.platform as Platform,
  userId: member.userId,
});

/**
 * A member cancelling their own membership is asked why and, per the community's rules,
 * offered one thing — a pause, a downgrade of their paid tier, or a one-time bonus — before
 * they confirm. Each attempt is a document: its reason, the offer shown, the outcome. State
 * moves by conditional updates, so a double press acts once, and each offer's effect is
 * idempotent by itself, so a press retried after a crash completes what is missing.
 */
export class SaveFlow {
  constructor(
    private readonly models: Models,
    private readonly loyalty: { pauses: Pauses; earnings: Earnings; ledger: PointsLedger; tiers: Tiers },
  ) {}

  async start(member: MemberDoc, note: string | null, now: Date): Promise<SaveAttemptDoc> {
    const attemptId = randomBytes(16).toString('base64url');
    const attempt: SaveAttemptDoc = {
      _id: `${member.communityId}|${attemptId}`,
      communityId: member.communityId,
      attemptId,
      platform: member.platform,
      userId: member.userId,
      startedAt: now,
      reason: null,
      note: note?.slice(0, 300) ?? null,
      offer: null,
      outcome: 'open',
      decidedAt: null,
      taken: null,
    };
    await this.models.SaveAttempt.collection.insertOne(attempt as never);
    return attempt;
  }

  /** The caller's own attempt, still open: anything else is someone else's or spent. */
  async open(communityId: string, attemptId: string, who: { platform: string; userId: string }) {
    if (!ATTEMPT_ID_PATTERN.test(attemptId)) throw new UserError('BUTTON.INVALID');
    const attempt = await this.models.SaveAttempt.findById(`${communityId}|${attemptId}`).lean<SaveAttemptDoc>();
    if (!attempt) throw new UserError('BUTTON.EXPIRED');
    if (attempt.platform !== who.platform || attempt.userId !== who.userId) throw new UserError('BUTTON.NOT_YOURS');
    if (attempt.outcome !== 'open') throw new UserError('BUTTON.EXPIRED');
    return attempt;
  }

  /** Records the reason (the first one chosen counts) and the offer it earns, if any applies. */
  async chooseReason(
    attempt: SaveAttemptDoc,
    reason: SaveReason,
    note: string | null,
    member: MemberDoc,
    community: CommunityDoc,
    now: Date,
  ): Promise<Offer | null> {
    const chosen = (attempt.reason as SaveReason | null) ?? reason;
    const offer = await this.offerFor(chosen, member, community, now);
    await this.models.SaveAttempt.updateOne(
      { _id: attempt._id, outcome: 'open', reason: null },
      { $set: { reason: chosen, offer: offer?.kind ?? null, ...(note ? { note: note.slice(0, 300) } : {}) } },
    );
    return offer;
  }

  /** The community's offer for a reason, when it applies to this member (else none). */
  async offerFor(reason: SaveReason, member: MemberDoc, community: CommunityDoc, now: Date): Promise<Offer | null> {
    const settings = retentionSettings(community);
    const kind = settings.offers[reason];
    if (kind === 'pause') {
      if (member.status !== 'active') return null;
      return { kind, months: Array.from({ length: settings.pauseMonths }, (_, i) => i + 1) };
    }
    if (kind === 'bonus') {
      const taken = await this.loyalty.ledger.has(member.communityId, bonusKey(member));
      return taken || member.status !== 'active' ? null : { kind, points: settings.bonusPoints };
    }
    if (kind === 'downgrade') {
      const loyalty = loyaltySettings(community);
      if (member.status !== 'active' || !member.paidTier || !paidTierActive(member, loyalty, now)) return null;
      const rank = tierRank(loyalty, member.paidTier);
      const lower = rank > 0 ? loyalty.tiers[rank - 1] : undefined;
      return lower && lower.threshold > 0 ? { kind, from: member.paidTier, tier: lower.name } : null;
    }
    return null;
  }

  /**
   * Applies the offer the attempt was shown, then closes the attempt as saved. The effect
   * comes first and is idempotent (a conditional pause, a keyed bonus, a conditional
   * downgrade), so a retry after a crash finishes the job without doing it twice.
   */
  async accept(
    attempt: SaveAttemptDoc,
    member: MemberDoc,
    community: CommunityDoc,
    months: number | null,
    now: Date,
  ): Promise<Accepted> {
    const reason = attempt.reason as SaveReason | null;
    const offer = reason ? await this.offerFor(reason, member, community, now) : null;
    const shown = offer && offer.kind === attempt.offer ? offer : null;
    const taken = await this.apply(shown, member, community, months, now);
    if (!taken) throw new UserError('BUTTON.EXPIRED');
    const done = await this.models.SaveAttempt.updateOne(
      { _id: attempt._id, outcome: 'open' },
      { $set: { outcome: 'accepted', decidedAt: now, taken } },
    );
    if (done.modifiedCount !== 1) throw new UserError('BUTTON.EXPIRED');
    return taken;
  }

  /** Closes the attempt as kept (the member changed their mind) or cancelled; false if already closed. */
  async decide(attempt: SaveAttemptDoc, outcome: 'kept' | 'cancelled', now: Date): Promise<boolean> {
    const done = await this.models.SaveAttempt.updateOne(
      { _id: attempt._id, outcome: 'open' },
      { $set: { outcome, decidedAt: now } },
    );
    return done.modifiedCount === 1;
  }

  private async apply(
    offer: Offer | null,
    member: MemberDoc,
    community: CommunityDoc,
    months: number | null,
    now: Date,
  ): Promise<Accepted | null> {
    if (offer?.kind === 'pause') {
      if (months === null || !offer.months.includes(months)) return null;
      const until = await this.loyalty.pauses.pause(member, months, now);
      return until ? { kind: 'pause', months, until } : null;
    }
    if (offer?.kind === 'bonus') {
      const result = await this.loyalty.earnings.award(
        {
          member: keyOf(member),
          basePoints: offer.points,
          reason: 'stay-bonus',
          source: 'rule',
          idempotencyKey: bonusKey(member),
        },
        { member, community },
      );
      return result ? { kind: 'bonus', points: result.points } : null;
    }
    if (offer?.kind === 'downgrade') {
      const moved = await this.models.Member.updateOne(
        { _id: memberDocId(keyOf(member)), paidTier: offer.from, status: 'active' },
        { $set: { paidTier: offer.tier } },
      );
      if (moved.modifiedCount !== 1) return null;
      await this.loyalty.tiers.reassess({ ...member, paidTier: offer.tier }, community, now, { allowDemotion: true });
      return { kind: 'downgrade', from: offer.from, tier: offer.tier };
    }
    return null;
  }
}
