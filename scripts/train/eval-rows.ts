import { chineseChatCalibration, type LabelledText } from '../../core/index.ts';
import { loadSentimentSets } from '../eval/datasets.ts';

/**
 * The DEV rows the shipped models are trained on, per language (never TEST rows); Chinese
 * adds the chat lines written to calibrate its neutral class, last so the folds of the
 * evaluation rows stay as they were.
 */
export function evalDevRows(evalDir: string, language: 'en' | 'zh'): { rows: LabelledText[]; sets: string[] } {
  const ofLanguage = loadSentimentSets(evalDir).filter((set) => set.language === language);
  const rows: LabelledText[] = ofLanguage.flatMap((set) =>
    set.rows
      .filter((row) => row.split === 'dev')
      .map((row) => ({
        text: row.text,
        label: row.label,
        set: set.name,
        ...(row.threeWay ? { threeWay: row.threeWay } : {}),
      })),
  );
  if (language === 'zh') rows.push(...chineseChatCalibration());
  return { rows, sets: ofLanguage.map((set) => set.name) };
}
