import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Reply } from '../../../core/types.ts';
import {
  createTestCore,
  invocations,
  ManualClock,
  people,
  RecordingNotifier,
  type TestCore,
} from '../../helpers/test-core.ts';

let core: TestCore;
const clock = new ManualClock(new Date('2026-03-02T12:00:00Z'));
const notifier = new RecordingNotifier();
const community = 'guild-save';
const inv = invocations(community);
const DAY = 24 * 3600 * 1000;

const dispatch = (...args: Parameters<typeof inv.command>) => core.dispatcher.dispatch(inv.command(...args));
const press = (user: (typeof people)[keyof typeof people], reply: Reply, verb: string, input?: string) => {
  const button = reply.buttons?.find((b) => b.action.split(':')[2] === verb);
  if (!button) throw new Error(`no ${verb} button in ${JSON.stringify(reply)}`);
  return core.dispatcher.press({ ...inv.press(user, button.action), input });
};
const member = (userId: string) => core.models.Member.findById(`${community}|console|${userId}`).lean();
const key = (userId: string) => ({ communityId: community, platform: 'console' as const, userId });
const balance = async (userId: string) => (await core.services.loyalty.ledger.totals(key(userId))).balance;
const attempts = () => core.models.SaveAttempt.find({ communityId: community }).sort({ startedAt: 1 }).lean();

beforeAll(async () => {
  core = await createTestCore('save-flow', { clock });
  core.notifiers.register('console', notifier);
  await core.services.communities.ensure('console', community, 'Tea Club');
  await core.services.communities.update(community, { adminUserIds: ['admin'], managerUserIds: ['mia'] });
  await core.services.communities.setLimits(community, { '*': { count: 1000, windowSeconds: 60 } });
});
afterAll(async () => core?.cleanup());
beforeEach(async () => {
  clock.set('2026-03-02T12:00:00Z');
  for (const model of [core.models.Member, core.models.SaveAttempt, core.models.PointsEntry, core.models.Audit])
    await (model as typeof core.models.Audit).deleteMany({ communityId: community });
  await core.models.AppliedKey.deleteMany({});
  await core.models.Notice.deleteMany({ communityId: community });
  await core.services.communities.setRetention(community, {});
  notifier.sent.length = 0;
});

