import { z } from 'zod';

const id = z.string().regex(/^[\w.:-]{1,100}$/, 'letters, digits and . _ : - only, at most 100');
const userId = z.string().regex(/^[\w.-]{1,64}$/, 'a platform user id');
const itemId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'a catalog item id');
const at = z.iso.datetime({ offset: true }).optional();

const commerceEventSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('purchase'),
      id,
      userId,
      itemId: itemId.optional(),
      amount: z.number().positive().max(1_000_000),
      currency: z.string().regex(/^[A-Z]{3}$/),
      at,
    })
    .strict(),
  z.object({ type: z.enum(['view', 'click', 'like']), id, userId, itemId, at }).strict(),
  z.object({ type: z.literal('search'), id, userId, query: z.string().min(1).max(200), at }).strict(),
  z
    .object({
      type: z.literal('subscription'),
      id,
      userId,
      tier: z.string().regex(/^[a-z][a-z0-9-]{0,23}$/),
      paidUntil: z.iso.datetime({ offset: true }),
      at,
    })
    .strict(),
]);

const batchSchema = z.object({ events: z.array(commerceEventSchema).min(1).max(500) }).strict();
export type CommerceEvent = z.infer<typeof commerceEventSchema>;

export type ParsedBody = { ok: true; events: CommerceEvent[] } | { ok: false; field: string; message: string };

/** How far an event's own time may lie from now: shops resend, clocks drift, nothing older counts. */
export interface EventHorizon {
  now: Date;
  maxAgeDays: number;
  maxAheadSeconds: number;
}

const DAY_MS = 24 * 3600 * 1000;

function outsideHorizon(event: CommerceEvent, horizon: EventHorizon): string | null {
  if (!event.at) return null;
  const age = horizon.now.getTime() - new Date(event.at).getTime();
  if (age > horizon.maxAgeDays * DAY_MS) return `older than ${horizon.maxAgeDays} days`;
  if (-age > horizon.maxAheadSeconds * 1000) return 'in the future';
  return null;
}

/**
 * One event, or a batch of up to 500 under `events`; a failure names the field at fault. An
 * event whose own time is outside the horizon is refused whole, so a shop learns of it.
 */
export function parseCommerceBody(json: unknown, horizon: EventHorizon): ParsedBody {
  const isBatch = typeof json === 'object' && json !== null && 'events' in json;
  const parsed = isBatch ? batchSchema.safeParse(json) : commerceEventSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, field: issue?.path.join('.') ?? '', message: issue?.message ?? 'invalid' };
  }
  const events = 'events' in parsed.data ? parsed.data.events : [parsed.data];
  for (const [index, event] of events.entries()) {
    const problem = outsideHorizon(event, horizon);
    if (problem) return { ok: false, field: isBatch ? `events.${index}.at` : 'at', message: problem };
  }
  return { ok: true, events };
}
