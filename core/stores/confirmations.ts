import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';

export interface PendingConfirmation {
  communityId: string;
  userId: string;
  command: string;
  payload: unknown;
}

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{22}$/;

/**
 * One-shot confirmations behind buttons: the button carries only a random token, so a
 * forged or replayed button cannot name its own target or arguments.
 */
export class Confirmations {
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
    private readonly ttlSeconds = 600,
  ) {}

  async create(pending: PendingConfirmation): Promise<string> {
    const token = randomBytes(16).toString('base64url');
    await this.redis.set(this.key(token), JSON.stringify(pending), 'EX', this.ttlSeconds);
    return token;
  }

  async peek(token: string): Promise<PendingConfirmation | null> {
    if (!TOKEN_PATTERN.test(token)) return null;
    const raw = await this.redis.get(this.key(token));
    return raw ? (JSON.parse(raw) as PendingConfirmation) : null;
  }

  /** Removes the token; true only for the one caller that removed it. */
  async consume(token: string): Promise<boolean> {
    if (!TOKEN_PATTERN.test(token)) return false;
    return (await this.redis.del(this.key(token))) === 1;
  }

  static isToken(value: string): boolean {
    return TOKEN_PATTERN.test(value);
  }

  private key(token: string): string {
    return `${this.keyPrefix}:confirm:${token}`;
  }
}
