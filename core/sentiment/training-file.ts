import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { detectLanguage } from './chinese.ts';
import type { SentimentLabel } from './neutral-calibration.ts';
import type { LabelledText, SentimentLanguage } from './training.ts';

/**
 * An operator's training file: UTF-8, one `label<TAB>text` per line; blank lines and lines
 * starting with `#` are skipped. Labels (any case): `1`, `positive`, `pos`; `0`, `negative`,
 * `neg`; `neutral`, `neu`. Described for operators in core/sentiment/MODELS.md.
 */
const LABELS: Record<string, SentimentLabel> = {
  '1': 'positive',
  positive: 'positive',
  pos: 'positive',
  '0': 'negative',
  negative: 'negative',
  neg: 'negative',
  neutral: 'neutral',
  neu: 'neutral',
};
const MAX_TEXT = 10_000;

export interface TrainingFileRow {
  line: number;
  label: SentimentLabel;
  text: string;
  language: SentimentLanguage;
}

export interface TrainingFileProblem {
  line: number;
  message: string;
}

function problemWithLabel(raw: string): string {
  // A −1/0/1 file would have its neutral 0s read as negative: refuse rather than guess.
  if (raw === '-1') return 'label -1 is not accepted: here 0 means negative; write negative, neutral or positive';
  return `unknown label "${raw.slice(0, 20)}" (use 1/positive, 0/negative or neutral)`;
}

/**
 * Reads a training file's bytes: the rows it could use and, by line number, the ones it
 * skipped and why. `language` forces every row's language; otherwise each row is detected.
 */
export function parseTrainingFile(
  bytes: Uint8Array,
  options: { language?: SentimentLanguage } = {},
): { rows: TrainingFileRow[]; problems: TrainingFileProblem[] } {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  const rows: TrainingFileRow[] = [];
  const problems: TrainingFileProblem[] = [];
  let start = 0;
  let line = 0;
  while (start < bytes.length) {
    let end = bytes.indexOf(0x0a, start);
    if (end < 0) end = bytes.length;
    line += 1;
    const slice = bytes.subarray(start, end);
    start = end + 1;
    let text: string;
    try {
      text = decoder.decode(slice).replace(/\r$/, '');
    } catch {
      problems.push({ line, message: 'not valid UTF-8' });
      continue;
    }
    if (line === 1) text = text.replace(/^\uFEFF/, '');
    if (text.trim() === '' || text.startsWith('#')) continue;
    const tab = text.indexOf('\t');
    if (tab < 0) {
      problems.push({ line, message: 'no TAB between label and text' });
      continue;
    }
    const rawLabel = text.slice(0, tab).trim().toLowerCase();
    const label = LABELS[rawLabel];
    const body = text.slice(tab + 1).trim();
    if (!label) problems.push({ line, message: problemWithLabel(rawLabel) });
    else if (body === '') problems.push({ line, message: 'empty text' });
    else if (body.length > MAX_TEXT) problems.push({ line, message: `text longer than ${MAX_TEXT} characters` });
    else rows.push({ line, label, text: body, language: options.language ?? detectLanguage(body) });
  }
  return { rows, problems };
}

/**
 * Rows ready for training. When any row is neutral, every row carries its three-way label
 * and calibrates the neutral class; without neutral rows they are two-way, like the UCI sets.
 */
export function labelledTexts(rows: TrainingFileRow[], set: string): LabelledText[] {
  const threeWay = rows.some((row) => row.label === 'neutral');
  return rows.map((row) => ({
    text: row.text,
    label: row.label === 'positive' ? 1 : row.label === 'negative' ? 0 : null,
    ...(threeWay ? { threeWay: row.label } : {}),
    set,
  }));
}

/**
 * Labelled feedback (e.g. relabelled by managers) as a training file: one `label<TAB>text`
 * line per row, the text on one line; rows without text are left out.
 */
export function trainingFileFromFeedback(feedback: Array<{ text: string; label: SentimentLabel }>): string {
  const lines = feedback
    .map((row) => ({ label: row.label, text: row.text.replace(/[\t\r\n\u0085\u2028\u2029]+/g, ' ').trim() }))
    .filter((row) => row.text !== '')
    .map((row) => `${row.label}\t${row.text}`);
  return [`# loyalbot sentiment training file: label<TAB>text, ${lines.length} rows`, ...lines, ''].join('\n');
}

/** The Chinese chat lines written for this project to calibrate the Chinese neutral class. */
export function chineseChatCalibration(): LabelledText[] {
  const path = fileURLToPath(new URL('./calibration/zh-chat-lines.tsv', import.meta.url));
  const { rows, problems } = parseTrainingFile(readFileSync(path), { language: 'zh' });
  if (problems.length > 0) throw new Error(`${path}:${problems[0]?.line}: ${problems[0]?.message}`);
  return labelledTexts(rows, 'zh-chat-lines (written for loyalbot)').map((row) => ({ ...row, calibrationOnly: true }));
}
