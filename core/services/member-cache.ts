import type { Redis } from 'ioredis';
import type { MemberDoc } from '../db/models.ts';

const TTL_SECONDS = 300;
const VERSION_TTL_SECONDS = 24 * 3600;
const DATE_FIELDS = ['joinedAt', 'cancelledAt', 'paidUntil', 'createdAt', 'updatedAt'] as const;

/**
 * Member documents cached in Redis for the dispatcher's per-command read. Every write to a
 * member bumps its version after the write (hooks on the model); a cached copy is used
 * only while its version is current, so a reader that raced a writer can at worst cause a
 * miss, never serve the old document. Collection-wide writes bump one epoch for all.
 */
export class MemberCache {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async get(id: string, load: () => Promise<MemberDoc | null>): Promise<MemberDoc | null> {
    const [epoch, version, cached] = await this.redis.mget(this.epochKey(), this.versionKey(id), this.docKey(id));
    const current = `${epoch ?? 0}:${version ?? 0}`;
    if (cached) {
      const entry = JSON.parse(cached) as { v: string; doc: MemberDoc | null };
      if (entry.v === current) return entry.doc && revive(entry.doc);
    }
    const doc = await load();
    await this.redis.set(this.docKey(id), JSON.stringify({ v: current, doc }), 'EX', TTL_SECONDS);
    return doc;
  }

  async changed(id: string): Promise<void> {
    await this.redis.multi().incr(this.versionKey(id)).expire(this.versionKey(id), VERSION_TTL_SECONDS).exec();
  }

  async changedAll(): Promise<void> {
    await this.redis.incr(this.epochKey());
  }

  private epochKey(): string {
    return `${this.prefix}:member-cache:epoch`;
  }

  private versionKey(id: string): string {
    return `${this.prefix}:member-cache:v:${id}`;
  }

  private docKey(id: string): string {
    return `${this.prefix}:member-cache:doc:${id}`;
  }
}

function revive(doc: MemberDoc): MemberDoc {
  const copy = { ...doc } as Record<string, unknown>;
  for (const field of DATE_FIELDS) if (typeof copy[field] === 'string') copy[field] = new Date(copy[field] as string);
  return copy as unknown as MemberDoc;
}
