import { randomUUID } from 'node:crypto';
import { until } from '../../lib/processes.ts';
import { check, jobCompleted, ledgerClean, memberKey, seedMembers, TEAM, type Scenario } from '../scenario.ts';

/**
 * FLUSHALL on Redis with a bot and a worker running: the repeating schedules come back
 * without a restart, the all-time leaderboard is rebuilt from MongoDB, and chat points
 * earned afterwards are credited once; no balance moves by itself.
 */
export const redisFlushall: Scenario = {
  name: 'redis-flushall',
  async run({ stack, slack }) {
    const ids = ['ULEAD1', 'ULEAD2', 'ULEAD3'];
    await seedMembers(stack, ids, 0, 'lead');
    for (const [i, id] of ids.entries()) {
      await stack.core.services.loyalty.ledger.apply({
        member: memberKey(id),
        delta: 5000 + 1000 * i,
        kind: 'adjust',
        reason: 'chaos-lead',
        source: 'import',
        idempotencyKey: `chaos:lead:${id}`,
      });
    }
    const before = await slack.slash('ULEAD1', 'leaderboard', 'all');
    const balances = async () =>
      Promise.all(ids.map(async (id) => (await stack.core.services.loyalty.ledger.totals(memberKey(id))).balance));
    const balancesBefore = await balances();
    await stack.redis.flushall();
    const flush = stack.scheduler.queue('chat-points-flush');
    await until('the schedules to be re-installed', async () => (await flush.getJobSchedulers()).length === 1, 30_000);
    const after = await slack.slash('ULEAD1', 'leaderboard', 'all');
    check(
      after.text !== null && after.text === before.text,
      `leaderboard after: ${after.text}; before: ${before.text}`,
    );
    check(Boolean(after.text?.includes('1. ULEAD3 — 7,000')), `leaderboard not rebuilt in order: ${after.text}`);
    const balancesAfter = await balances();
    check(JSON.stringify(balancesAfter) === JSON.stringify(balancesBefore), 'a balance moved after FLUSHALL');
    const user = { id: 'ULEAD1', displayName: 'ULEAD1', role: 'member' as const };
    await stack.core.chat({
      platform: 'slack',
      communityId: TEAM,
      channelId: 'CGENERAL',
      messageId: randomUUID(),
      user,
      text: 'back again',
      at: new Date(),
    });
    const jobId = `chaos-flush-after-${Date.now()}`;
    await flush.add('chat-points-flush', {}, { jobId });
    await jobCompleted(stack, 'chat-points-flush', jobId);
    const chat = await stack.core.models.PointsEntry.countDocuments({
      communityId: TEAM,
      userId: 'ULEAD1',
      reason: 'chat-activity',
    });
    check(chat === 1, `ULEAD1 has ${chat} chat credits after one message`);
    return [
      'FLUSHALL; schedules back within seconds',
      'all-time leaderboard rebuilt identical from MongoDB',
      'balances unchanged; a chat point earned afterwards credited once',
      await ledgerClean(stack),
    ].join('; ');
  },
};
