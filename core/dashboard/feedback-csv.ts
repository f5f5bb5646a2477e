import type { FeedbackIndex, FeedbackLine } from '../stores/feedback-index.ts';
import { windowOf, type FeedbackQuery } from './feedback-filter.ts';

/** The most rows one export carries; a longer range is cut (and says so in its last line). */
export const CSV_MAX_ROWS = 50_000;
const CHUNK = 2000;
const COLUMNS: Array<keyof FeedbackLine> = ['at', 'label', 'score', 'channelId', 'language', 'source', 'user', 'text'];

/**
 * The filtered feedback as CSV (RFC 4180), newest first. A cell a spreadsheet would run as a
 * formula (starting with = + - @ or a tab) is prefixed with an apostrophe.
 */
export async function feedbackCsv(
  index: FeedbackIndex,
  communityId: string,
  query: FeedbackQuery,
  now: Date,
): Promise<string> {
  const { from, to } = windowOf(query, now);
  const filter = { from, to, label: query.label, channelId: query.channel, language: query.language };
  const rows = [COLUMNS.join(',')];
  let total = 0;
  for (let offset = 0; offset < CSV_MAX_ROWS; offset += CHUNK) {
    const page = await index.list(communityId, filter, offset, CHUNK);
    total = page.total;
    for (const line of page.lines) rows.push(COLUMNS.map((column) => csvCell(line[column])).join(','));
    if (page.lines.length < CHUNK) break;
  }
  if (total > CSV_MAX_ROWS) rows.push(csvCell(`# cut at ${CSV_MAX_ROWS} of ${total} rows: choose a shorter range`));
  return `${rows.join('\r\n')}\r\n`;
}

export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
