import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SentimentScorer } from '../../core/sentiment/scorer.ts';
import { communityTrainingLines } from '../helpers/sentiment-data.ts';

const dir = mkdtempSync(join(tmpdir(), 'loyalbot-train-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `npm run train:sentiment -- <args>` as an operator runs it. */
function train(...args: string[]) {
  const run = spawnSync('node_modules/.bin/tsx', ['scripts/train/sentiment.ts', ...args], { encoding: 'utf8' });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('npm run train:sentiment -- --data', () => {
  it('trains on an operator file, skips its bad lines by number and writes a model the scorer loads', () => {
    const data = join(dir, 'data');
    mkdirSync(data);
    const lines = communityTrainingLines();
    lines.splice(4, 0, 'maybe\tnot sure about this one', 'a line without a tab');
    writeFileSync(join(data, 'community.tsv'), `${lines.join('\n')}\n`);
    const out = join(dir, 'out');
    const run = train('--data', data, '--out', out);
    expect(run.status).toBe(0);
    expect(run.stderr).toContain(`${join(data, 'community.tsv')}:5: unknown label "maybe"`);
    expect(run.stderr).toContain(`${join(data, 'community.tsv')}:6: no TAB between label and text`);
    expect(run.stdout).toContain('60 usable rows, 2 lines skipped');
    expect(run.stdout).toMatch(/\| shipped en-nblr-2, on your rows \| 60 \|/);
    expect(run.stdout).toMatch(/\| new, 5-fold cross-validated on your rows \| 60 \|/);
    expect(run.stdout).toContain(`SENTIMENT_MODEL_DIR=${out}`);
    const own = new SentimentScorer({ modelDir: out });
    expect(own.score('the grindle release').label).toBe('negative');
  });

  it('refuses a file with no usable row, naming its lines, and writes nothing', () => {
    const data = join(dir, 'bad.tsv');
    writeFileSync(data, 'label\ttext\n-1\tawful\n');
    const out = join(dir, 'never');
    const run = train('--data', data, '--out', out);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`${data}:1: unknown label "label"`);
    expect(run.stderr).toContain(`${data}:2: label -1 is not accepted`);
    expect(run.stderr).toContain('no usable rows: nothing trained, nothing written');
    expect(existsSync(out)).toBe(false);
  });

  it('keeps the shipped model for a language with too few rows', () => {
    const data = join(dir, 'few.tsv');
    writeFileSync(data, '1\t很好\n0\t很差\n');
    const run = train('--data', data, '--out', join(dir, 'few-out'));
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('zh: 2 rows (1 positive, 1 negative, 0 neutral)');
    expect(run.stdout).toContain('the shipped zh model stays in use');
    expect(existsSync(join(dir, 'few-out'))).toBe(false);
  });
});
