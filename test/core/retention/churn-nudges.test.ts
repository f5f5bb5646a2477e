import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ButtonInvocation, InvokingUser, Reply } from '../../../core/types.ts';
import {
  createTestCore,
  invocations,
  joinAll,
  ManualClock,
  member,
  people,
  RecordingNotifier,
  type TestCore,
} from '../../helpers/test-core.ts';

let core: TestCore;
const clock = new ManualClock(new Date('2026-05-04T10:00:00Z'));
const notifier = new RecordingNotifier();
const community = 'guild-nudges';
const inv = invocations(community);
const DAY = 24 * 3600 * 1000;
const mia: InvokingUser = { id: 'mia', displayName: 'Mia', role: 'member', locale: 'en-US' };
const key = (userId: string) => ({ communityId: community, platform: 'console' as const, userId });
const balance = async (userId: string) => (await core.services.loyalty.ledger.totals(key(userId))).balance;
const dispatch = (...args: Parameters<typeof inv.command>) => core.dispatcher.dispatch(inv.command(...args));
const atRisk = Array.from({ length: 40 }, (_, i) => member(`risky${i}`));
/** Members who read Chinese (enough that some are nudged whatever the control draw). */
const chinese = Array.from({ length: 4 }, (_, i) => ({ ...member(`lin${i}`), locale: 'zh-CN' }));
let presses = 0;
/** "12.3% (4.5–20.1%)": a rate with its 95% interval. */
const RATE = '\\d+\\.\\d% \\(\\d+\\.\\d–\\d+\\.\\d%\\)';

function dmPress(user: InvokingUser, action: string): Promise<Reply> {
  const press: ButtonInvocation = {
    invocationId: `dm-${(presses += 1)}`,
    platform: 'console',
    communityId: '',
    directMessage: true,
    user,
    action,
  };
  return core.dispatcher.press(press);
}

async function setRisk(userId: string, churnRisk: number) {
  const value = JSON.stringify({ persona: 0, snapshotId: 's', churnRisk, churnFactors: ['inactivity'] });
  await core.redis.hset(`${core.redisPrefix}:persona:{${community}}`, `console|${userId}`, value);
}

async function earn(userId: string, points: number, idempotencyKey: string) {
  await core.services.loyalty.ledger.apply({
    member: key(userId),
    delta: points,
    kind: 'earn',
    reason: 'chat-activity',
    source: 'rule',
    idempotencyKey,
  });
}

const dmTo = (userId: string) =>
  notifier.sent.filter((s) => s.target.kind === 'member' && s.target.userId === userId).map((s) => s.message);

beforeAll(async () => {
  core = await createTestCore('churn-nudges', { clock, pushPauseMs: 0 });
  core.notifiers.register('console', notifier);
  await core.services.communities.ensure('console', community, 'Tea House');
  await core.services.communities.update(community, { adminUserIds: ['admin'], managerUserIds: ['mia'] });
  await core.services.communities.setLimits(community, { '*': { count: 1000, windowSeconds: 60 } });
  await dispatch(people.admin, 'catalog', { action: 'add', item: 'mug', title: 'Club mug', cost: 30, tags: 'ware' });
  await joinAll(core, community, [...atRisk, member('calm'), member('quiet'), ...chinese]);
  for (const [i, user] of atRisk.entries()) {
    await setRisk(user.id, 0.9);
    if (i % 2 === 0) await earn(user.id, 50, `seed-${user.id}`); // can afford the mug
  }
  await setRisk('calm', 0.2);
  await setRisk('quiet', 0.95);
  for (const user of chinese) {
    await setRisk(user.id, 0.8);
    await dispatch(user, 'language', { language: 'zh-CN' });
  }
  await dispatch(member('quiet'), 'membership', { action: 'offers-off' });
});
afterAll(async () => core?.cleanup());

