import { UserError } from '../errors.ts';
import type { Models } from '../db/models.ts';
import type { PointsEntry } from '../db/loyalty-models.ts';
import type { Logger } from '../logger.ts';
import type { Clock } from '../ports.ts';
import type { MemberKey } from '../identity/members.ts';
import { memberDocId } from '../db/ids.ts';
import {
  AppliedKeys,
  cachedSeq,
  entriesBefore,
  lastEntry,
  SequencedStreams,
  type AppendResult,
} from './sequenced-append.ts';

export type EntryKind = PointsEntry['kind'];
export type EntrySource = PointsEntry['source'];

export interface PointsChange {
  member: MemberKey;
  /** Positive to credit, negative to debit; never zero. */
  delta: number;
  kind: EntryKind;
  reason: string;
  source: EntrySource;
  idempotencyKey: string;
  /** When it happened, if not now (a shop's purchase time): kept for analytics, never used for order. */
  occurredAt?: Date;
  meta?: Record<string, unknown>;
}

export interface MemberTotals {
  balance: number;
  earned: number;
  credited: number;
  debited: number;
  seq: number;
}

export type LedgerObserver = (entry: PointsEntry) => Promise<void>;

const ZERO: MemberTotals = { balance: 0, earned: 0, credited: 0, debited: 0, seq: 0 };

function streamOf(member: MemberKey): Record<string, string> {
  return { communityId: member.communityId, platform: member.platform, userId: member.userId };
}

/** The entry a change makes after `totals`; refuses a debit below zero. */
function nextEntry(
  totals: MemberTotals,
  change: PointsChange,
  at: Date,
): Omit<PointsEntry, '_id' | 'seq' | 'idempotencyKey'> {
  const balance = totals.balance + change.delta;
  if (balance < 0) throw new UserError('POINTS.INSUFFICIENT', { balance: totals.balance, needed: -change.delta });
  const credit = Math.max(change.delta, 0);
  return {
    communityId: change.member.communityId,
    platform: change.member.platform,
    userId: change.member.userId,
    delta: change.delta,
    balance,
    credited: totals.credited + credit,
    debited: totals.debited + Math.max(-change.delta, 0),
    earned: totals.earned + (change.kind === 'earn' || change.kind === 'adjust' ? credit : 0),
    kind: change.kind,
    reason: change.reason,
    source: change.source,
    at,
    occurredAt: change.occurredAt ?? null,
    meta: change.meta ?? {},
  };
}

/**
 * The points ledger: the only way points change. Each member's entries form a gap-free
 * sequence whose last entry holds the balance; a debit never takes it below zero.
 */
export class PointsLedger {
  private readonly observers: LedgerObserver[] = [];
  private readonly keys: AppliedKeys<PointsEntry>;
  private readonly streams: SequencedStreams<PointsEntry>;

  constructor(
    private readonly models: Models,
    private readonly logger: Logger,
    private readonly clock: Clock,
  ) {
    this.keys = new AppliedKeys(models.PointsEntry, models.AppliedKey, 'points');
    this.streams = new SequencedStreams(models.PointsEntry, this.keys, {
      seq: (id) => cachedSeq(models.Member, id, 'ledgerSeq'),
      // The member's copy of its last entry, read by commands and rankings.
      write: async (id, last) => {
        await models.Member.updateOne(
          { _id: id },
          { $set: { pointsBalance: last.balance, ledgerSeq: last.seq, earnedTotal: last.earned } },
        );
      },
    });
  }

  /** Derived views (leaderboards) follow the ledger; their failure never fails a write. */
  observe(observer: LedgerObserver): void {
    this.observers.push(observer);
  }

  /**
   * Appends one entry and, before returning, brings the member's cached balance up to it (a
   * replay heals a cache left behind by a writer killed between its entry and that copy).
   * Its `at` is the time of writing, so entries are in time order and expiry and rolling
   * tiers can trust it; an event's own time is kept as `occurredAt`.
   */
  async apply(change: PointsChange): Promise<AppendResult<PointsEntry>> {
    const at = this.clock.now();
    if (!Number.isSafeInteger(change.delta) || change.delta === 0)
      throw new Error(`invalid points delta ${change.delta}`);
    const stream = { streamId: memberDocId(change.member), stream: streamOf(change.member) };
    const result = await this.streams.append(stream, {
      communityId: change.member.communityId,
      idempotencyKey: change.idempotencyKey,
      next: (last) => nextEntry(last ?? ZERO, change, at),
    });
    if (!result.replayed) {
      for (const observer of this.observers) {
        await observer(result.entry).catch((error: unknown) =>
          this.logger.warn({ err: error }, 'ledger observer failed'),
        );
      }
    }
    return result;
  }

  async totals(member: MemberKey, seqHint?: number): Promise<MemberTotals> {
    const hint =
      seqHint ??
      (await this.models.Member.findById(memberDocId(member), { ledgerSeq: 1 }).lean<{ ledgerSeq?: number }>())
        ?.ledgerSeq ??
      0;
    return (await lastEntry(this.models.PointsEntry, memberDocId(member), streamOf(member), hint)) ?? ZERO;
  }

  /** Totals as they stood at a moment: the last entry at or before it. */
  async totalsAt(member: MemberKey, at: Date): Promise<MemberTotals> {
    const entry = await this.models.PointsEntry.findOne({ ...streamOf(member), at: { $lte: at } })
      .sort({ at: -1, seq: -1 })
      .lean<PointsEntry>();
    return entry ?? ZERO;
  }

  /** The newest entries, newest first: read by their ids back from the last one (no scan of the ledger). */
  async recent(member: MemberKey, limit = 5): Promise<PointsEntry[]> {
    const last = await this.totals(member);
    return entriesBefore(this.models.PointsEntry, memberDocId(member), last.seq, limit);
  }

  async has(communityId: string, idempotencyKey: string): Promise<boolean> {
    return this.keys.has(communityId, idempotencyKey);
  }
}
