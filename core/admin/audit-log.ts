import { createOnce } from '../db/create-once.ts';
import type { AuditDoc, Models } from '../db/models.ts';

export type AuditEntry = Omit<AuditDoc, 'details' | 'targetId' | 'reason' | 'via'> & {
  via?: AuditDoc['via'];
  targetId?: string | null;
  reason?: string | null;
  details?: Record<string, unknown>;
};

/** Append-only record of admin actions; the key makes a repeated write harmless. */
export class AuditLog {
  constructor(private readonly models: Models) {}

  async record(entry: AuditEntry): Promise<void> {
    await createOnce(this.models.Audit, entry);
  }

  /** The newest entries, optionally only those done in chat or on the web. */
  async recent(communityId: string, limit = 20, via?: AuditDoc['via']): Promise<AuditDoc[]> {
    // Entries from before `via` existed were all made in chat.
    const where = via === 'web' ? { via } : via === 'chat' ? { via: { $ne: 'web' } } : {};
    return this.models.Audit.find({ communityId, ...where })
      .sort({ at: -1 })
      .limit(limit)
      .lean<AuditDoc[]>();
  }
}
