import type { Model } from 'mongoose';
import { entryDocId } from '../db/ids.ts';
import type { AppliedKeys } from './applied-keys.ts';
import { decideBatch, type Append, type AppendResult, type StreamRef, type StreamStart } from './stream-batch.ts';
import { byId, walkForward, type Sequenced } from './stream-reads.ts';

export type { Append, AppendResult, StreamRef } from './stream-batch.ts';
export { AppliedKeys } from './applied-keys.ts';
export { cachedSeq, entriesBefore, lastEntry, type Sequenced } from './stream-reads.ts';

/** The document that caches a stream's last entry (a member's balance, an item's stock). */
export interface StreamCache<E> {
  /** The seq the cache shows (0 when none): where the search for the last entry starts. */
  seq(streamId: string): Promise<number>;
  write(streamId: string, last: E): Promise<void>;
}

interface Pending<E extends Sequenced> extends Append<E> {
  resolve(result: AppendResult<E>): void;
  reject(error: unknown): void;
}

/** What a drain knows between its batches: the stream's last entry and the seq its cache shows. */
interface Drained<E> {
  last: E | null;
  cachedSeq: number;
}

type Start<E> = StreamStart<E> & Drained<E>;

const MAX_BATCH = 64;

/**
 * Appends to sequenced streams (see decideBatch for how writers are serialized). Within this
 * process the changes to one stream queue up and go as one ordered insert per batch, then
 * one cache write: a busy stream costs a few round trips per batch instead of per change.
 * A change resolves once its entry is in and the cache shows it or a later one.
 */
export class SequencedStreams<E extends Sequenced> {
  private readonly queues = new Map<string, Array<Pending<E>>>();

  constructor(
    private readonly model: Model<E>,
    private readonly keys: AppliedKeys<E>,
    private readonly cache: StreamCache<E>,
  ) {}

  append(ref: StreamRef, change: Append<E>): Promise<AppendResult<E>> {
    return new Promise((resolve, reject) => {
      const pending: Pending<E> = { ...change, resolve, reject };
      const queue = this.queues.get(ref.streamId);
      if (queue) {
        queue.push(pending);
        return;
      }
      const fresh = [pending];
      this.queues.set(ref.streamId, fresh);
      void this.drain(ref, fresh);
    });
  }

  /**
   * Writes batches until the queue is empty. The stream is read once per drain, not per
   * batch: a writer elsewhere shows up as a collision at the insert. The cache is checked
   * for a later entry only after the drain's last write (see settle).
   */
  private async drain(ref: StreamRef, queue: Array<Pending<E>>): Promise<void> {
    let drained: Drained<E> | null = null;
    let unchecked: E | null = null;
    while (queue.length > 0) {
      const batch = queue.splice(0, MAX_BATCH);
      try {
        const start: Start<E> = drained ? { ...drained, atEnd: false } : await this.readStart(ref);
        const { outcomes, last } = await decideBatch(this.model, this.keys, ref, batch, start);
        drained = { last, cachedSeq: start.cachedSeq };
        // Behind the stream, or past its end (only if entries were removed): copy the last one.
        if (last && last.seq !== start.cachedSeq) {
          await this.cache.write(ref.streamId, last);
          drained.cachedSeq = last.seq;
          unchecked = last;
        }
        if (unchecked && queue.length === 0) {
          drained.last = await this.settle(ref.streamId, unchecked);
          drained.cachedSeq = drained.last.seq;
          unchecked = null;
        }
        for (const pending of batch) {
          const outcome = outcomes.get(pending);
          if (outcome && 'result' in outcome) pending.resolve(outcome.result);
          else pending.reject(outcome?.error ?? new Error('append left undecided'));
        }
      } catch (error) {
        drained = null;
        // Entries already inserted are found again as replays when their callers retry.
        for (const pending of batch) pending.reject(error);
      }
    }
    this.queues.delete(ref.streamId);
    if (unchecked) await this.settle(ref.streamId, unchecked).catch(() => undefined);
  }

  /**
   * Where a stream stands: the entry its cache names, without looking past it. The insert
   * after it finds out whether later entries exist (it collides on `_id`), so a cache that is
   * current costs one read here, and none when it shows no entries yet.
   */
  private async readStart(ref: StreamRef): Promise<Start<E>> {
    const cachedSeq = await this.cache.seq(ref.streamId);
    if (cachedSeq === 0) return { last: null, atEnd: false, cachedSeq };
    const hinted = await byId(this.model, entryDocId(ref.streamId, cachedSeq));
    if (hinted) return { last: hinted, atEnd: false, cachedSeq };
    // A cache past the stream's end: only a scan knows where it ends.
    return { last: await this.model.findOne(ref.stream).sort({ seq: -1 }).lean<E>(), atEnd: true, cachedSeq };
  }

  /**
   * After copying `written` onto the cache, looks for a later entry: FerretDB's updates read
   * and replace the document, so a copy by another process may have been overwritten by
   * ours, and the copy repeats until no entry follows the one copied.
   */
  private async settle(streamId: string, written: E): Promise<E> {
    let last = written;
    for (let round = 0; round < 20; round += 1) {
      const next = await byId(this.model, entryDocId(streamId, last.seq + 1));
      if (!next) return last;
      last = await walkForward(this.model, streamId, next);
      await this.cache.write(streamId, last);
    }
    return last;
  }
}
