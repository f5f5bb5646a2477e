import type { Model } from 'mongoose';
import { entryDocId } from '../db/ids.ts';
import { isDuplicateKeyError } from '../errors.ts';
import type { AppliedKeys } from './applied-keys.ts';
import { byId, walkForward, type Sequenced } from './stream-reads.ts';

export interface StreamRef {
  /** Identifies one stream; its entries are `<streamId>#<seq>`. */
  streamId: string;
  /** Where the stream's filter fields live, for the rare scan fallbacks. */
  stream: Record<string, string>;
}

export interface Append<E extends Sequenced> {
  communityId: string;
  idempotencyKey: string;
  /** Builds the next entry from the last one; throws to refuse (e.g. not enough points). */
  next(last: E | null): Omit<E, '_id' | 'seq' | 'idempotencyKey'>;
}

export interface AppendResult<E> {
  entry: E;
  /** True when the key was applied before: nothing new was written. */
  replayed: boolean;
}

export type Outcome<E> = { result: AppendResult<E> } | { error: unknown };

/** Where a stream stands before a batch: its last entry as last seen. */
export interface StreamStart<E> {
  last: E | null;
  /** Read past `last` after the batch's changes arrived: it is the end, so a refusal can stand. */
  atEnd: boolean;
}

interface Plan<E, C> {
  entries: Array<{ change: C; entry: E }>;
  refused: Array<{ change: C; error: unknown }>;
}

const MAX_ATTEMPTS = 500;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Decides a batch of changes to one stream, in their order. Entry ids are `<stream>#<seq>`,
 * so two writers that read the same last entry collide on `_id` and the loser re-reads:
 * writes are serialized without transactions or atomic $inc. The unique index on the
 * idempotency key refuses a repeated key at the insert, so nothing is read to look for it
 * first. Returns each change's outcome and the stream's last entry.
 */
export async function decideBatch<E extends Sequenced, C extends Append<E>>(
  model: Model<E>,
  keys: AppliedKeys<E>,
  ref: StreamRef,
  batch: C[],
  start: StreamStart<E>,
): Promise<{ outcomes: Map<C, Outcome<E>>; last: E | null }> {
  let last = start.last;
  // Whether `last` is proven to be the stream's end (an insert after it or a read past it).
  let proven = start.atEnd;
  const outcomes = new Map<C, Outcome<E>>();
  for (let attempt = 0, open = batch; open.length > 0; attempt += 1) {
    if (attempt >= MAX_ATTEMPTS)
      throw new Error(`could not append to ${model.modelName} stream ${ref.streamId} after ${attempt} attempts`);
    const plan = planEntries(ref, open, last);
    const failed = await insertInOrder(
      model,
      plan.entries.map(({ entry }) => entry),
    );
    const inserted = plan.entries.slice(0, failed ?? plan.entries.length);
    await keys.markDebits(inserted.map(({ entry }) => entry));
    for (const { change, entry } of inserted) outcomes.set(change, { result: { entry, replayed: false } });
    last = inserted.at(-1)?.entry ?? last;
    proven ||= plan.entries.length > 0;
    if (failed !== null) {
      last = await collided(model, keys, ref, last, plan.entries[failed]!, outcomes, attempt);
    } else if (plan.refused.length > 0) {
      // A refusal stands only against the stream's true end: a later entry may allow it.
      const later = proven ? null : await byId(model, entryDocId(ref.streamId, (last?.seq ?? 0) + 1));
      proven = true;
      if (later) last = await walkForward(model, ref.streamId, later);
      else for (const { change, error } of plan.refused) outcomes.set(change, await refusal(keys, last, change, error));
    }
    open = open.filter((change) => !outcomes.has(change));
  }
  return { outcomes, last };
}

/** The entries the open changes make, in order, each from the one before; refusals aside. */
function planEntries<E extends Sequenced, C extends Append<E>>(ref: StreamRef, open: C[], last: E | null): Plan<E, C> {
  const plan: Plan<E, C> = { entries: [], refused: [] };
  let running = last;
  for (const change of open) {
    try {
      const seq = (running?.seq ?? 0) + 1;
      const entry = {
        ...change.next(running),
        ...ref.stream,
        _id: entryDocId(ref.streamId, seq),
        seq,
        idempotencyKey: change.idempotencyKey,
      } as unknown as E;
      plan.entries.push({ change, entry });
      running = entry;
    } catch (error) {
      plan.refused.push({ change, error });
    }
  }
  return plan;
}

/** Inserts in order; the index of the entry that hit a unique index (all before it went in), or null. */
async function insertInOrder<E>(model: Model<E>, entries: E[]): Promise<number | null> {
  if (entries.length === 0) return null;
  try {
    if (entries.length === 1) await model.collection.insertOne(entries[0] as never);
    else await model.collection.insertMany(entries as never[], { ordered: true });
    return null;
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    const writeErrors = (error as { writeErrors?: { index?: number } | Array<{ index?: number }> }).writeErrors;
    return [writeErrors].flat()[0]?.index ?? 0;
  }
}

/**
 * An insert hit a unique index: either another writer took the seq (re-read from there and
 * plan again) or the key was applied before (a replay of that entry).
 */
async function collided<E extends Sequenced, C extends Append<E>>(
  model: Model<E>,
  keys: AppliedKeys<E>,
  ref: StreamRef,
  last: E | null,
  clash: { change: C; entry: E },
  outcomes: Map<C, Outcome<E>>,
  attempt: number,
): Promise<E | null> {
  const taken = await byId(model, clash.entry._id);
  if (taken && taken.idempotencyKey !== clash.change.idempotencyKey) {
    // Behind the stream (a stale cache) the first time; after that, racing another
    // process for the seq: back off a little, with jitter.
    if (attempt > 0) await sleep(Math.random() * Math.min(attempt, 10));
    return walkForward(model, ref.streamId, taken);
  }
  const previous = taken ?? (await keys.findCollided(ref.streamId, last, clash.change));
  if (previous) {
    // A writer stopped between its entry and its marker left the marker out: put it now.
    await keys.markDebits([previous]);
    outcomes.set(clash.change, { result: { entry: previous, replayed: true } });
  }
  return taken ? walkForward(model, ref.streamId, taken) : last;
}

/** A refused change is still a replay when its key was applied before (the first result stands). */
async function refusal<E extends Sequenced>(
  keys: AppliedKeys<E>,
  last: E | null,
  change: Append<E>,
  error: unknown,
): Promise<Outcome<E>> {
  const previous = await keys.findRefused(last, change);
  return previous ? { result: { entry: previous, replayed: true } } : { error };
}
