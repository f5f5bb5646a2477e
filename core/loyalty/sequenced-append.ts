import type { Model } from 'mongoose';
import type { Models } from '../db/models.ts';
import { appliedKeyDocId, entryDocId } from '../db/ids.ts';
import { isDuplicateKeyError } from '../errors.ts';

export interface Sequenced {
  _id: string;
  seq: number;
  communityId: string;
  idempotencyKey: string;
}

export interface AppendRequest<E extends Sequenced> {
  /** Which ledger: names the applied-key markers (`points`, `stock`). */
  ledger: string;
  model: Model<E>;
  markers: Models['AppliedKey'];
  /** Identifies one stream (a member's points, an item's stock); its entries are `<streamId>#<seq>`. */
  streamId: string;
  /** Where the stream's filter fields live, for the rare scan fallbacks. */
  stream: Record<string, string>;
  communityId: string;
  idempotencyKey: string;
  /** A recent seq of the stream (from a cache); lets the search for the last entry start close. */
  seqHint: number;
  /** Builds the next entry from the last one; throws to refuse (e.g. not enough points). */
  next(last: E | null): Omit<E, '_id' | 'seq' | 'idempotencyKey'>;
  maxAttempts?: number;
}

export interface AppendResult<E> {
  entry: E;
  /** True when the key was applied before: nothing new was written. */
  replayed: boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The last entry: from the hint, walk forward by `_id`. Streams start at seq 1 and entries
 * are never deleted, so without a hint the walk starts at 1 and a stream without entry 1
 * is empty (a query by sort scans the whole ledger on FerretDB); only a hint past the end
 * asks by sort.
 */
export async function lastEntry<E extends Sequenced>(
  model: Model<E>,
  streamId: string,
  stream: Record<string, string>,
  seqHint: number,
): Promise<E | null> {
  const from = Math.max(seqHint, 1);
  const hinted = await model.findById(entryDocId(streamId, from)).lean<E>();
  if (!hinted) return from === 1 ? null : model.findOne(stream).sort({ seq: -1 }).lean<E>();
  let last: E = hinted;
  for (;;) {
    const next: E | null = await model.findById(entryDocId(streamId, last.seq + 1)).lean<E>();
    if (!next) return last;
    last = next;
  }
}

/** A stream's newest entries back from `lastSeq`, newest first, each read by its id (no scan). */
export async function entriesBefore<E extends Sequenced>(
  model: Model<E>,
  streamId: string,
  lastSeq: number,
  limit: number,
): Promise<E[]> {
  const seqs = Array.from({ length: Math.max(0, Math.min(limit, lastSeq)) }, (_, i) => lastSeq - i);
  const entries: Array<E | null> = await Promise.all(
    seqs.map(async (seq): Promise<E | null> => (await model.findById(entryDocId(streamId, seq)).lean()) as E | null),
  );
  return entries.filter((entry): entry is E => entry !== null);
}

async function findApplied<E extends Sequenced>(request: AppendRequest<E>): Promise<E | null> {
  const marker = await request.markers
    .findById(appliedKeyDocId(request.ledger, request.communityId, request.idempotencyKey))
    .lean();
  return marker ? request.model.findById(marker.entryId).lean<E>() : null;
}

async function markApplied<E extends Sequenced>(request: AppendRequest<E>, entry: E): Promise<void> {
  try {
    await request.markers.collection.insertOne({
      _id: appliedKeyDocId(request.ledger, request.communityId, request.idempotencyKey),
      entryId: entry._id,
    } as never);
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
  }
}

/**
 * Appends entry seq+1 to a stream. Entry ids are `<stream>#<seq>`, so two writers that
 * read the same last entry collide on `_id` and the loser re-reads and retries: writes are
 * serialized without transactions or atomic $inc. A unique index on the idempotency key
 * makes a repeated key a no-op, and a marker by `_id` makes the repeat cheap to detect.
 */
export async function appendSequenced<E extends Sequenced>(request: AppendRequest<E>): Promise<AppendResult<E>> {
  const { model, streamId, stream, communityId, idempotencyKey } = request;
  const maxAttempts = request.maxAttempts ?? 500;
  const applied = await findApplied(request);
  if (applied) return { entry: applied, replayed: true };
  let hint = request.seqHint;
  for (let attempt = 0; attempt < maxAttempts; attempt += 1) {
    const last = await lastEntry(model, streamId, stream, hint);
    const seq = (last?.seq ?? 0) + 1;
    const entry = {
      ...request.next(last),
      ...stream,
      _id: entryDocId(streamId, seq),
      seq,
      idempotencyKey,
    } as unknown as E;
    try {
      await model.collection.insertOne(entry as never);
      await markApplied(request, entry);
      return { entry, replayed: false };
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
    const taken = await model.findById(entryDocId(streamId, seq)).lean<E>();
    if (!taken || taken.idempotencyKey === idempotencyKey) {
      // The key, not the seq, collided: it was applied (a crash may have lost its marker).
      const previous = taken ?? (await model.findOne({ communityId, idempotencyKey }).lean<E>());
      if (previous) {
        await markApplied(request, previous);
        return { entry: previous, replayed: true };
      }
    }
    hint = seq;
    // Lost the race for this seq: back off a little, with jitter, and re-read.
    await sleep(Math.random() * Math.min(1 + attempt, 10));
  }
  throw new Error(`could not append to ${model.modelName} stream ${streamId} after ${maxAttempts} attempts`);
}

/**
 * Copies a stream's last entry onto its cache document (a member's balance, an item's
 * stock), then looks once more: a writer that appended meanwhile may have been overwritten
 * by this copy, so it repeats until no entry follows the one copied.
 */
export async function settleCache<E extends Sequenced>(
  model: Model<E>,
  streamId: string,
  stream: Record<string, string>,
  knownSeq: number,
  write: (last: E) => Promise<void>,
): Promise<void> {
  let seq = knownSeq;
  for (let round = 0; round < 20; round += 1) {
    const last = await lastEntry(model, streamId, stream, seq);
    if (!last) return;
    await write(last);
    if (!(await model.exists({ _id: entryDocId(streamId, last.seq + 1) }))) return;
    seq = last.seq;
  }
}

/** Whether a key was applied (used to compensate half-done work). */
export async function wasApplied(
  markers: Models['AppliedKey'],
  model: Model<Sequenced>,
  ledger: string,
  communityId: string,
  idempotencyKey: string,
): Promise<boolean> {
  if (await markers.exists({ _id: appliedKeyDocId(ledger, communityId, idempotencyKey) })) return true;
  return (await model.exists({ communityId, idempotencyKey })) !== null;
}
