import { randomBytes } from 'node:crypto';
import type { RedisClient } from './redis-client.ts';

export interface PendingConfirmation {
  communityId: string;
  userId: string;
  command: string;
  payload: unknown;
}

export type Taken = { kind: 'taken'; pending: PendingConfirmation } | { kind: 'expired' } | { kind: 'not-yours' };

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{22}$/;

// Takes the confirmation only for the one who asked for it, in one step: a double press
// takes it once, and a press by someone else leaves it for its owner.
// KEYS: token key; ARGV: community id, user id
const TAKE_SCRIPT = `
local raw = redis.call('GET', KEYS[1])
if not raw then return 'expired' end
local pending = cjson.decode(raw)
if pending.communityId ~= ARGV[1] or pending.userId ~= ARGV[2] then return 'not-yours' end
redis.call('DEL', KEYS[1])
return raw
`;

/**
 * One-shot confirmations behind buttons: the button carries only a random token, so a
 * forged or replayed button cannot name its own target or arguments.
 */
export class Confirmations {
  constructor(
    private readonly redis: RedisClient,
    private readonly keyPrefix: string,
    private readonly ttlSeconds = 600,
  ) {}

  async create(pending: PendingConfirmation): Promise<string> {
    const token = randomBytes(16).toString('base64url');
    await this.redis.set(this.key(token), JSON.stringify(pending), 'EX', this.ttlSeconds);
    return token;
  }

  /** Removes and returns the confirmation if it is the caller's; exactly one press gets it. */
  async take(token: string, owner: { communityId: string; userId: string }): Promise<Taken> {
    if (!TOKEN_PATTERN.test(token)) return { kind: 'expired' };
    const result = String(await this.redis.eval(TAKE_SCRIPT, 1, this.key(token), owner.communityId, owner.userId));
    if (result === 'expired' || result === 'not-yours') return { kind: result };
    return { kind: 'taken', pending: JSON.parse(result) as PendingConfirmation };
  }

  private key(token: string): string {
    return `${this.keyPrefix}:confirm:${token}`;
  }
}
