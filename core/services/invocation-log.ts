import { isDuplicateKeyError } from '../errors.ts';
import type { InvocationDoc, Models } from '../db/models.ts';
import type { Reply } from '../types.ts';
import { invocationDocId } from '../db/ids.ts';

export type Claim = { kind: 'claimed' } | { kind: 'done'; reply: Reply } | { kind: 'running' };

/**
 * Remembers which invocation ids were handled, so a platform's re-delivery of the same
 * command has one effect. There are no TTL indexes on every server we support: a job prunes.
 */
export class InvocationLog {
  constructor(private readonly models: Models) {}

  async claim(communityId: string, invocationId: string, now: Date): Promise<Claim> {
    try {
      await this.models.Invocation.create({ _id: invocationDocId(communityId, invocationId), communityId, invocationId, status: 'running', createdAt: now });
      return { kind: 'claimed' };
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
    const existing = await this.models.Invocation.findById(invocationDocId(communityId, invocationId)).lean<InvocationDoc>();
    if (existing?.status === 'done' && existing.reply) return { kind: 'done', reply: existing.reply as Reply };
    return { kind: 'running' };
  }

  async complete(communityId: string, invocationId: string, reply: Reply): Promise<void> {
    await this.models.Invocation.updateOne({ _id: invocationDocId(communityId, invocationId) }, { $set: { status: 'done', reply } });
  }

  /** Lets a re-delivery run again after an unexpected failure left nothing done. */
  async release(communityId: string, invocationId: string): Promise<void> {
    await this.models.Invocation.deleteOne({ _id: invocationDocId(communityId, invocationId) });
  }

  async prune(olderThan: Date): Promise<number> {
    const result = await this.models.Invocation.deleteMany({ createdAt: { $lt: olderThan } });
    return result.deletedCount;
  }
}
