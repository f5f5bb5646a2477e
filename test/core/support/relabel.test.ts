import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trainingTsv } from '../../../core/dashboard/training-tsv.ts';
import { parseTrainingFile } from '../../../core/sentiment/training-file.ts';
import { createTestCore, invocations, joinAll, member, type TestCore } from '../../helpers/test-core.ts';

let core: TestCore;
const community = 'guild-relabel';
const elsewhere = 'guild-relabel-other';
const inv = invocations(community);
const manager = { id: 'mia', displayName: 'Mia', role: 'manager' as const, locale: 'en-US' };

beforeAll(async () => {
  core = await createTestCore('relabel');
  await core.services.communities.ensure('console', community, 'Bean Club');
  await core.services.communities.ensure('console', elsewhere, 'Other Club');
  await joinAll(core, community, [member('fay')]);
  await joinAll(core, elsewhere, [member('ola')]);
});
afterAll(async () => core?.cleanup());

async function feedbackOf(communityId: string, userId: string, text: string) {
  await core.dispatcher.dispatch(invocations(communityId).command(member(userId), 'feedback', { text }));
  const doc = await core.models.Feedback.findOne({ communityId, userId, text }).lean();
  if (!doc) throw new Error(`no feedback stored for ${text}`);
  return doc;
}

const exported = () =>
  trainingTsv(
    core.services.figures.feedbackIndex,
    (ids) => core.services.support.feedback.byIds(community, ids),
    community,
    new Date(),
  );

describe('/relabel', () => {
  it("keeps a manager's label beside the model's and exports it as a training file train:sentiment reads", async () => {
    const logistics = await feedbackOf(community, 'fay', 'The parcel came on Tuesday.\tTracking said\nMonday.');
    const praise = await feedbackOf(community, 'fay', 'Love the tasting evenings, thank you!');
    const reply = await core.dispatcher.dispatch(
      inv.command(manager, 'relabel', { feedback: logistics._id, label: 'neutral' }),
    );
    expect(reply.errorCode).toBeUndefined();
    expect(reply.text).toContain('Labelled Neutral for training');
    const stored = await core.models.Feedback.findById(logistics._id).lean();
    expect(stored).toMatchObject({ managerLabel: 'neutral', relabelledBy: 'mia', label: logistics.label });
    const [line] = await core.services.figures.feedbackIndex.lines(community, [logistics._id]);
    expect(line?.managerLabel).toBe('neutral');

    const file = await exported();
    const { rows, problems } = parseTrainingFile(new TextEncoder().encode(file));
    expect(problems).toEqual([]);
    expect(rows.map((row) => [row.label, row.text])).toEqual([
      ['neutral', 'The parcel came on Tuesday. Tracking said Monday.'],
    ]);
    expect(file).not.toContain(praise.text);
  });

  it("refuses members, and another community's feedback reads as unknown and stays as it was", async () => {
    const theirs = await feedbackOf(elsewhere, 'ola', 'Checkout broke again and nobody answered');
    const asMember = await core.dispatcher.dispatch(
      inv.command(member('fay'), 'relabel', { feedback: theirs._id, label: 'positive' }),
    );
    expect(asMember.errorCode).toBe('AUTH.FORBIDDEN');
    const crossing = await core.dispatcher.dispatch(
      inv.command(manager, 'relabel', { feedback: theirs._id, label: 'positive' }),
    );
    expect(crossing.errorCode).toBe('FEEDBACK.NOT_FOUND');
    expect(crossing.text).toContain('There is no feedback');
    const badLabel = await core.dispatcher.dispatch(
      inv.command(manager, 'relabel', { feedback: theirs._id, label: 'happy' }),
    );
    expect(badLabel.errorCode).toBe('ARGS.NOT_A_CHOICE');
    expect((await core.models.Feedback.findById(theirs._id).lean())?.managerLabel ?? null).toBeNull();
    expect(await exported()).not.toContain(theirs.text);
  });

  it('drops an erased member’s labelled words from the training file', async () => {
    const words = await feedbackOf(community, 'fay', 'Please stop emailing me twice a day');
    await core.dispatcher.dispatch(inv.command(manager, 'relabel', { feedback: words._id, label: 'negative' }));
    expect(await exported()).toContain(words.text);
    await core.services.support.privacy.eraseWritings(
      { communityId: community, platform: 'console', userId: 'fay' },
      new Date(),
    );
    expect(await exported()).not.toContain(words.text);
  });
});
