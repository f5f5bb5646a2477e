import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExperimentDoc, ExposureDoc } from '../../../core/db/retention-models.ts';
import { reportFrom } from '../../../core/recommend/experiment-report.ts';
import { simulateExperiments } from '../../../core/recommend/experiment-simulation.ts';
import { assignVariant } from '../../../core/recommend/experiments.ts';
import { seededRandom } from '../../../core/stats.ts';
import type { InvokingUser, Reply } from '../../../core/types.ts';
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

const LEVEL = 0.05;
/** The most an A/A false-positive share may exceed the level by chance: three standard errors. */
const slack = (runs: number) => 3 * Math.sqrt((LEVEL * (1 - LEVEL)) / runs);

describe('the experiment test itself (seeded simulations)', () => {
  it('calls an A/A experiment significant no more often than the 5% level says', () => {
    for (const [perArm, baseRate, seed] of [
      [400, 0.1, 1],
      [1500, 0.05, 2],
      [200, 0.3, 3],
    ] as const) {
      const aa = simulateExperiments({ runs: 2000, perArm, baseRate, uplift: 0, seed });
      expect(aa.significantShare, `${perArm} × ${baseRate}`).toBeLessThanOrEqual(LEVEL + slack(2000));
      expect(aa.coverage).toBeGreaterThanOrEqual(0.95 - slack(2000));
    }
  });

  it('finds a planted uplift of 5 points on 10% and brackets it with its interval', () => {
    const planted = simulateExperiments({ runs: 500, perArm: 1500, baseRate: 0.1, uplift: 0.05, seed: 42 });
    expect(planted.significantShare).toBeGreaterThanOrEqual(0.95);
    expect(planted.coverage).toBeGreaterThanOrEqual(0.93);
    expect(Math.abs(planted.meanDifference - 0.05)).toBeLessThan(0.003);
  });

  it('keeps three-variant A/A/A experiments under the level as a whole (Bonferroni)', () => {
    const random = seededRandom(9);
    const experiment = { experimentId: 'aaa', variants: ['blend', 'popularity', 'blend-0.5'] } as ExperimentDoc;
    const runs = 600;
    let anySignificant = 0;
    for (let run = 0; run < runs; run += 1) {
      const exposures = experiment.variants.flatMap((variant) =>
        Array.from(
          { length: 300 },
          () => ({ variant, shownItems: [], converted: random() < 0.12 }) as unknown as ExposureDoc,
        ),
      );
      const report = reportFrom(experiment, exposures);
      if (report.variants.some((v) => v.vsBaseline?.converted?.significant)) anySignificant += 1;
    }
    expect(anySignificant / runs).toBeLessThanOrEqual(LEVEL + slack(runs));
  });

  it('assigns members by a stable hash, evenly', () => {
    const experiment = { experimentId: 'split', variants: ['blend', 'popularity', 'none'] };
    const counts = new Map<string, number>();
    for (let i = 0; i < 3000; i += 1) {
      const variant = assignVariant(experiment, { communityId: 'c', platform: 'discord', userId: `u${i}` });
      counts.set(variant, (counts.get(variant) ?? 0) + 1);
      expect(assignVariant(experiment, { communityId: 'c', platform: 'discord', userId: `u${i}` })).toBe(variant);
    }
    for (const variant of experiment.variants) expect(Math.abs((counts.get(variant) ?? 0) - 1000)).toBeLessThan(90);
  });
});

let core: TestCore;
const clock = new ManualClock(new Date('2026-07-01T12:00:00Z'));
const notifier = new RecordingNotifier();
const community = 'guild-experiments';
const inv = invocations(community);
const DAY = 24 * 3600 * 1000;
const mia: InvokingUser = { id: 'mia', displayName: 'Mia', role: 'member', locale: 'en-US' };
const dispatch = (...args: Parameters<typeof inv.command>) => core.dispatcher.dispatch(inv.command(...args));
const config = (action: string, key?: string, value?: string) =>
  dispatch(people.admin, 'config', { action, key, value });
const fieldsOf = (reply: Reply) => Object.fromEntries((reply.fields ?? []).map((f) => [f.name, f.value]));

