import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestCore, invocations, people, RecordingNotifier, type TestCore } from '../helpers/test-core.ts';

let core: TestCore;
const notifier = new RecordingNotifier();
const community = 'guild-membership';
const inv = invocations(community);

beforeAll(async () => {
  core = await createTestCore('membership');
  core.notifiers.register('console', notifier);
  await core.services.communities.ensure('console', community, 'Tea Club');
  await core.services.communities.update(community, { adminUserIds: ['admin'] });
});
afterAll(async () => core?.cleanup());
beforeEach(async () => {
  await core.models.Member.deleteMany({ communityId: community });
  await core.models.Audit.deleteMany({ communityId: community });
  await core.models.PointsEntry.deleteMany({ communityId: community });
  notifier.sent.length = 0;
});

const dispatch = (...args: Parameters<typeof inv.command>) => core.dispatcher.dispatch(inv.command(...args));
const member = (userId: string) => core.models.Member.findOne({ communityId: community, userId }).lean();

describe('joining', () => {
  it('creates an active membership on the default tier, once', async () => {
    const first = await dispatch(people.alice, 'join');
    expect(first.tone).toBe('success');
    expect(first.text).toContain('Welcome aboard, Alice');
    const second = await dispatch(people.alice, 'join');
    expect(second.errorCode).toBe('MEMBER.ALREADY_ACTIVE');
    expect(await core.models.Member.countDocuments({ communityId: community })).toBe(1);
    expect((await member('alice'))?.tier).toBe('free');
  });

  it('records the referrer of a valid code', async () => {
    await dispatch(people.alice, 'join');
    const code = (await member('alice'))?.referralCode ?? '';
    const reply = await dispatch(people.bob, 'join', { 'referral-code': code.toLowerCase() });
    expect(reply.text).toContain('invited by Alice');
    expect((await member('bob'))?.referredBy).toBe('alice');
    expect(await core.services.members.countReferredBy(community, 'alice')).toBe(1);
  });

  it('refuses an unknown referral code and creates nothing', async () => {
    const reply = await dispatch(people.bob, 'join', { 'referral-code': 'NOPE2345' });
    expect(reply.errorCode).toBe('REFERRAL.UNKNOWN');
    expect(reply.text).toContain('NOPE2345');
    expect(await member('bob')).toBeNull();
  });

  it('lets concurrent joins of one user create one membership', async () => {
    const replies = await Promise.all(Array.from({ length: 8 }, () => dispatch(people.bob, 'join')));
    expect(replies.filter((r) => r.tone === 'success')).toHaveLength(1);
    expect(await core.models.Member.countDocuments({ communityId: community, userId: 'bob' })).toBe(1);
  });
});

describe('the membership card', () => {
  it('shows status, tier, points and language', async () => {
    await dispatch(people.alice, 'join');
    const card = await dispatch(people.alice, 'membership');
    const fields = Object.fromEntries((card.fields ?? []).map((f) => [f.name, f.value]));
    expect(card.ephemeral).toBe(true);
    expect(fields).toMatchObject({ Status: 'Active', Tier: 'free', Points: '0', Language: 'English' });
  });

  it('tells a non-member how to join', async () => {
    const reply = await dispatch(people.bob, 'membership');
    expect(reply.errorCode).toBe('MEMBER.NOT_FOUND');
    expect(reply.text).toContain('/join');
  });

  it('answers in the chosen language, then the platform locale', async () => {
    await dispatch(people.chen, 'join');
    const zh = await dispatch(people.chen, 'membership');
    expect(zh.fields?.[0]).toEqual({ name: '状态', value: '有效', inline: true });
    await dispatch(people.chen, 'language', { language: 'en' });
    const en = await dispatch(people.chen, 'membership');
    expect(en.fields?.[0]?.name).toBe('Status');
    const refused = await dispatch(people.chen, 'language', { language: 'fr' });
    expect(refused.errorCode).toBe('ARGS.NOT_A_CHOICE');
    expect(refused.text).toContain('en, zh-CN');
  });
});

