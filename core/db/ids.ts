import { createHash } from 'node:crypto';

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

// Crockford's base32: no I, L, O or U, so ids read aloud and typed by hand are unambiguous.
const BASE32 = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A reference people type (an order, a ticket) derived from a key: 20 base-32 characters of
 * its SHA-256, 100 bits, so two keys never meet in practice and one cannot guess another's.
 */
export function digestReference(key: string): string {
  const digest = createHash('sha256').update(key).digest();
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of digest) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < 20) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
    if (out.length === 20) break;
  }
  return out;
}

/** A typed reference as stored: upper case, with the letters people confuse read as digits. */
export function normalizeReference(typed: string): string {
  return typed.trim().toUpperCase().replace(/O/g, '0').replace(/[IL]/g, '1');
}

export const REFERENCE_PATTERN = /^[0-9A-HJKMNP-TV-Z]{20}$/;