describe('churn nudges', () => {
  it('do nothing until the community turns them on', async () => {
    expect(await core.services.retention.nudges.run(clock.now())).toEqual({ nudged: 0, control: 0, evaluated: 0 });
    const on = await dispatch(people.admin, 'config', { action: 'set', key: 'retention.nudges', value: 'on' });
    expect(on.text).toBe('retention.nudges is now on.');
  });

  it('nudge members at risk once, keep a control share, and leave out the calm and the opted out', async () => {
    const run = await core.services.retention.nudges.run(clock.now());
    // 40 risky members and 4 Chinese-speaking ones; not Calm (risk 20%) nor Quiet (opted out).
    expect(run.nudged + run.control).toBe(44);
    expect(run.control).toBeGreaterThanOrEqual(3);
    expect(run.control).toBeLessThanOrEqual(16);
    const docs = await core.models.ChurnNudge.find({ communityId: community }).lean();
    const nudged = docs.filter((d) => d.group === 'nudged');
    expect(nudged.every((d) => d.delivery === 'sent')).toBe(true);
    expect(docs.filter((d) => d.group === 'control').every((d) => dmTo(d.userId).length === 0)).toBe(true);
    expect(dmTo('calm')).toHaveLength(0);
    expect(dmTo('quiet')).toHaveLength(0);
    // Those who can afford the mug are offered it; the others a bonus to claim.
    const rich = nudged.find((d) => Number(d.userId.slice(5)) % 2 === 0) ?? null;
    const poor = nudged.find((d) => d.userId.startsWith('risky') && Number(d.userId.slice(5)) % 2 === 1) ?? null;
    expect(rich).toMatchObject({ kind: 'reward', itemId: 'mug' });
    expect(poor).toMatchObject({ kind: 'bonus' });
    expect(dmTo(rich!.userId)[0]?.text).toBe('You have 50 points — enough for Club mug (30 points). Redeem it now?');
    expect(dmTo(poor!.userId)[0]?.buttons?.map((b) => b.label)).toEqual(['Claim 50 points', 'No more offers']);

    // Again the next day and the day after: nobody twice within 30 days.
    clock.advanceDays(1);
    expect(await core.services.retention.nudges.run(clock.now())).toMatchObject({ nudged: 0, control: 0 });
  });

  it('let a member claim the bonus or redeem the reward from the DM, and turn offers off', async () => {
    const nudged = await core.models.ChurnNudge.find({ communityId: community, group: 'nudged' }).lean();
    const poor = nudged.find((d) => d.kind === 'bonus' && d.userId.startsWith('risky'))!;
    const rich = nudged.find((d) => d.kind === 'reward')!;
    const [claim, optOut] = dmTo(poor.userId)[0]!.buttons!;
    expect((await dmPress(member(rich.userId), claim!.action)).errorCode).toBe('BUTTON.NOT_YOURS');
    expect((await dmPress(member(poor.userId), claim!.action)).text).toBe(
      '50 bonus points were added to your balance. Welcome back!',
    );
    expect((await dmPress(member(poor.userId), claim!.action)).text).toBe('You already claimed this bonus.');
    expect(await balance(poor.userId)).toBe(50);
    const redeemed = await dmPress(member(rich.userId), dmTo(rich.userId)[0]!.buttons![0]!.action);
    expect(redeemed.title).toBe('Reward redeemed');
    expect(await balance(rich.userId)).toBe(20);
    const off = await dmPress(member(poor.userId), optOut!.action);
    expect(off.text).toContain('No more offers by DM');
    expect((await core.models.Member.findById(`${community}|console|${poor.userId}`).lean())?.offerDms).toBe(false);
  });

  it("speak the member's language", async () => {
    const titles = chinese.flatMap((user) => dmTo(user.id).map((message) => message.title));
    expect(titles.length).toBeGreaterThan(0);
    expect(new Set(titles)).toEqual(new Set(['Tea House 想念您']));
  });

  it("judge retention at 30 days: active and still a member, not counting the nudge's own bonus", async () => {
    const docs = await core.models.ChurnNudge.find({ communityId: community }).lean();
    const control = docs.filter((d) => d.group === 'control');
    const nudged = docs.filter((d) => d.group === 'nudged' && d.kind === 'bonus');
    // Two control members come back; a nudged one who only claimed the bonus is not "retained" for it.
    await earn(control[0]!.userId, 2, 'back-1');
    await earn(control[1]!.userId, 2, 'back-2');
    const claimedOnly = nudged.find((d) => d.claimed)!;
    const leaver = nudged.find((d) => !d.claimed)!;
    await earn(leaver.userId, 3, 'back-3');
    await core.services.members.cancel((await core.services.members.find(key(leaver.userId)))!, null, clock.now());
    clock.advanceDays(28); // 29 days after the nudges
    expect((await core.services.retention.nudges.run(clock.now())).evaluated).toBe(0);
    clock.advanceDays(1);
    const run = await core.services.retention.nudges.run(clock.now());
    expect(run.evaluated).toBe(44);
    const judged = async (userId: string) =>
      (await core.models.ChurnNudge.findOne({ communityId: community, userId }).lean())?.retained;
    expect(await judged(control[0]!.userId)).toBe(true);
    expect(await judged(control[2]!.userId)).toBe(false);
    expect(await judged(claimedOnly.userId)).toBe(false);
    expect(await judged(leaver.userId)).toBe(false);
    // The redeemer spent points: that is doing something.
    const rich = docs.find((d) => d.kind === 'reward')!;
    expect(await judged(rich.userId)).toBe(true);
    // 31 days on, those still at risk (and still taking offers) may be nudged again.
    expect(run.nudged + run.control).toBeGreaterThan(0);
  });
});

