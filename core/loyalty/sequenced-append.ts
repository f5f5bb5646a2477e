import type { Model } from 'mongoose';
import { isDuplicateKeyError } from '../errors.ts';

export interface Sequenced {
  seq: number;
  idempotencyKey: string;
}

export interface AppendRequest<E extends Sequenced> {
  model: Model<E>;
  /** Identifies one stream (a member's points, an item's stock); includes communityId. */
  stream: Record<string, string>;
  communityId: string;
  idempotencyKey: string;
  /** Builds the next entry from the last one; throws to refuse (e.g. not enough points). */
  next(last: E | null): Omit<E, 'seq' | 'idempotencyKey'>;
  maxAttempts?: number;
}

export interface AppendResult<E> {
  entry: E;
  /** True when the key was applied before: nothing new was written. */
  replayed: boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Appends entry seq+1 to a stream. The unique (stream, seq) index serializes concurrent
 * writers without transactions or atomic $inc: a loser gets a duplicate key, re-reads the
 * new last entry and tries again. The unique idempotency key makes a repeat a no-op.
 */
export async function appendSequenced<E extends Sequenced>(request: AppendRequest<E>): Promise<AppendResult<E>> {
  const { model, stream, communityId, idempotencyKey } = request;
  const maxAttempts = request.maxAttempts ?? 200;
  for (let attempt = 0; attempt < maxAttempts; attempt += 1) {
    const previous = await model.findOne({ communityId, idempotencyKey }).lean<E>();
    if (previous) return { entry: previous, replayed: true };
    const last = await model.findOne(stream).sort({ seq: -1 }).lean<E>();
    const entry = { ...request.next(last), ...stream, seq: (last?.seq ?? 0) + 1, idempotencyKey } as unknown as E;
    try {
      await model.collection.insertOne(entry as never);
      return { entry, replayed: false };
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      // Lost the race for this seq (or the key): back off a little, with jitter, and re-read.
      await sleep(Math.random() * Math.min(2 + attempt, 20));
    }
  }
  throw new Error(`could not append to ${model.modelName} stream after ${maxAttempts} attempts`);
}

/** Whether an entry with this key exists (used to compensate half-done work). */
export async function hasEntry<E extends Sequenced>(model: Model<E>, communityId: string, idempotencyKey: string): Promise<boolean> {
  return (await model.exists({ communityId, idempotencyKey })) !== null;
}