describe('a member cancelling their own membership', () => {
  it('is asked why, offered a pause, and pausing freezes points, expiry and the paid tier', async () => {
    await dispatch(people.alice, 'join');
    await core.services.loyalty.ledger.apply({
      member: key('alice'),
      delta: 40,
      kind: 'earn',
      reason: 'feedback',
      source: 'rule',
      idempotencyKey: 'seed-alice',
    });
    const alice = await member('alice');
    const community_ = await core.services.communities.ensure('console', community);
    await core.services.loyalty.renewals.setPaidTier(
      alice!,
      community_,
      'gold',
      new Date(clock.now().getTime() + 10 * DAY),
      clock.now(),
    );
    expect((await member('alice'))?.tier).toBe('gold');
    notifier.sent.length = 0;

    const ask = await dispatch(people.alice, 'cancel-membership');
    expect(ask.title).toBe('Before you go…');
    expect(ask.buttons?.map((b) => b.label)).toEqual([
      'Too expensive',
      'Not using it',
      'Missing features',
      'Bad experience',
      'Another reason…',
      'Keep my membership',
    ]);
    const offer = await press(people.alice, ask, 'expensive');
    expect(offer.text).toContain('Pause your membership instead, for up to 3 months');
    expect(offer.buttons?.map((b) => b.label)).toEqual([
      'Pause 1 mo.',
      'Pause 2 mo.',
      'Pause 3 mo.',
      'Cancel my membership',
      'Keep my membership',
    ]);
    const paused = await press(people.alice, offer, 'pause2');
    expect(paused.text).toContain('paused until 2 May 2026');
    expect(await member('alice')).toMatchObject({ status: 'paused', tier: 'gold' });
    expect((await attempts())[0]).toMatchObject({ reason: 'expensive', offer: 'pause', outcome: 'accepted' });
    // Pressed twice: one pause.
    expect((await press(people.alice, offer, 'pause2')).errorCode).toBe('BUTTON.EXPIRED');

    // Paused: nothing to redeem, nothing earned, nothing expires, the paid tier does not lapse.
    expect((await dispatch(people.alice, 'redeem', { reward: 'anything' })).errorCode).toBe('MEMBER.PAUSED');
    expect((await dispatch(people.alice, 'join')).errorCode).toBe('MEMBER.PAUSED');
    const card = await dispatch(people.alice, 'membership');
    expect(card.fields?.find((f) => f.name === 'Status')?.value).toBe('Paused');
    expect(card.text).toContain('/membership resume');
    clock.advanceDays(30);
    await core.services.communities.setLoyalty(community, { expiry: { days: 20, warnDays: 0 } });
    await core.services.loyalty.maintenance.expirePoints(clock.now());
    await core.services.loyalty.maintenance.processRenewals(clock.now());
    expect(await balance('alice')).toBe(40);
    expect(await member('alice')).toMatchObject({ status: 'paused', paidTier: 'gold', tier: 'gold' });

    // A week before the end: one reminder however often the job runs; on the day it resumes by itself.
    clock.set('2026-04-26T12:00:00Z');
    await core.services.loyalty.maintenance.processRenewals(clock.now());
    await core.services.loyalty.maintenance.processRenewals(clock.now());
    expect(notifier.sent.map((s) => s.message.title)).toEqual(['Your pause ends soon']);
    clock.set('2026-05-02T13:00:00Z');
    const run = await core.services.loyalty.maintenance.processRenewals(clock.now());
    expect(run).toMatchObject({ resumed: 1 });
    const back = await member('alice');
    expect(back).toMatchObject({ status: 'active', paidTier: 'gold', tier: 'gold' });
    // Ten paid days were left when the pause began: ten are left now.
    expect(back?.paidUntil?.toISOString()).toBe('2026-05-12T13:00:00.000Z');
    expect(notifier.sent.at(-1)?.message.title).toBe('Welcome back');
    // Points credited on 2 March live 20 days plus the 61 days paused.
    await core.services.loyalty.maintenance.expirePoints(clock.now());
    expect(await balance('alice')).toBe(40);
    clock.set('2026-05-23T13:00:00Z');
    await core.services.loyalty.maintenance.expirePoints(clock.now());
    expect(await balance('alice')).toBe(0);
  });

  it('resumes early with /membership resume, once', async () => {
    await dispatch(people.bob, 'join');
    const offer = await press(people.bob, await dispatch(people.bob, 'cancel-membership'), 'unused');
    await press(people.bob, offer, 'pause1');
    clock.advanceDays(5);
    const resumed = await dispatch(people.bob, 'membership', { action: 'resume' });
    expect(resumed.text).toContain('active again');
    expect(await member('bob')).toMatchObject({ status: 'active', pausedUntil: null, pausedMsTotal: 5 * DAY });
    expect((await dispatch(people.bob, 'membership', { action: 'resume' })).errorCode).toBe('MEMBER.NOT_PAUSED');
  });

  it('offers the one-time bonus once, then goes straight to the choice', async () => {
    await dispatch(people.alice, 'join');
    const offer = await press(people.alice, await dispatch(people.alice, 'cancel-membership'), 'features');
    expect(offer.text).toContain('100 bonus points');
    const taken = await press(people.alice, offer, 'bonus');
    expect(taken.text).toContain('100 bonus points were added');
    expect(await balance('alice')).toBe(100);
    const again = await press(people.alice, await dispatch(people.alice, 'cancel-membership'), 'features');
    expect(again.text).toBe('Sorry to see you go. Cancel your membership?');
    expect(again.buttons?.map((b) => b.label)).toEqual(['Cancel my membership', 'Keep my membership']);
    const done = await press(people.alice, again, 'cancel');
    expect(done.text).toContain('Your membership is cancelled');
    expect(await member('alice')).toMatchObject({ status: 'cancelled', cancelReason: 'Missing features' });
    expect(await balance('alice')).toBe(100);
    expect((await attempts()).map((a) => a.outcome)).toEqual(['accepted', 'cancelled']);
  });

  it('offers a paid member a downgrade when the community says so, on record for the shop', async () => {
    await core.services.communities.setRetention(community, { offers: { expensive: 'downgrade' } });
    await dispatch(people.bob, 'join');
    const bob = await member('bob');
    const settings = await core.services.communities.ensure('console', community);
    await core.services.loyalty.renewals.setPaidTier(
      bob!,
      settings,
      'gold',
      new Date(clock.now().getTime() + 20 * DAY),
      clock.now(),
    );
    const offer = await press(people.bob, await dispatch(people.bob, 'cancel-membership'), 'expensive');
    expect(offer.text).toBe('Move down from gold to silver instead of leaving.');
    const moved = await press(people.bob, offer, 'downgrade');
    expect(moved.text).toContain("You're now on silver");
    expect(await member('bob')).toMatchObject({ status: 'active', paidTier: 'silver', tier: 'silver' });
    const audit = await core.models.Audit.findOne({ communityId: community, action: 'membership.downgrade' }).lean();
    expect(audit).toMatchObject({ actorId: 'bob', details: { from: 'gold', to: 'silver' } });
    // Without a paid tier there is nothing to downgrade: no offer.
    await dispatch(people.alice, 'join');
    const none = await press(people.alice, await dispatch(people.alice, 'cancel-membership'), 'expensive');
    expect(none.text).toBe('Sorry to see you go. Cancel your membership?');
  });

  it('asks for "another reason" in their own words, keeps them for the record, erases them on request', async () => {
    await dispatch(people.alice, 'join');
    const ask = await dispatch(people.alice, 'cancel-membership');
    const form = await press(people.alice, ask, 'other');
    expect(form.form).toMatchObject({ title: 'Tell us why', label: 'What made you decide to leave?' });
    const submitted = await core.dispatcher.press({
      ...inv.press(people.alice, form.form!.action),
      input: ' moving abroad ',
    });
    expect(submitted.buttons?.map((b) => b.label)).toEqual(['Cancel my membership', 'Keep my membership']);
    await press(people.alice, submitted, 'cancel');
    expect(await member('alice')).toMatchObject({
      status: 'cancelled',
      cancelReason: 'Another reason…: moving abroad',
    });
    expect((await attempts())[0]).toMatchObject({ reason: 'other', note: 'moving abroad', outcome: 'cancelled' });
    const audit = await core.models.Audit.findOne({ communityId: community, action: 'membership.cancel' }).lean();
    expect(audit).toMatchObject({ actorId: 'alice', targetId: 'alice' });
    // A member cancelling themselves is not sent the "cancelled by an admin" DM.
    expect(notifier.sent).toHaveLength(0);

    await core.services.support.privacy.eraseWritings(key('alice'), clock.now());
    expect((await attempts())[0]?.note).toBeNull();
    expect((await member('alice'))?.cancelReason).toBeNull();
  });

  it('lets a member change their mind, and nobody else press their buttons', async () => {
    await dispatch(people.alice, 'join');
    await dispatch(people.bob, 'join');
    const ask = await dispatch(people.alice, 'cancel-membership');
    const stolen = await press(people.bob, ask, 'experience');
    expect(stolen.errorCode).toBe('BUTTON.NOT_YOURS');
    const forged = await core.dispatcher.press(
      inv.press(people.alice, 'v1:cancel-membership:cancel:AAAAAAAAAAAAAAAAAAAAAA'),
    );
    expect(forged.errorCode).toBe('BUTTON.EXPIRED');
    const kept = await press(people.alice, ask, 'stay');
    expect(kept.text).toContain("Glad you're staying");
    expect((await press(people.alice, ask, 'experience')).errorCode).toBe('BUTTON.EXPIRED');
    expect(await member('alice')).toMatchObject({ status: 'active' });
    expect((await attempts())[0]).toMatchObject({ outcome: 'kept' });
  });

  it("asks in the member's language", async () => {
    await dispatch(people.chen, 'join');
    const ask = await dispatch(people.chen, 'cancel-membership');
    expect(ask.title).toBe('在您离开之前……');
    const offer = await press(people.chen, ask, 'expensive');
    expect(offer.buttons?.[0]?.label).toBe('暂停 1 个月');
  });

  it('goes straight to the confirmation when the save flow is off; admins are unchanged', async () => {
    const off = await dispatch(people.admin, 'config', { action: 'set', key: 'retention.saveFlow', value: 'off' });
    expect(off.text).toContain('retention.saveFlow is now off');
    await dispatch(people.alice, 'join');
    const ask = await dispatch(people.alice, 'cancel-membership');
    expect(ask.title).toBe('Cancel membership?');
    expect(ask.buttons?.map((b) => b.label)).toEqual(['Cancel membership', 'Keep it']);
    await core.services.communities.setRetention(community, {});
    await dispatch(people.bob, 'join');
    const admin = await dispatch(people.admin, 'cancel-membership', { user: 'bob', reason: 'chargeback' });
    expect(admin.title).toBe('Cancel membership?');
    expect(await attempts()).toHaveLength(0);
  });

  it('refuses offer settings that are not offers', async () => {
    const bad = await dispatch(people.admin, 'config', {
      action: 'set',
      key: 'retention.offers.unused',
      value: 'cake',
    });
    expect(bad.errorCode).toBe('CONFIG.INVALID');
    const months = await dispatch(people.admin, 'config', { action: 'set', key: 'retention.pauseMonths', value: '4' });
    expect(months.errorCode).toBe('CONFIG.INVALID');
    const ok = await dispatch(people.admin, 'config', {
      action: 'set',
      key: 'retention.offers.unused',
      value: 'bonus',
    });
    expect(ok.tone).toBe('success');
  });
});

