import { z } from 'zod';

const DAY_MS = 24 * 3600 * 1000;
export const SENTIMENT_RANGES = [7, 30, 90, 365] as const;
const day = z.iso.date().optional().catch(undefined);

/**
 * The sentiment page's and the CSV export's filters, from a query string. A value that does
 * not parse falls back to "any" (or the default range), so a hand-edited URL still shows a page.
 */
export const feedbackQuerySchema = z.object({
  range: z.coerce
    .number()
    .refine((days) => (SENTIMENT_RANGES as readonly number[]).includes(days))
    .catch(30),
  label: z.enum(['positive', 'neutral', 'negative']).optional().catch(undefined),
  channel: z
    .string()
    .regex(/^[\w.-]{1,64}$/)
    .optional()
    .catch(undefined),
  language: z.enum(['en', 'zh']).optional().catch(undefined),
  from: day,
  to: day,
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});

export type FeedbackQuery = z.output<typeof feedbackQuerySchema>;

/** The time window of a query: its from/to days when given (to inclusive), else the last `range` days. */
export function windowOf(query: FeedbackQuery, now: Date): { from: Date; to: Date } {
  const to = query.to ? new Date(Date.parse(query.to) + DAY_MS) : now;
  const from = query.from ? new Date(query.from) : new Date(now.getTime() - query.range * DAY_MS);
  return from < to ? { from, to } : { from: to, to: from };
}
