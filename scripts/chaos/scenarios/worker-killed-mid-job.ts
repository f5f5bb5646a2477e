import { randomUUID } from 'node:crypto';
import { until } from '../../lib/processes.ts';
import { check, jobCompleted, ledgerClean, seedMembers, TEAM, type Scenario } from '../scenario.ts';

/**
 * SIGKILL the worker while it credits chat points to hundreds of members; start it again.
 * The job is taken over once its lock lapses and finishes; every member is credited once.
 */
export const workerKilledMidJob: Scenario = {
  name: 'worker-killed-mid-job',
  async run({ stack, quick }) {
    const ids = Array.from({ length: quick ? 120 : 400 }, (_, i) => `UCHAT${i}`);
    await seedMembers(stack, ids, 0, 'chat');
    for (const userId of ids) {
      const user = { id: userId, displayName: userId, role: 'member' as const };
      const event = { platform: 'slack' as const, communityId: TEAM, channelId: 'CGENERAL', user, text: 'hello all' };
      await stack.core.chat({ ...event, messageId: randomUUID(), at: new Date() });
    }
    const credited = () => stack.core.models.PointsEntry.countDocuments({ communityId: TEAM, reason: 'chat-activity' });
    const jobId = `chaos-flush-${Date.now()}`;
    await stack.scheduler.queue('chat-points-flush').add('chat-points-flush', {}, { jobId, attempts: 5 });
    await until('the flush to be under way', async () => (await credited()) >= ids.length / 10, 60_000);
    await stack.worker.stop('SIGKILL');
    const atKill = await credited();
    stack.worker.start();
    const job = await jobCompleted(stack, 'chat-points-flush', jobId, 90_000);
    const entries = await stack.core.models.PointsEntry.find({ communityId: TEAM, reason: 'chat-activity' }).lean();
    const perMember = new Map<string, number>();
    for (const entry of entries) perMember.set(entry.userId, (perMember.get(entry.userId) ?? 0) + entry.delta);
    check(perMember.size === ids.length, `${perMember.size} of ${ids.length} members credited`);
    check(
      [...perMember.values()].every((points) => points === 1),
      'a member was credited more than once',
    );
    return [
      `killed the worker with ${atKill}/${ids.length} credits written`,
      `the job finished after restart (attempts ${job?.attemptsMade ?? '?'})`,
      `every member credited exactly once`,
      await ledgerClean(stack),
    ].join('; ');
  },
};
