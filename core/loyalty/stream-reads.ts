import type { Model } from 'mongoose';
import { entryDocId } from '../db/ids.ts';

export interface Sequenced {
  _id: string;
  seq: number;
  communityId: string;
  idempotencyKey: string;
  /** Negative for a debit (points spent, stock claimed). */
  delta: number;
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
