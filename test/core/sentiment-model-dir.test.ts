import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeModelFiles } from '../../core/sentiment/model-files.ts';
import { SentimentScorer } from '../../core/sentiment/scorer.ts';
import { labelledTexts, parseTrainingFile } from '../../core/sentiment/training-file.ts';
import { trainSentimentModel } from '../../core/sentiment/training.ts';
import { createTestCore, invocations, joinAll, member, type TestCore } from '../helpers/test-core.ts';
import { communityTrainingLines } from '../helpers/sentiment-data.ts';

const dir = mkdtempSync(join(tmpdir(), 'loyalbot-model-dir-'));
const community = 'guild-own-model';
const inv = invocations(community);
let core: TestCore;

beforeAll(async () => {
  const { rows } = parseTrainingFile(new TextEncoder().encode(communityTrainingLines().join('\n')));
  const { file } = trainSentimentModel('en', labelledTexts(rows, 'community'), {
    version: 'en-own',
    trainedOn: 'test',
  });
  writeModelFiles(dir, [file]);
  core = await createTestCore('own_model', {}, { SENTIMENT_MODEL_DIR: dir });
  await core.services.communities.ensure('console', community, 'Quibbly Club');
  await joinAll(core, community, [member('ida')]);
});
afterAll(async () => {
  await core?.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

describe('SENTIMENT_MODEL_DIR', () => {
  it("scores feedback with the operator's model", async () => {
    expect(core.services.support.scorer.modelPaths.en).toBe(join(dir, 'sentiment-en.json'));
    await core.dispatcher.dispatch(inv.command(member('ida'), 'feedback', { text: 'the zorblax update' }));
    const stored = await core.models.Feedback.findOne({ communityId: community, userId: 'ida' }).lean();
    expect(stored).toMatchObject({ label: 'negative', language: 'en' });
    // The shipped model does not know the word, so the directory made the difference.
    expect(new SentimentScorer().score('the zorblax update').label).not.toBe('negative');
  });
});
