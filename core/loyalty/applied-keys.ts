import type { Model } from 'mongoose';
import type { Models } from '../db/models.ts';
import { appliedKeyDocId } from '../db/ids.ts';
import { isDuplicateKeyError } from '../errors.ts';
import { byId, entriesBefore, type Sequenced } from './stream-reads.ts';

/** How far back a stream is read by `_id`, in rounds of this many, before the key's index is asked. */
const RECENT_ROUND = 16;
const RECENT_ROUNDS = 4;

/**
 * Where a ledger finds the entry an idempotency key was applied as. The entries' unique index
 * on the key refuses a repeat at the insert, so nothing is read before a write. Debits also
 * leave a marker by `_id`: a repeated debit may be refused (too few points, out of stock)
 * before any insert, and must still answer with its first result without a scan of the
 * ledger (every query but `_id` scans on FerretDB). Credits are never refused, so they need none.
 */
export class AppliedKeys<E extends Sequenced> {
  constructor(
    private readonly model: Model<E>,
    private readonly markers: Models['AppliedKey'],
    private readonly ledger: string,
  ) {}

  /** Marks the debits among entries just written (a repeat of an existing marker is fine). */
  async markDebits(entries: E[]): Promise<void> {
    const docs = entries
      .filter((entry) => entry.delta < 0)
      .map((entry) => ({ _id: this.markerId(entry.communityId, entry.idempotencyKey), entryId: entry._id }));
    if (docs.length === 0) return;
    try {
      await this.markers.collection.insertMany(docs as never[], { ordered: false });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
  }

  /**
   * The entry of a key known to be in the ledger (an insert collided on it): the stream's last
   * entry, a marker, the stream's newest entries, and only then the key's index (a scan on
   * FerretDB, for a credit repeated long after its stream moved on).
   */
  async findCollided(streamId: string, last: E | null, key: Key): Promise<E | null> {
    const quick = await this.findRefused(last, key);
    if (quick) return quick;
    for (let round = 0, seq = (last?.seq ?? 0) - 1; round < RECENT_ROUNDS && seq > 0; round += 1) {
      const recent = await entriesBefore(this.model, streamId, seq, RECENT_ROUND);
      const found = recent.find((entry) => entry.idempotencyKey === key.idempotencyKey);
      if (found) return found;
      seq -= RECENT_ROUND;
    }
    return this.model.findOne({ communityId: key.communityId, idempotencyKey: key.idempotencyKey }).lean<E>();
  }

  /**
   * The first result of a refused change, if it was applied before: a stream without entries
   * holds no key; otherwise the stream's last entry (an immediate retry) or the debit's marker.
   */
  async findRefused(last: E | null, key: Key): Promise<E | null> {
    if (!last) return null;
    if (last.idempotencyKey === key.idempotencyKey) return last;
    const marker = await byId(this.markers, this.markerId(key.communityId, key.idempotencyKey));
    return marker ? byId(this.model, marker.entryId) : null;
  }

  /** Whether a key was applied (used to compensate half-done work). */
  async has(communityId: string, idempotencyKey: string): Promise<boolean> {
    if (await this.markers.exists({ _id: this.markerId(communityId, idempotencyKey) })) return true;
    return (await this.model.exists({ communityId, idempotencyKey } as never)) !== null;
  }

  private markerId(communityId: string, idempotencyKey: string): string {
    return appliedKeyDocId(this.ledger, communityId, idempotencyKey);
  }
}

interface Key {
  communityId: string;
  idempotencyKey: string;
}