describe('cancelling a membership', () => {
  async function confirmAs(user: (typeof people)[keyof typeof people], reply: Awaited<ReturnType<typeof dispatch>>) {
    const confirm = reply.buttons?.[0];
    if (!confirm) throw new Error(`no confirm button in ${JSON.stringify(reply)}`);
    return core.dispatcher.press(inv.press(user, confirm.action));
  }

  it('lets an admin cancel after confirming: audited, member notified', async () => {
    await dispatch(people.bob, 'join');
    const ask = await dispatch(people.admin, 'cancel-membership', { user: '@bob', reason: 'chargeback' });
    expect(ask.buttons?.map((b) => b.style)).toEqual(['danger', 'secondary']);
    expect((await member('bob'))?.status).toBe('active');

    const done = await confirmAs(people.admin, ask);
    expect(done.text).toContain('Bob is cancelled');
    expect(await member('bob')).toMatchObject({ status: 'cancelled', cancelReason: 'chargeback' });
    const audit = await core.models.Audit.find({ communityId: community }).lean();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: 'membership.cancel',
      actorId: 'admin',
      targetId: 'bob',
      reason: 'chargeback',
    });
    expect(notifier.sent).toHaveLength(1);
    expect(notifier.sent[0]?.target).toMatchObject({ kind: 'member', userId: 'bob' });
    expect(notifier.sent[0]?.message.text).toContain('Tea Club');

    const again = await dispatch(people.admin, 'cancel-membership', { user: 'bob' });
    expect(again.errorCode).toBe('MEMBER.ALREADY_CANCELLED');
    const replay = await confirmAs(people.admin, ask);
    expect(replay.errorCode).toBe('BUTTON.EXPIRED');
    expect(await core.models.Audit.countDocuments({ communityId: community })).toBe(1);
  });

  it('refuses a non-admin cancelling someone else and changes nothing', async () => {
    await dispatch(people.bob, 'join');
    await dispatch(people.alice, 'join');
    const reply = await dispatch(people.alice, 'cancel-membership', { user: 'bob' });
    expect(reply.errorCode).toBe('AUTH.FORBIDDEN');
    expect(reply.buttons).toBeUndefined();
    expect((await member('bob'))?.status).toBe('active');
    expect(await core.models.Audit.countDocuments({ communityId: community })).toBe(0);
    expect(notifier.sent).toHaveLength(0);
  });

  it('refuses a confirmation button pressed by someone else', async () => {
    await dispatch(people.bob, 'join');
    await dispatch(people.alice, 'join');
    const ask = await dispatch(people.admin, 'cancel-membership', { user: 'bob' });
    const stolen = await confirmAs(people.alice, ask);
    expect(stolen.errorCode).toBe('BUTTON.NOT_YOURS');
    expect((await member('bob'))?.status).toBe('active');
  });

  it('refuses forged and malformed button actions', async () => {
    await dispatch(people.bob, 'join');
    const forged = 'v1:cancel-membership:confirm:AAAAAAAAAAAAAAAAAAAAAA';
    for (const action of [
      forged,
      'v1:cancel-membership:explode:x',
      'hello',
      'v1:nope:confirm:AAAAAAAAAAAAAAAAAAAAAA',
    ]) {
      const reply = await core.dispatcher.press(inv.press(people.admin, action));
      expect(reply.errorCode, action).toMatch(/^BUTTON\./);
    }
    expect((await member('bob'))?.status).toBe('active');
  });

  it('lets members cancel themselves, and keep changes nothing', async () => {
    // Without the save flow (test/core/retention/save-flow.test.ts covers it): the plain confirmation.
    await core.services.communities.setRetention(community, { saveFlow: false });
    await dispatch(people.alice, 'join');
    const ask = await dispatch(people.alice, 'cancel-membership');
    const keep = await core.dispatcher.press(inv.press(people.alice, ask.buttons?.[1]?.action ?? ''));
    expect(keep.text).toContain('nothing was changed');
    expect((await member('alice'))?.status).toBe('active');

    const again = await dispatch(people.alice, 'cancel-membership', { reason: 'moving away' });
    const done = await confirmAs(people.alice, again);
    expect(done.text).toContain('Your membership is cancelled');
    expect((await member('alice'))?.status).toBe('cancelled');

    const rejoin = await dispatch(people.alice, 'join');
    expect(rejoin.text).toContain('Welcome back');
    expect((await member('alice'))?.status).toBe('active');
    await core.services.communities.setRetention(community, {});
  });

  it('reports an unknown target clearly', async () => {
    const reply = await dispatch(people.admin, 'cancel-membership', { user: 'ghost' });
    expect(reply.errorCode).toBe('MEMBER.TARGET_NOT_FOUND');
    expect(reply.text).toContain('ghost');
  });
});