beforeAll(async () => {
  core = await createTestCore('experiments', { clock, pushPauseMs: 0 });
  core.notifiers.register('console', notifier);
  await core.services.communities.ensure('console', community, 'Tea House');
  await core.services.communities.update(community, { adminUserIds: ['admin'], managerUserIds: ['mia'] });
  await core.services.communities.setLimits(community, { '*': { count: 1000, windowSeconds: 60 } });
  const catalog = (args: Record<string, string | number>) => dispatch(people.admin, 'catalog', args);
  await catalog({ action: 'add', item: 'green', title: 'Green tea', cost: 5, tags: 'tea' });
  await catalog({ action: 'add', item: 'black', title: 'Black tea', cost: 5, tags: 'tea' });
  await catalog({ action: 'add', item: 'cup', title: 'Tea cup', cost: 5, tags: 'ware' });
  // Some history, so there is a popular list to serve.
  for (let i = 0; i < 4; i += 1)
    await core.models.Interaction.create({
      communityId: community,
      platform: 'console',
      userId: `old${i}`,
      itemId: i < 3 ? 'cup' : 'green',
      type: 'purchase',
      weight: 8,
      query: null,
      eventId: `seed-${i}`,
      at: new Date(clock.now().getTime() - 3 * DAY),
    });
});
afterAll(async () => core?.cleanup());

describe('an experiment in a community', () => {
  it('refuses a malformed experiment and a second one while one runs', async () => {
    expect((await config('experiment-start', 'x', 'blend')).errorCode).toBe('EXPERIMENT.INVALID');
    expect((await config('experiment-start', 'x', 'blend,magic')).errorCode).toBe('EXPERIMENT.INVALID');
    expect((await config('experiment-start', 'x', 'blend,blend')).errorCode).toBe('EXPERIMENT.INVALID');
    expect((await config('experiment-stop')).errorCode).toBe('EXPERIMENT.NONE');
    const started = await config('experiment-start', 'picks-1', 'blend,popularity,none');
    expect(started.text).toContain(
      'Experiment picks-1 started with blend, popularity, none (the first is the baseline)',
    );
    expect((await config('experiment-start', 'picks-2', 'blend,none')).errorCode).toBe('EXPERIMENT.RUNNING');
  });

  it('serves each member their variant, sticky, and records what they were shown and did', async () => {
    const experiment = (await core.services.insights.experiments.running(community)) as ExperimentDoc;
    const users = Array.from({ length: 24 }, (_, i) => member(`m${i}`));
    await joinAll(core, community, users);
    await core.services.insights.maintenance.train(community, clock.now());
    const byVariant = new Map<string, InvokingUser>();
    for (const user of users)
      byVariant.set(assignVariant(experiment, { communityId: community, platform: 'console', userId: user.id }), user);
    const control = byVariant.get('none') as InvokingUser;
    const popular = byVariant.get('popularity') as InvokingUser;
    const blend = byVariant.get('blend') as InvokingUser;

    const nothing = await dispatch(control, 'recommend');
    expect(nothing.text).toBe('Nothing new to recommend right now — check /rewards.');
    const picks = await dispatch(popular, 'recommend');
    expect(picks.fields?.[0]?.name).toBe('Tea cup (cup)');
    expect((await dispatch(popular, 'recommend')).fields?.[0]?.name).toBe('Tea cup (cup)');
    await core.dispatcher.press(inv.press(popular, picks.buttons![0]!.action));
    await dispatch(blend, 'recommend');

    const exposure = (user: InvokingUser) =>
      core.models.Exposure.findById(`${community}|picks-1|console|${user.id}`).lean();
    expect(await exposure(control)).toMatchObject({ variant: 'none', shownItems: [] });
    expect(await exposure(popular)).toMatchObject({ variant: 'popularity', interested: true, converted: false });
    expect((await exposure(popular))?.shownItems).toContain('cup');

    // Redeeming within 7 days of being shown converts; the control converts by asking and redeeming.
    await core.services.loyalty.ledger.apply({
      member: { communityId: community, platform: 'console', userId: popular.id },
      delta: 20,
      kind: 'adjust',
      reason: 'admin-grant',
      source: 'admin',
      idempotencyKey: `grant-${popular.id}`,
    });
    clock.advanceDays(2);
    expect((await dispatch(popular, 'redeem', { reward: 'cup' })).tone).toBe('success');
    expect(await exposure(popular)).toMatchObject({ converted: true, pickConverted: true });
    // Nine days after being shown is too late.
    await core.services.loyalty.ledger.apply({
      member: { communityId: community, platform: 'console', userId: blend.id },
      delta: 20,
      kind: 'adjust',
      reason: 'admin-grant',
      source: 'admin',
      idempotencyKey: `grant-${blend.id}`,
    });
    clock.advanceDays(7);
    await dispatch(blend, 'redeem', { reward: 'green' });
    expect(await exposure(blend)).toMatchObject({ converted: false });
  });

  it('pushes what the variant says: nothing to the control', async () => {
    const experiment = (await core.services.insights.experiments.running(community)) as ExperimentDoc;
    const members = await core.models.Member.find({ communityId: community }).lean();
    for (const m of members) await core.services.members.setRecommendDms(m as never, true);
    notifier.sent.length = 0;
    await core.services.insights.push.run(clock.now());
    const pushed = new Set(notifier.sent.map((s) => (s.target.kind === 'member' ? s.target.userId : '')));
    const controls = members.filter((m) => assignVariant(experiment, m as never) === 'none');
    expect(controls.length).toBeGreaterThan(0);
    for (const m of controls) expect(pushed.has(m.userId)).toBe(false);
    expect(pushed.size).toBeGreaterThan(0);
  });

  it('shows each variant with 95% intervals in /insights recommend, and promotes a winner', async () => {
    const view = await dispatch(mia, 'insights', { view: 'recommend' });
    expect(view.title).toBe('Recommendation experiment — picks-1');
    expect(view.text).toContain('Running since 1 Jul 2026.');
    expect(Object.keys(fieldsOf(view))).toEqual(['blend (baseline)', 'popularity', 'none']);
    expect(fieldsOf(view).popularity).toMatch(/Redeemed or bought within 7 days: \d+\.\d% \(\d+\.\d–\d+\.\d%\)/);
    expect(fieldsOf(view).popularity).toContain('vs baseline');

    expect((await config('experiment-promote', undefined, 'magic')).errorCode).toBe('CONFIG.INVALID');
    expect((await config('experiment-promote', undefined, 'blend-0.5')).errorCode).toBe('EXPERIMENT.NOT_A_VARIANT');
    const promoted = await config('experiment-promote', undefined, 'popularity');
    expect(promoted.text).toBe('popularity is now served to every member.');
    const settings = await core.services.communities.ensure('console', community);
    expect((settings.retention as { recommender?: string }).recommender).toBe('popularity');
    expect(await core.services.insights.experiments.running(community)).toBeNull();
    const after = await dispatch(mia, 'insights', { view: 'recommend' });
    expect(after.text).toContain('Winner: popularity (served now).');
  });
});

