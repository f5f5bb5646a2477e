import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTranslator } from '../../../core/i18n.ts';
import { clusterMembers, nearest } from '../../../core/personas/clustering.ts';
import { personaLabel } from '../../../core/personas/label.ts';
import type { ChurnSummary, Persona } from '../../../core/personas/personas.ts';
import {
  createTestCore,
  invocations,
  ManualClock,
  member,
  people,
  RecordingNotifier,
  type TestCore,
} from '../../helpers/test-core.ts';

let core: TestCore;
const clock = new ManualClock(new Date('2026-09-01T12:00:00Z'));
const notifier = new RecordingNotifier();
const community = 'guild-insights';
const inv = invocations(community);
const DAY = 24 * 3600 * 1000;
const daysAgo = (n: number) => new Date(clock.now().getTime() - n * DAY);

async function addMember(userId: string, joinedDaysAgo: number, activity: number, tier = 'free') {
  await core.models.Member.create({
    _id: `${community}|console|${userId}`,
    communityId: community,
    platform: 'console',
    userId,
    displayName: userId,
    status: 'active',
    tier,
    joinedAt: daysAgo(joinedDaysAgo),
    referralCode: userId.toUpperCase().padEnd(8, 'X').slice(0, 8),
    ledgerSeq: activity,
  });
}

async function interact(userId: string, itemId: string, type: string, ago: number, n = 0) {
  await core.models.Interaction.create({
    communityId: community,
    platform: 'console',
    userId,
    itemId,
    type,
    weight: 8,
    query: null,
    eventId: `${userId}-${itemId}-${type}-${ago}-${n}`,
    at: daysAgo(ago),
  });
}

beforeAll(async () => {
  core = await createTestCore('insights', { clock, pushPauseMs: 0 });
  core.notifiers.register('console', notifier);
  await core.services.communities.ensure('console', community, 'Tea House');
  await core.services.communities.update(community, { adminUserIds: ['admin'], managerUserIds: ['mia'] });
  const admin = (args: Record<string, string | number>) =>
    core.dispatcher.dispatch(inv.command(people.admin, 'catalog', args));
  await admin({ action: 'add', item: 'green', title: 'Green tea', cost: 10, tags: 'tea' });
  await admin({ action: 'add', item: 'black', title: 'Black tea', cost: 10, tags: 'tea' });
  await admin({ action: 'add', item: 'oolong', title: 'Oolong tea', cost: 10, tags: 'tea' });
  await admin({ action: 'add', item: 'cup', title: 'Tea cup', cost: 20, tags: 'ware' });
  await admin({ action: 'add', item: 'pot', title: 'Tea pot', cost: 40, tags: 'ware', stock: '0' });
  await admin({ action: 'add', item: 'vip', title: 'VIP tasting', cost: 5, tags: 'events', tiers: 'gold' });
  // Three groups with known behaviour: frequent recent buyers, quiet long-standing lapsed
  // members, and unhappy complainers.
  for (let i = 0; i < 25; i += 1) {
    await addMember(`buyer${i}`, 100, 40);
    for (let p = 0; p < 6; p += 1)
      await interact(`buyer${i}`, ['green', 'black', 'cup'][p % 3] as string, 'purchase', 1 + p, p);
  }
  for (let i = 0; i < 25; i += 1) await addMember(`quiet${i}`, 700, 0);
  for (let i = 0; i < 25; i += 1) {
    await addMember(`upset${i}`, 60, 5);
    await interact(`upset${i}`, 'oolong', 'purchase', 200);
    for (let f = 0; f < 2; f += 1) {
      await core.models.Feedback.create({
        _id: `${community}|fb|upset${i}-${f}`,
        communityId: community,
        platform: 'console',
        userId: `upset${i}`,
        source: 'command',
        text: 'terrible service',
        language: 'en',
        score: -0.9,
        label: 'negative',
        confidence: 0.9,
        at: daysAgo(5 + f),
      });
    }
  }
});
afterAll(async () => core?.cleanup());

