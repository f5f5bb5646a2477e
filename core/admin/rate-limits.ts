import { z } from 'zod';
import type { CommunityDoc } from '../db/models.ts';
import type { RateLimit } from '../stores/rate-limiter.ts';

const limitSchema = z.object({
  count: z.number().int().min(1).max(10_000),
  windowSeconds: z.number().int().min(1).max(86_400),
});

/** Per-command limits a community sets (`/config set limits.<command> 5/600`), `*` for the rest. */
export const rateLimitsSchema = z.record(z.string().regex(/^(\*|[a-z][a-z-]{0,31})$/), limitSchema);

/**
 * Each user may run each command so often. Commands that open tickets, alert staff or read
 * a whole history are held tighter than the rest.
 */
export const DEFAULT_RATE_LIMITS: Record<string, RateLimit> = {
  '*': { count: 20, windowSeconds: 60 },
  ask: { count: 5, windowSeconds: 600 },
  feedback: { count: 5, windowSeconds: 600 },
  privacy: { count: 3, windowSeconds: 3600 },
  redeem: { count: 10, windowSeconds: 60 },
};

/** The limit that applies to a command in a community: its own setting, else the defaults. */
export function rateLimitFor(community: Pick<CommunityDoc, 'limits'>, command: string): RateLimit {
  const parsed = rateLimitsSchema.safeParse(community.limits ?? {});
  const set = parsed.success ? parsed.data : {};
  return set[command] ?? DEFAULT_RATE_LIMITS[command] ?? set['*'] ?? (DEFAULT_RATE_LIMITS['*'] as RateLimit);
}

/** Parses `count/seconds` as typed in `/config set limits.<command> 5/600`; null when malformed. */
export function parseRateLimit(text: string): RateLimit | null {
  const match = /^(\d{1,5})\/(\d{1,5})$/.exec(text.trim());
  const parsed = limitSchema.safeParse(match ? { count: Number(match[1]), windowSeconds: Number(match[2]) } : null);
  return parsed.success ? parsed.data : null;
}
