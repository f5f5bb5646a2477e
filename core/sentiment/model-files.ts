import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { ModelFile } from './logistic-model.ts';
import { NEUTRAL_FEATURES } from './neutral-calibration.ts';

export type ModelLanguage = 'en' | 'zh';
export const MODEL_LANGUAGES: readonly ModelLanguage[] = ['en', 'zh'];

/** The models this repository ships (trained on the evaluation sets' DEV rows; see MODELS.md). */
export const SHIPPED_MODEL_DIR = fileURLToPath(new URL('./models', import.meta.url));

export const modelFileName = (language: ModelLanguage) => `sentiment-${language}.json`;

const finite = z.number().refine(Number.isFinite, 'must be a finite number');
const modelFileSchema = z.object({
  version: z.string().min(1),
  language: z.enum(['en', 'zh']),
  bits: z.number().int().min(8).max(24),
  offset: finite,
  lexiconWeight: finite,
  weights: z.record(z.string().regex(/^\d+$/), finite),
  trainedOn: z.string(),
  neutral: z
    .object({
      weights: z.partialRecord(z.enum(NEUTRAL_FEATURES), finite),
      bias: finite,
      threshold: finite,
      fittedOn: z.string(),
      cv: z.object({
        rows: z.number(),
        neutralRows: z.number(),
        accuracy: z.number(),
        macroF1: z.number(),
        twoWayRows: z.number(),
        twoWayRowsCalledNeutral: z.number(),
      }),
    })
    .optional(),
});

/** Reads and checks one model file; the error names the file and what is wrong with it. */
export function readModelFile(path: string, language: ModelLanguage): ModelFile {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`sentiment model ${path} cannot be read: ${(error as Error).message}`);
  }
  const checked = modelFileSchema.safeParse(parsed);
  if (!checked.success) {
    const problems = checked.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`);
    throw new Error(`sentiment model ${path} is not a model file: ${problems.join('; ')}`);
  }
  if (checked.data.language !== language) throw new Error(`sentiment model ${path} is for ${checked.data.language}`);
  const weightCount = 1 << checked.data.bits;
  if (Object.keys(checked.data.weights).some((index) => Number(index) >= weightCount))
    throw new Error(`sentiment model ${path} has a weight index beyond its ${checked.data.bits} bits`);
  return checked.data;
}

/**
 * The model files the scorer uses: each language from `modelDir` when it holds that file,
 * else the shipped one. A directory holding neither is refused (a typo would otherwise
 * silently fall back to the shipped models).
 */
export function loadModelFiles(modelDir?: string): Record<ModelLanguage, { file: ModelFile; path: string }> {
  const own = (language: ModelLanguage) => (modelDir ? join(modelDir, modelFileName(language)) : '');
  const found = MODEL_LANGUAGES.filter((language) => modelDir && existsSync(own(language)));
  if (modelDir && found.length === 0)
    throw new Error(
      `SENTIMENT_MODEL_DIR ${modelDir} holds neither ${modelFileName('en')} nor ${modelFileName('zh')} ` +
        '(train one with `npm run train:sentiment -- --data <dir> --out <dir>`)',
    );
  const load = (language: ModelLanguage) => {
    const path = found.includes(language) ? own(language) : join(SHIPPED_MODEL_DIR, modelFileName(language));
    return { file: readModelFile(path, language), path };
  };
  return { en: load('en'), zh: load('zh') };
}

/**
 * Writes model files into `dir` all or nothing: every file goes to a temporary name first and
 * is renamed over the old one only when all were written, so a failure leaves the old models.
 */
export function writeModelFiles(dir: string, files: ModelFile[]): string[] {
  mkdirSync(dir, { recursive: true });
  const staged = files.map((file) => ({
    temp: join(dir, `.${modelFileName(file.language)}.${process.pid}.tmp`),
    final: join(dir, modelFileName(file.language)),
    file,
  }));
  try {
    for (const { temp, file } of staged) writeFileSync(temp, `${JSON.stringify(file)}\n`);
  } catch (error) {
    for (const { temp } of staged) rmSync(temp, { force: true });
    throw error;
  }
  for (const { temp, final } of staged) renameSync(temp, final);
  return staged.map((s) => s.final);
}