describe('a planted uplift, through the stores', () => {
  async function plant(id: string, rates: Record<string, number>, seed: number) {
    const random = seededRandom(seed);
    const variants = Object.keys(rates);
    await core.models.Experiment.create({
      _id: `${community}|${id}`,
      communityId: community,
      experimentId: id,
      variants,
      status: 'stopped',
      startedAt: clock.now(),
      stoppedAt: clock.now(),
    });
    const rows = variants.flatMap((variant) =>
      Array.from({ length: 1500 }, (_, i) => ({
        _id: `${community}|${id}|console|${variant}-${i}`,
        communityId: community,
        experimentId: id,
        platform: 'console',
        userId: `${variant}-${i}`,
        variant,
        firstShownAt: clock.now(),
        lastShownAt: clock.now(),
        shownItems: variant === 'none' ? [] : ['green'],
        converted: random() < (rates[variant] as number),
      })),
    );
    await core.models.Exposure.insertMany(rows);
    await core.models.Experiment.updateOne({ _id: `${community}|${id}` }, { $set: { startedAt: clock.now() } });
    clock.advanceSeconds(1);
  }

  it('calls a 6-point uplift significant and an A/A difference not', async () => {
    await plant('planted', { none: 0.1, blend: 0.16 }, 5);
    const planted = fieldsOf(await dispatch(mia, 'insights', { view: 'recommend' }));
    expect(planted.blend).toMatch(/Redeemed or bought within 7 days vs baseline: \+\d\.\d pts .*— significant$/m);
    await plant('a-a', { blend: 0.1, 'blend-0.5': 0.1 }, 6);
    const aa = fieldsOf(await dispatch(mia, 'insights', { view: 'recommend' }));
    expect(aa['blend-0.5']).toContain('not significant');
  });

  it('reads in Chinese for a Chinese-speaking manager', async () => {
    const zh = { ...mia, locale: 'zh-CN' };
    const view = await dispatch(zh, 'insights', { view: 'recommend' });
    expect(view.title).toBe('推荐实验 — a-a');
    expect(fieldsOf(view)['blend（基准）']).toContain('7 天内兑换或购买');
  });
});
