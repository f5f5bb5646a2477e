import { randomBytes } from 'node:crypto';
import type { RedisClient } from './redis-client.ts';

// Moves the pending hash into a batch and registers the batch, or does nothing: one step.
// KEYS: pending, batch, batch set
const SEAL_SCRIPT = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('RENAME', KEYS[1], KEYS[2])
redis.call('SADD', KEYS[3], KEYS[2])
return 1
`;

// Releases the drain lock only for its holder. KEYS: lock; ARGV: token
const UNLOCK_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

/** Long enough for a drain of one community's counters; short enough that a crash does not stall the next. */
const LOCK_MS = 30_000;

/**
 * An id that sorts by creation time and is never reused, even after Redis lost everything
 * (batches are applied in id order; ledger idempotency keys are built from it).
 */
export function batchId(now = Date.now()): string {
  return `${now.toString(36).padStart(9, '0')}-${randomBytes(6).toString('hex')}`;
}

/**
 * Counters gathered in one Redis hash (chat points, passive sentiment), moved in batches to
 * MongoDB. Sealing a batch is atomic, a batch is deleted only after it was applied, and one
 * drain runs at a time per hash: a crash replays the batch, so writers key what they write by
 * the batch id and nothing counted is lost or counted twice. All keys share the hash tag in
 * `base`, so this works on Redis Cluster.
 */
export class RedisBatches {
  constructor(
    private readonly redis: RedisClient,
    /** Must contain the community's hash tag, e.g. `loyalbot:chat:{guild}`. */
    private readonly base: string,
  ) {}

  get pendingKey(): string {
    return `${this.base}:pending`;
  }

  /**
   * Seals what is pending and applies every unapplied batch, oldest first. `exclusive` drains
   * run one at a time (false if another runs); others may overlap, so their writes must be
   * idempotent by themselves (ledger keys are), and a drain cut short by a crash never holds
   * the next one back.
   */
  async drain(
    apply: (batch: string, fields: Record<string, string>) => Promise<void>,
    options: { exclusive: boolean },
  ): Promise<boolean> {
    if (!options.exclusive) {
      await this.applyAll(apply);
      return true;
    }
    const lock = `${this.base}:drain-lock`;
    const token = randomBytes(8).toString('hex');
    if ((await this.redis.set(lock, token, 'PX', LOCK_MS, 'NX')) !== 'OK') return false;
    try {
      await this.applyAll(apply);
      return true;
    } finally {
      await this.redis.eval(UNLOCK_SCRIPT, 1, lock, token);
    }
  }

  private async applyAll(apply: (batch: string, fields: Record<string, string>) => Promise<void>): Promise<void> {
    const sealed = `${this.base}:batch:${batchId()}`;
    await this.redis.eval(SEAL_SCRIPT, 3, this.pendingKey, sealed, this.batchSet());
    for (const batch of (await this.redis.smembers(this.batchSet())).sort()) {
      await apply(batch.slice(batch.lastIndexOf(':') + 1), await this.redis.hgetall(batch));
      await this.redis.multi().del(batch).srem(this.batchSet(), batch).exec();
    }
  }

  private batchSet(): string {
    return `${this.base}:batches`;
  }
}
