import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestCore,
  invocations,
  joinAll,
  ManualClock,
  member,
  people,
  type TestCore,
} from '../helpers/test-core.ts';

let core: TestCore;
const clock = new ManualClock(new Date('2026-06-01T12:00:00Z'));
const community = 'guild-limits';
const inv = invocations(community);

beforeAll(async () => {
  core = await createTestCore('limits', { clock });
  await core.services.communities.ensure('console', community);
  await core.services.communities.update(community, { adminUserIds: ['admin'] });
});
afterAll(async () => core?.cleanup());

const tickets = () => core.models.Ticket.countDocuments({ communityId: community });

describe('per-user, per-command rate limits', () => {
  it('holds a member to 5 unanswered questions in 10 minutes, in their language, opening no more tickets', async () => {
    const asker = member('rae');
    await joinAll(core, community, [asker]);
    const ask = (user = asker) =>
      core.dispatcher.dispatch(inv.command(user, 'ask', { question: 'is the shop open on sunday evenings?' }));
    for (let i = 0; i < 5; i += 1) expect((await ask()).errorCode).toBeUndefined();
    expect(await tickets()).toBe(5);
    const limited = await ask();
    expect(limited).toMatchObject({ errorCode: 'RATE.LIMITED', tone: 'error' });
    expect(limited.text).toContain('at most 5 times in 600 seconds');
    const chinese = { ...people.chen, id: 'rae' };
    expect((await ask(chinese)).text).toContain('600 秒内最多可使用 5 次');
    expect(await tickets()).toBe(5);
    // Someone else is not held back, and other commands are counted apart.
    expect((await ask(member('sol'))).errorCode).toBeUndefined();
    expect((await core.dispatcher.dispatch(inv.command(asker, 'points'))).errorCode).toBeUndefined();
    // The window slides on.
    clock.advanceSeconds(1200);
    expect((await ask()).errorCode).toBeUndefined();
  });

  it('follows the community setting, validated as count/seconds', async () => {
    const set = (value: string) =>
      core.dispatcher.dispatch(inv.command(people.admin, 'config', { action: 'set', key: 'limits.refer', value }));
    expect((await set('2/60')).tone).toBe('success');
    expect((await set('lots')).errorCode).toBe('CONFIG.INVALID');
    const referrer = member('uma');
    await joinAll(core, community, [referrer]);
    const refer = () => core.dispatcher.dispatch(inv.command(referrer, 'refer'));
    expect((await refer()).errorCode).toBeUndefined();
    expect((await refer()).errorCode).toBeUndefined();
    expect((await refer()).errorCode).toBe('RATE.LIMITED');
  });
});