describe('persona refresh', () => {
  it('recovers seeded groups, labels them in both locales, and stores quality figures', async () => {
    const snapshot = await core.services.insights.personas.refresh(community, clock.now());
    expect(snapshot).not.toBeNull();
    expect(snapshot!.k).toBe(3);
    expect(snapshot!.members).toBe(75);
    expect(snapshot!.silhouette).toBeGreaterThan(0.5);
    const groupOf = async (userId: string) =>
      (await core.services.insights.personas.ofMember(community, 'console', userId))!.persona;
    for (const group of ['buyer', 'quiet', 'upset']) {
      const labels = await Promise.all(Array.from({ length: 25 }, (_, i) => groupOf(`${group}${i}`)));
      expect(new Set(labels).size, group).toBe(1);
    }
    expect(new Set([await groupOf('buyer0'), await groupOf('quiet0'), await groupOf('upset0')]).size).toBe(3);
    const personas = snapshot!.personas as Persona[];
    const [en, zh] = [await createTranslator('en'), await createTranslator('en')];
    const buyers = personas[await groupOf('buyer0')]!;
    expect(personaLabel(en.forLocale('en'), buyers)).toMatch(
      /recent buyers|frequent buyers|big spenders|highly active/,
    );
    expect(personaLabel(zh.forLocale('zh-CN'), buyers)).toMatch(/近期购买|经常购买|高消费|高度活跃/);
    const upset = (await core.services.insights.personas.ofMember(community, 'console', 'upset0'))!;
    const buyer = (await core.services.insights.personas.ofMember(community, 'console', 'buyer0'))!;
    expect(upset.churnRisk).toBeGreaterThan(buyer.churnRisk);
    expect(upset.churnFactors).toContain('complaints');
    // The complainers are the ones at high risk, counted per persona and listed first.
    const churn = snapshot!.churn as ChurnSummary;
    expect(churn.atRisk).toBe(25);
    expect(churn.mostAtRisk[0]?.userId).toMatch(/^upset/);
    expect(personas[upset.persona]?.atRisk).toBe(25);
    expect(buyers.atRisk).toBe(0);
  });

  it('does not count a newcomer who has not bought yet as a year overdue', async () => {
    const place = 'guild-newcomers';
    const join = (userId: string, joinedDaysAgo: number) =>
      core.models.Member.create({
        _id: `${place}|console|${userId}`,
        communityId: place,
        platform: 'console',
        userId,
        displayName: userId,
        status: 'active',
        tier: 'free',
        joinedAt: daysAgo(joinedDaysAgo),
        referralCode: `N${userId.toUpperCase()}`.padEnd(8, 'X').slice(0, 8),
        ledgerSeq: 3,
      });
    for (let i = 0; i < 12; i += 1) await join(`new${i}`, 2);
    for (let i = 0; i < 12; i += 1) await join(`old${i}`, 500);
    const snapshot = await core.services.insights.personas.refresh(place, clock.now());
    expect(snapshot).not.toBeNull();
    const riskOf = async (userId: string) =>
      (await core.services.insights.personas.ofMember(place, 'console', userId))!.churnRisk;
    expect(await riskOf('new0')).toBeLessThan(0.7);
    expect(await riskOf('new0')).toBeLessThan(await riskOf('old0'));
  });

  it('does not make a persona of one outlying member', () => {
    const group = (x: number, y: number) =>
      Array.from({ length: 20 }, (_, i) => [x + (i % 5) * 0.05, y + Math.floor(i / 5) * 0.05]);
    const outlier = [25, 25];
    const points = [...group(0, 0), ...group(5, 0), ...group(0, 5), outlier];
    const clustering = clusterMembers(points, {
      minK: 2,
      maxK: 6,
      seeds: 3,
      fitSample: 5000,
      silhouetteSample: 1500,
      minClusterShare: 0.02,
    });
    // k-means alone scores best with the outlier as a fourth cluster (silhouette 0.98).
    expect(clustering.k).toBe(3);
    const labels = points.map((point) => nearest(clustering.centroids, point));
    expect([0, 1, 2].map((c) => labels.filter((label) => label === c).length).sort()).toEqual([20, 20, 21]);
  });

  it('shows personas and one member to managers only', async () => {
    const manager = { id: 'mia', displayName: 'Mia', role: 'member' as const, locale: 'en-US' };
    const shown = await core.dispatcher.dispatch(inv.command(manager, 'personas'));
    expect(shown.fields).toHaveLength(4);
    expect(shown.text).toContain('75 members in 3 personas');
    expect(shown.text).toContain('25 members (33%) are at high churn risk');
    expect(shown.fields?.find((f) => f.name === 'Most at risk')?.value).toMatch(/^upset\d+: \d+% \(.*complaints/);
    const profile = await core.dispatcher.dispatch(inv.command(manager, 'member', { user: 'upset3' }));
    expect(profile.fields?.find((f) => f.name === 'Churn risk')?.value).toMatch(/\d+% \(.*complaints/);
    expect((await core.dispatcher.dispatch(inv.command(member('buyer1'), 'personas'))).errorCode).toBe(
      'AUTH.FORBIDDEN',
    );
  });

  it('posts the persona report to the digest channel once a week, with the weekly digest', async () => {
    await core.services.communities.setSupport(community, { digestChannelId: 'managers', digestHour: 9 });
    const schedule = core.services.support.digestSchedule;
    const monday = new Date('2026-09-07T09:05:00Z');
    await schedule.run(monday);
    await schedule.run(new Date(monday.getTime() + 10 * 60_000));
    const reports = notifier.sent.filter((n) => n.message.title === 'Personas this week');
    expect(reports).toHaveLength(1);
    expect(reports[0]?.target).toMatchObject({ kind: 'channel', channelId: 'managers' });
    expect(reports[0]?.message.text).toContain('at high churn risk');
    await schedule.run(new Date('2026-09-08T09:05:00Z')); // Tuesday: daily digest only
    expect(notifier.sent.filter((n) => n.message.title === 'Personas this week')).toHaveLength(1);
  });
});

describe('/recommend', () => {
  it('recommends what similar members bought, never owned, dismissed, out of stock or tier-locked items', async () => {
    await core.services.insights.recommender.train(community, clock.now());
    // buyer0 owns green, black, cup; the upset group bought oolong: co-occurrence is weak,
    // so picks come from what is left and allowed.
    const reply = await core.dispatcher.dispatch(inv.command(member('buyer0'), 'recommend'));
    const ids = (reply.fields ?? []).map((f) => /\((\w+)\)$/.exec(f.name)?.[1]);
    for (const excluded of ['green', 'black', 'cup', 'pot', 'vip']) expect(ids).not.toContain(excluded);
    expect(ids).toContain('oolong');
    expect(reply.buttons?.map((b) => b.action)).toContain('v1:recommend:dismiss:oolong');

    const dismissed = await core.dispatcher.press(inv.press(member('buyer0'), 'v1:recommend:dismiss:oolong'));
    expect(dismissed.text).toContain("won't suggest Oolong tea again");
    const after = await core.dispatcher.dispatch(inv.command(member('buyer0'), 'recommend'));
    expect((after.fields ?? []).map((f) => f.name).join()).not.toContain('oolong');
    const forged = await core.dispatcher.press(inv.press(member('buyer0'), 'v1:recommend:explode:oolong'));
    expect(forged.errorCode).toBe('BUTTON.INVALID');
  });

  it('gives a member without precomputed picks what is popular with their persona, with that reason', async () => {
    // Joined after the model was trained; behaves like the frequent buyers. Purchases arrive
    // as shop events, as through POST /events; this shop gives no points for them, so the
    // newcomer's points stay like the seeded buyers' and it lands in their persona.
    await addMember('newbie', 100, 40);
    await core.services.communities.setLoyalty(community, { purchasePointsPerUnit: 0 });
    const shop = await core.services.communities.ensure('console', community);
    const purchases = Array.from({ length: 6 }, (_, p) => ({
      type: 'purchase' as const,
      id: `newbie-cup-${p}`,
      userId: 'newbie',
      itemId: 'cup',
      amount: 20,
      currency: 'EUR',
      at: daysAgo(1 + p).toISOString(),
    }));
    await core.services.loyalty.commerce.ingest(shop, purchases, clock.now());
    await core.services.insights.personas.refresh(community, clock.now());
    const persona = await core.services.insights.personas.ofMember(community, 'console', 'newbie');
    expect(persona?.persona).toBe(
      (await core.services.insights.personas.ofMember(community, 'console', 'buyer5'))?.persona,
    );
    const reply = await core.dispatcher.dispatch(inv.command(member('newbie'), 'recommend'));
    const first = reply.fields?.[0];
    expect(first?.name).toMatch(/\((green|black)\)$/);
    expect(first?.value).toBe('popular with members like you');
    expect((reply.fields ?? []).map((f) => f.name).join()).not.toContain('(cup)');
  });

  it('serves a member with no history of their own from the persona list trained with the model', async () => {
    // Complains like the unhappy group but never bought; the refresh that places them is
    // followed by a training run (the refresh job queues one).
    await addMember('grumpy', 60, 5);
    for (let f = 0; f < 2; f += 1) {
      await core.models.Feedback.create({
        _id: `${community}|fb|grumpy-${f}`,
        communityId: community,
        platform: 'console',
        userId: 'grumpy',
        source: 'command',
        text: 'terrible service',
        language: 'en',
        score: -0.9,
        label: 'negative',
        confidence: 0.9,
        at: daysAgo(5 + f),
      });
    }
    await core.services.insights.personas.refresh(community, clock.now());
    expect((await core.services.insights.personas.ofMember(community, 'console', 'grumpy'))?.persona).toBe(
      (await core.services.insights.personas.ofMember(community, 'console', 'upset3'))?.persona,
    );
    const trained = await core.services.insights.recommender.train(community, clock.now());
    const shop = await core.services.communities.ensure('console', community);
    const grumpy = await core.services.members.find({ communityId: community, platform: 'console', userId: 'grumpy' });
    if (!grumpy) throw new Error('grumpy did not join');
    expect((await core.services.insights.recommender.picksFor(grumpy, shop, clock.now())).version).toBe(
      trained.version,
    );

    const reply = await core.dispatcher.dispatch(inv.command(member('grumpy'), 'recommend'));
    const ids = (reply.fields ?? []).map((f) => /\((\w+)\)$/.exec(f.name)?.[1]);
    expect(ids[0]).toBe('oolong');
    expect(reply.fields?.[0]?.value).toBe('popular with members like you');
    for (const excluded of ['pot', 'vip']) expect(ids).not.toContain(excluded);

    await core.dispatcher.press(inv.press(member('grumpy'), 'v1:recommend:dismiss:oolong'));
    const after = await core.dispatcher.dispatch(inv.command(member('grumpy'), 'recommend'));
    expect((after.fields ?? []).length).toBeGreaterThan(0);
    expect((after.fields ?? []).map((f) => f.name).join()).not.toContain('(oolong)');
  });
});

describe('recommend.push', () => {
  it('sends opted-in members one DM a week, even when the job runs again, and respects opt-out', async () => {
    await core.dispatcher.dispatch(inv.command(member('buyer1'), 'recommend', { notify: 'on' }));
    await core.dispatcher.dispatch(inv.command(member('buyer2'), 'recommend', { notify: 'on' }));
    await core.dispatcher.dispatch(inv.command(member('buyer2'), 'recommend', { notify: 'off' }));
    notifier.sent.length = 0;
    const first = await core.services.insights.push.run(clock.now());
    const retried = await core.services.insights.push.run(clock.now());
    expect(first.sent).toBe(1);
    expect(retried.sent).toBe(0);
    const dms = notifier.sent.filter((n) => n.message.title === 'Your picks this week');
    expect(dms).toHaveLength(1);
    expect(dms[0]?.target).toMatchObject({ userId: 'buyer1' });
    const pushed = dms[0]?.message.text ?? '';
    clock.advanceDays(7);
    await core.services.insights.push.run(clock.now());
    const second = notifier.sent.filter((n) => n.message.title === 'Your picks this week')[1]?.message.text ?? '';
    for (const line of pushed.split('\n')) expect(second).not.toContain(line);
  });
});
