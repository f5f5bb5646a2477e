import type { Model } from 'mongoose';
import type { Models } from '../db/models.ts';
import { appliedKeyDocId, entryDocId } from '../db/ids.ts';

export interface Sequenced {
  _id: string;
  seq: number;
  communityId: string;
  idempotencyKey: string;
}

/**
 * One document by `_id` through the driver: the ledger's hot reads skip mongoose's query
 * building, which costs this process as much CPU as the store spends answering.
 */
export async function byId<T>(model: Model<T>, id: string): Promise<T | null> {
  return (await model.collection.findOne({ _id: id } as never)) as T | null;
}

/** A stream's seq as its cache document shows it (0 when none): where reading the stream starts. */
export async function cachedSeq<T>(model: Model<T>, id: string, field: string): Promise<number> {
  const doc = await model.collection.findOne({ _id: id } as never, { projection: { [field]: 1 } });
  const seq: unknown = doc?.[field];
  return typeof seq === 'number' ? seq : 0;
}

/** How far back a stream is read by `_id` for a repeated key before the key index is asked. */
const RECENT_WINDOW = 16;

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
  const hinted = await byId(model, entryDocId(streamId, from));
  if (!hinted) return from === 1 ? null : model.findOne(stream).sort({ seq: -1 }).lean<E>();
  return walkForward(model, streamId, hinted);
}

/** From an entry known to exist, the stream's last entry (by `_id`, one read per later entry). */
export async function walkForward<E extends Sequenced>(model: Model<E>, streamId: string, from: E): Promise<E> {
  let last = from;
  for (;;) {
    const next = await byId(model, entryDocId(streamId, last.seq + 1));
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
  const entries: Array<E | null> = await Promise.all(seqs.map((seq) => byId(model, entryDocId(streamId, seq))));
  return entries.filter((entry): entry is E => entry !== null);
}

/**
 * The entry a key was applied as. A repeat nearly always follows its first write closely on
 * the same stream, so the stream's newest entries are read by `_id` first; the key's unique
 * index (a scan on FerretDB) is asked only when the stream is longer than that, or when
 * `anyStream` says the key is known to be in the ledger (an insert collided on it).
 */
export async function findApplied<E extends Sequenced>(
  model: Model<E>,
  streamId: string,
  last: E | null,
  key: { communityId: string; idempotencyKey: string },
  anyStream: boolean,
): Promise<E | null> {
  if (last?.idempotencyKey === key.idempotencyKey) return last;
  const lastSeq = last?.seq ?? 0;
  const recent = await entriesBefore(model, streamId, lastSeq - 1, RECENT_WINDOW);
  const found = recent.find((entry) => entry.idempotencyKey === key.idempotencyKey);
  if (found) return found;
  if (!anyStream && lastSeq <= RECENT_WINDOW) return null;
  return model.findOne({ communityId: key.communityId, idempotencyKey: key.idempotencyKey }).lean<E>();
}

/**
 * Whether a key was applied (used to compensate half-done work). Markers by `_id` were
 * written for keys applied before entries alone carried the key; the key's index covers all.
 */
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