describe('churn nudges for managers', () => {
  it('show retention of nudged against control with intervals, in /insights churn and /personas', async () => {
    const view = await dispatch(mia, 'insights', { view: 'churn' });
    expect(view.title).toBe('Churn nudges');
    const fields = Object.fromEntries((view.fields ?? []).map((f) => [f.name, f.value]));
    expect(fields['Retention at 30 days (95% CI)']).toMatch(
      new RegExp(`^nudged ${RATE} · control ${RATE}\nnudged vs control: [+−]\\d+\\.\\d pts`),
    );
    expect(fields['Judged · waiting']).toMatch(/^nudged \d+, control \d+ · waiting: nudged \d+, control \d+$/);
    await core.models.PersonaSnapshot.create({
      _id: `${community}|snap`,
      communityId: community,
      at: clock.now(),
      members: 43,
      k: 1,
      silhouette: 0.5,
      inertia: 1,
      features: [],
      personas: [{ index: 0, size: 43, traits: [], popularItems: [], atRisk: 42 }],
      churn: null,
    });
    const personas = await dispatch(mia, 'personas');
    expect(personas.fields?.at(-1)?.name).toBe('Churn nudges (retention at 30 days)');
    expect(personas.fields?.at(-1)?.value).toContain('nudged vs control');
  });

  it('call a planted 15-point effect significant', async () => {
    const planted = 'guild-nudges-planted';
    const rows = [
      ...Array.from({ length: 600 }, (_, i) => ['nudged', i < 360]),
      ...Array.from({ length: 200 }, (_, i) => ['control', i < 90]),
    ];
    await core.models.ChurnNudge.insertMany(
      rows.map(([group, retained], i) => ({
        _id: `${planted}|console|p${i}|2026-01-01`,
        communityId: planted,
        platform: 'console',
        userId: `p${i}`,
        at: new Date(clock.now().getTime() - 40 * DAY),
        group,
        risk: 0.8,
        delivery: group === 'nudged' ? 'sent' : 'none',
        seqAtNudge: 0,
        retained,
        evaluatedAt: clock.now(),
      })),
    );
    const t = core.translator.forLocale('en');
    const view = await core.services.insightViews.get('churn')!.render({
      communityId: planted,
      t,
      locale: 'en',
      now: clock.now(),
    });
    expect(view.fields?.[0]?.value).toBe(
      [
        'nudged 60.0% (56.0–63.8%) · control 45.0% (38.3–51.9%)',
        'nudged vs control: +15.0 pts (+7.0 to +22.8), p < 0.001 — significant',
      ].join('\n'),
    );
  });
});
