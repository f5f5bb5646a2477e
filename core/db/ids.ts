/**
 * Deterministic document ids. Hot reads and writes go by `_id`, the one lookup every
 * MongoDB-compatible server answers from an index (FerretDB's SQLite backend pushes down
 * nothing else), and a duplicate `_id` is how concurrent writers collide.
 */
export interface MemberRef {
  communityId: string;
  platform: string;
  userId: string;
}

export const memberDocId = (key: MemberRef): string => `${key.communityId}|${key.platform}|${key.userId}`;

/** A member within its community (`platform|user`): the field or entry for it in per-community Redis keys. */
export const memberField = (key: Pick<MemberRef, 'platform' | 'userId'>): string => `${key.platform}|${key.userId}`;

export const itemDocId = (communityId: string, itemId: string): string => `${communityId}|${itemId}`;

export const orderDocId = (communityId: string, orderId: string): string => `${communityId}|${orderId}`;

/** A member–item signal, one per event id in its community (a replayed event is a duplicate `_id`). */
export const interactionDocId = (communityId: string, eventId: string): string => `${communityId}|${eventId}`;

export const invocationDocId = (communityId: string, invocationId: string): string => `${communityId}|${invocationId}`;

/** Entry `seq` of a sequenced stream (a member's points, an item's stock). */
export const entryDocId = (streamId: string, seq: number): string => `${streamId}#${seq}`;

/** Marker that an idempotency key was applied to a ledger. */
export const appliedKeyDocId = (ledger: string, communityId: string, key: string): string =>
  `${ledger}|${communityId}|${key}`;
