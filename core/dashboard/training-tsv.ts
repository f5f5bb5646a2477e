import type { FeedbackDoc } from '../db/support-models.ts';
import type { FeedbackIndex } from '../stores/feedback-index.ts';

/** The most rows one training file carries (newest relabels first). */
export const TRAINING_MAX_ROWS = 20_000;
const CHUNK = 200;

/**
 * The feedback managers relabelled, as a training file `npm run train:sentiment -- --data`
 * reads (`label<TAB>text`, one row per line): tabs and line breaks inside a text become
 * spaces, so one piece of feedback is always one row.
 */
export async function trainingTsv(
  index: FeedbackIndex,
  byIds: (ids: string[]) => Promise<FeedbackDoc[]>,
  communityId: string,
  now: Date,
): Promise<string> {
  const ids = await index.relabelledIds(communityId, TRAINING_MAX_ROWS);
  const rows = [`# feedback relabelled by managers of ${oneLine(communityId)}, exported ${now.toISOString()}`];
  for (let start = 0; start < ids.length; start += CHUNK) {
    for (const doc of await byIds(ids.slice(start, start + CHUNK))) {
      if (doc.managerLabel) rows.push(`${doc.managerLabel}\t${oneLine(doc.text)}`);
    }
  }
  return `${rows.join('\n')}\n`;
}

const oneLine = (text: string) => text.replace(/[\t\r\n\u2028\u2029]+/g, ' ').trim();