describe('the save rate, for managers', () => {
  it('counts attempts, outcomes, offers and reasons, with a confidence interval', async () => {
    for (const [user, reason, verb] of [
      [people.alice, 'expensive', 'pause1'],
      [people.bob, 'features', 'cancel'],
      [people.chen, 'unused', 'stay'],
    ] as const) {
      await dispatch(user, 'join');
      const offer = await press(user, await dispatch(user, 'cancel-membership'), reason);
      await press(user, offer, verb);
    }
    await dispatch(people.admin, 'join');
    await dispatch(people.admin, 'cancel-membership'); // walked away
    const mia = { id: 'mia', displayName: 'Mia', role: 'member' as const, locale: 'en-US' };
    const view = await dispatch(mia, 'insights', { view: 'save-rate' });
    const fields = Object.fromEntries((view.fields ?? []).map((f) => [f.name, f.value]));
    expect(view.title).toBe('Save rate');
    expect(fields['Saved (95% CI)']).toBe('66.7% (20.8–93.9%)');
    expect(fields.Outcomes).toBe('4 started · 1 took an offer · 1 changed their mind · 1 cancelled · 1 undecided');
    expect(fields.Offers).toBe('pause: shown 2, taken 1\nbonus: shown 1, taken 0');
    expect(fields.Reasons).toContain('Too expensive: 1 (1 saved, 0 cancelled)');
    expect((await dispatch(people.alice, 'insights', { view: 'save-rate' })).errorCode).toBe('AUTH.FORBIDDEN');
  });
});
