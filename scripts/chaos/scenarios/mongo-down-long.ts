import { sleep, until } from '../../lib/processes.ts';
import { check, seedMembers, TEAM, type Scenario } from '../scenario.ts';

const TEXT = 'The checkout froze again while I was paying';

/**
 * The MongoDB-compatible server stays down for far more tries than the old retry limit (12)
 * allowed (the retry clock is shortened to 200 ms instead of sleeping 34 minutes): feedback
 * given meanwhile waits in its queue, uses up no attempt, and is written once when it is back.
 */
export const mongoDownLong: Scenario = {
  name: 'mongo-down-long',
  async run({ stack, slack, quick }) {
    await seedMembers(stack, ['UFEED'], 0, 'feed');
    await slack.slash('UFEED', 'membership');
    await stack.mongo.stop('SIGKILL');
    const answer = await slack.slash('UFEED', 'feedback', TEXT);
    check(Boolean(answer.text?.includes('record it shortly')), `feedback while down answered: ${answer.text}`);
    const queue = stack.scheduler.queue('feedback-record');
    const ours = async () =>
      (await queue.getJobs(['waiting', 'delayed', 'active', 'completed', 'failed'])).find(
        (job) => job.data.userId === 'UFEED',
      );
    await until('the feedback to be queued', async () => (await ours()) !== undefined, 10_000);
    const downMs = quick ? 4000 : 8000;
    await sleep(downMs);
    const waiting = await ours();
    const state = await waiting?.getState();
    check(state !== 'failed' && state !== 'completed', `job ${state} while the database was down`);
    check((waiting?.attemptsMade ?? 1) === 0, `attempts used while waiting: ${waiting?.attemptsMade}`);
    stack.mongo.start();
    await stack.waitForStores();
    const stored = () => stack.core.models.Feedback.countDocuments({ communityId: TEAM, userId: 'UFEED', text: TEXT });
    await until('the feedback to be written', async () => (await stored()) >= 1, 60_000);
    await sleep(1500);
    check((await stored()) === 1, `feedback written ${await stored()} times`);
    return [
      `database down ${downMs / 1000} s (≈${Math.floor(downMs / 200)} tries at 200 ms, old limit 12)`,
      'queued feedback not failed, no attempt used',
      'written exactly once when back',
    ].join('; ');
  },
};
