import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SHIPPED_MODEL_DIR, writeModelFiles } from '../../core/sentiment/model-files.ts';
import { SentimentScorer } from '../../core/sentiment/scorer.ts';
import { labelledTexts, parseTrainingFile, trainingFileFromFeedback } from '../../core/sentiment/training-file.ts';
import { trainSentimentModel } from '../../core/sentiment/training.ts';
import { communityTrainingLines } from '../helpers/sentiment-data.ts';

const dir = mkdtempSync(join(tmpdir(), 'loyalbot-sentiment-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const bytes = (text: string) => new TextEncoder().encode(text);
const shipped = new SentimentScorer();

describe('training files', () => {
  it('reads label<TAB>text rows in both languages and reports bad lines by number', () => {
    const content = [
      '\uFEFF# exported from the dashboard',
      'positive\tGreat event, thanks!',
      '',
      'NEG\tThe app keeps crashing\r',
      '1\t活动办得很好',
      'neutral\twhat time is the raid?',
      'maybe\tnot sure',
      'no tab here',
      '-1\tawful',
      '0\t   ',
    ].join('\n');
    const { rows, problems } = parseTrainingFile(bytes(content));
    expect(rows).toEqual([
      { line: 2, label: 'positive', text: 'Great event, thanks!', language: 'en' },
      { line: 4, label: 'negative', text: 'The app keeps crashing', language: 'en' },
      { line: 5, label: 'positive', text: '活动办得很好', language: 'zh' },
      { line: 6, label: 'neutral', text: 'what time is the raid?', language: 'en' },
    ]);
    expect(problems.map((p) => p.line)).toEqual([7, 8, 9, 10]);
    expect(problems[0]?.message).toContain('unknown label "maybe"');
    expect(problems[1]?.message).toBe('no TAB between label and text');
    expect(problems[2]?.message).toContain('0 means negative');
    expect(problems[3]?.message).toBe('empty text');
  });

  it('names a line that is not UTF-8 and keeps the others', () => {
    const latin1 = Uint8Array.from([...bytes('1\tok\n0\tcaf'), 0xe9, ...bytes('\n1\tgood\n')]);
    const { rows, problems } = parseTrainingFile(latin1);
    expect(rows.map((r) => r.line)).toEqual([1, 3]);
    expect(problems).toEqual([{ line: 2, message: 'not valid UTF-8' }]);
  });

  it('exports relabelled feedback as a file that reads back the same', () => {
    const feedback = [
      { text: 'Love the new\tbadges', label: 'positive' as const },
      { text: 'Checkout broke\nagain', label: 'negative' as const },
      { text: '   ', label: 'neutral' as const },
      { text: '积分什么时候到账？', label: 'neutral' as const },
    ];
    const file = trainingFileFromFeedback(feedback);
    const { rows, problems } = parseTrainingFile(bytes(file));
    expect(problems).toEqual([]);
    expect(rows.map((r) => [r.label, r.text, r.language])).toEqual([
      ['positive', 'Love the new badges', 'en'],
      ['negative', 'Checkout broke again', 'en'],
      ['neutral', '积分什么时候到账？', 'zh'],
    ]);
  });
});

describe('a model trained on a community file', () => {
  const { rows } = parseTrainingFile(bytes(communityTrainingLines().join('\n')));
  const trained = trainSentimentModel('en', labelledTexts(rows, 'community'), {
    version: 'en-test',
    trainedOn: 'test',
  });

  it('loads from its directory and changes the scores of the words it learned', () => {
    const out = join(dir, 'models');
    writeModelFiles(out, [trained.file]);
    const own = new SentimentScorer({ modelDir: out });
    expect(own.modelPaths.en).toBe(join(out, 'sentiment-en.json'));
    expect(own.modelPaths.zh).toBe(shipped.modelPaths.zh);
    expect(own.version).toBe(`en-test+${shipped.version.split('+')[1]}`);
    expect(shipped.score('the zorblax update').label).not.toBe('negative');
    expect(own.score('the zorblax update').label).toBe('negative');
    expect(own.score('the quibbly update').score).toBeGreaterThan(shipped.score('the quibbly update').score);
    // Its neutral class was calibrated on the file's neutral rows.
    expect(trained.calibrated).toBe(true);
    expect(trained.file.neutral?.fittedOn).toContain('community');
  });

  it('refuses a model directory with no model in it, or a broken model file', () => {
    expect(new SentimentScorer({ modelDir: SHIPPED_MODEL_DIR }).version).toBe(shipped.version);
    const empty = join(dir, 'empty');
    writeModelFiles(empty, []);
    expect(() => new SentimentScorer({ modelDir: empty })).toThrow(
      /holds neither sentiment-en.json nor sentiment-zh.json/,
    );
    const broken = join(dir, 'broken');
    writeModelFiles(broken, [trained.file]);
    writeFileSync(join(broken, 'sentiment-en.json'), '{"version": "x", "language": "en"}');
    expect(() => new SentimentScorer({ modelDir: broken })).toThrow(/sentiment-en.json is not a model file: bits/);
  });

  it('writes model files all or nothing', () => {
    const out = join(dir, 'atomic');
    writeModelFiles(out, [trained.file]);
    const before = readFileSync(join(out, 'sentiment-en.json'), 'utf8');
    // A zh file that cannot be serialized fails after the en file was staged.
    const unwritable = { ...trained.file, language: 'zh' as const, weights: { 1: 1n as unknown as number } };
    expect(() => writeModelFiles(out, [{ ...trained.file, version: 'newer' }, unwritable])).toThrow();
    expect(readdirSync(out)).toEqual(['sentiment-en.json']);
    expect(readFileSync(join(out, 'sentiment-en.json'), 'utf8')).toBe(before);
  });
});
