import { randomUUID } from 'node:crypto';
import { QueueEvents } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleChatEvent } from '../../../core/chat-events.ts';
import { loadConfig } from '../../../core/config.ts';
import type { CampaignDoc } from '../../../core/db/campaign-models.ts';
import type { InvokingUser } from '../../../core/types.ts';
import { queueConnection, queuePrefix } from '../../../jobs/connection.ts';
import type { QueueScheduler } from '../../../jobs/queue-scheduler.ts';
import { createQueueScheduler, startJobRuntime, type JobRuntime } from '../../../jobs/runtime.ts';
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
let scheduler: QueueScheduler;
let runtime: JobRuntime;
const clock = new ManualClock(new Date('2026-06-01T12:00:00Z'));
const notifier = new RecordingNotifier();
const community = 'guild-campaigns';
const inv = invocations(community);
const plenty = { count: 10_000, windowSeconds: 60 };
const gia = member('gia');
const fred = member('fred');
const manager: InvokingUser = { id: 'mo', displayName: 'Mo', role: 'manager', locale: 'en-US' };

const run = (user: InvokingUser, command: string, args: Record<string, string | number | boolean> = {}) =>
  core.dispatcher.dispatch(inv.command(user, command, args));
const admin = (command: string, args: Record<string, string | number | boolean>) => run(people.admin, command, args);

const say = (user: InvokingUser) =>
  handleChatEvent(core.services, {
    platform: 'console',
    communityId: community,
    channelId: 'general',
    messageId: randomUUID(),
    user,
    text: 'hello there',
    at: clock.now(),
  });
const flush = () => core.services.loyalty.maintenance.flushChatPoints();
async function buy(userId: string, amount: number): Promise<void> {
  const doc = await core.services.communities.ensure('console', community);
  const event = { type: 'purchase' as const, id: `p-${randomUUID()}`, userId, amount, currency: 'EUR' };
  await core.services.loyalty.commerce.ingest(doc, [event], clock.now());
}
/** Ledger entries of a member since a moment, as `reason:delta` (campaign ones with their campaign). */
async function entriesSince(userId: string, since: Date): Promise<string[]> {
  const entries = await core.models.PointsEntry.find({ communityId: community, userId, at: { $gte: since } })
    .sort({ seq: 1 })
    .lean();
  return entries.map((e) => {
    const campaign = (e.meta as { campaignId?: string }).campaignId;
    return `${e.reason}:${e.delta}${campaign ? `@${campaign}` : ''}`;
  });
}
const fieldsOf = (reply: { fields?: Array<{ name: string; value: string }> }) =>
  Object.fromEntries((reply.fields ?? []).map((f) => [f.name, f.value]));

beforeAll(async () => {
  const prefix = `test-campaigns-${Date.now()}`;
  scheduler = await createQueueScheduler(loadConfig({ ...process.env, REDIS_PREFIX: prefix }));
  core = await createTestCore('campaigns', { clock, jobs: scheduler, pushPauseMs: 0 }, { REDIS_PREFIX: prefix });
  core.notifiers.register('console', notifier);
  runtime = await startJobRuntime(core, scheduler, { schedules: false });
  await core.services.communities.ensure('console', community, 'Bean Club');
  await core.services.communities.update(community, { adminUserIds: ['admin'] });
  await core.services.communities.setLimits(community, { '*': plenty, redeem: plenty });
  await core.services.communities.setLoyalty(community, {
    // Multipliers on plain chat points: quality scoring (chat-quality.test.ts) is off here.
    chat: { points: 2, cooldownSeconds: 60, dailyCap: 100, quality: false },
    streak: { days: 7, bonus: 0 },
  });
  expect((await admin('config', { action: 'set', key: 'timeZone', value: 'europe/berlin' })).tone).toBe('success');
  await admin('config', { action: 'channel', key: 'announce', value: '#news' });
  await joinAll(core, community, [gia, fred]);
  await admin('grant-points', { user: 'gia', amount: 2000, reason: 'founding member' }); // gold, ×1.25
  await admin('grant-points', { user: 'fred', amount: 300, reason: 'founding member' });
  await admin('catalog', { action: 'add', item: 'beans', title: 'Bag of beans', cost: 100 });
});
afterAll(async () => {
  await runtime?.close();
  await core?.cleanup();
});

describe('the community time zone', () => {
  it('is an IANA name checked with Intl, stored as Intl spells it', async () => {
    expect((await admin('config', { action: 'set', key: 'timeZone', value: 'Mars/Olympus_Mons' })).errorCode).toBe(
      'CONFIG.INVALID',
    );
    expect((await admin('config', { action: 'set', key: 'timeZone', value: '+01:00' })).errorCode).toBe(
      'CONFIG.INVALID',
    );
    expect((await admin('config', { action: 'show' })).text).toContain('timeZone = Europe/Berlin');
  });
});

describe('a multiplier campaign for one tier', () => {
  it('multiplies chat and purchases inside its window, not outside, and only for the targeted tier', async () => {
    const created = await admin('campaign', {
      action: 'create',
      name: 'double-weekend',
      start: '2026-06-06',
      end: '2026-06-07',
      audience: 'tier:gold',
      effect: 'multiplier',
      value: '2',
      earnings: 'chat,purchases',
    });
    expect(created.tone).toBe('success');
    expect(created.text).toContain('×2 points on chat, purchases · for gold members');
    expect(created.text).toContain('(Europe/Berlin)');
    const stored = await core.models.Campaign.findById(`${community}|double-weekend`).lean<CampaignDoc>();
    // Saturday and Sunday in Berlin (UTC+2): the whole of both days.
    expect(stored?.startsAt.toISOString()).toBe('2026-06-05T22:00:00.000Z');
    expect(stored?.endsAt.toISOString()).toBe('2026-06-07T22:00:00.000Z');

    clock.set('2026-06-05T21:00:00Z'); // Friday 23:00 in Berlin
    let since = clock.now();
    await say(gia);
    await flush();
    await buy('gia', 10);
    expect(await entriesSince('gia', since)).toEqual(['chat-activity:2', 'purchase:12']);

    clock.set('2026-06-05T22:30:00Z'); // Saturday 00:30
    since = clock.now();
    await say(gia);
    await say(fred);
    await flush();
    await buy('gia', 10);
    await buy('fred', 10);
    // Gold: 2 × 1.25 = 2 (floored), with the campaign 2 × 1.25 × 2 = 5; a purchase 12, with it 25.
    expect(await entriesSince('gia', since)).toEqual([
      'chat-activity:2',
      'campaign-multiplier:3@double-weekend',
      'purchase:12',
      'campaign-multiplier:13@double-weekend',
    ]);
    expect(await entriesSince('fred', since)).toEqual(['chat-activity:2', 'purchase:10']);

    clock.set('2026-06-06T10:00:00Z');
    expect((await run(gia, 'redeem', { reward: 'beans' })).tone).toBe('success');
    expect((await run(fred, 'redeem', { reward: 'beans' })).tone).toBe('success');

    clock.set('2026-06-07T22:30:00Z'); // Monday 00:30: over
    since = clock.now();
    await say(gia);
    await flush();
    await buy('gia', 10);
    expect(await entriesSince('gia', since)).toEqual(['chat-activity:2', 'purchase:12']);
    clock.set('2026-06-09T10:00:00Z');
    expect((await run(gia, 'redeem', { reward: 'beans' })).tone).toBe('success');
  });

  it('shows managers its reach, points issued and redemptions during and after it', async () => {
    const reply = await run(manager, 'insights', { view: 'campaigns', subject: 'double-weekend' });
    expect(reply.title).toBe('Campaign insights');
    const value = fieldsOf(reply)['double-weekend · ended'];
    expect(value).toContain('Members reached: 1 (0 by DM) · points issued: 16');
    expect(value).toContain(
      'Their redemptions: 1 (100 points) during the campaign, 1 (100 points) in the 30 days after',
    );
    const all = await run(manager, 'insights', { view: 'campaigns' });
    expect(Object.keys(fieldsOf(all))).toEqual(['double-weekend · ended']);
    expect((await run(gia, 'insights', { view: 'campaigns' })).errorCode).toBe('AUTH.FORBIDDEN');
  });
});

describe('overlapping campaigns', () => {
  it('apply the highest multiplier only, on top of the tier, and show on the card and the rewards list', async () => {
    clock.set('2026-06-09T12:00:00Z');
    const window = { start: '2026-06-10', end: '+2d', effect: 'multiplier', earnings: 'chat' };
    await admin('campaign', { action: 'create', name: 'all-hands', audience: 'all', value: '1.5', ...window });
    await admin('campaign', { action: 'create', name: 'gold-triple', audience: 'tiers:gold', value: '3', ...window });
    clock.set('2026-06-10T12:00:00Z');
    const since = clock.now();
    await say(gia);
    await say(fred);
    await flush();
    // Gold: 2 × 1.25 × 3 = 7 (the ×1.5 campaign does not stack); free: 2 × 1.5 = 3.
    expect(await entriesSince('gia', since)).toEqual(['chat-activity:2', 'campaign-multiplier:5@gold-triple']);
    expect(await entriesSince('fred', since)).toEqual(['chat-activity:2', 'campaign-multiplier:1@all-hands']);

    const card = fieldsOf(await run(gia, 'membership'));
    expect(card['Running campaigns']).toContain('gold-triple: ×3 points on chat, until 12 Jun 2026, 00:00');
    expect(card['Running campaigns']).toContain('all-hands: ×1.5 points on chat');
    const fredCard = fieldsOf(await run(fred, 'membership'));
    expect(fredCard['Running campaigns']).not.toContain('gold-triple');
    expect((await run(fred, 'rewards')).text).toContain('all-hands: ×1.5 points on chat');
    expect((await run(fred, 'campaign', { action: 'list' })).text).not.toContain('gold-triple');
  });
});

describe('bonus campaigns through the campaigns-run job', () => {
  async function runJob(id: string) {
    const events = new QueueEvents('campaigns-run', {
      connection: queueConnection(core.config),
      prefix: queuePrefix(core.redisPrefix),
    });
    await events.waitUntilReady();
    try {
      await scheduler.enqueue('campaigns-run', {}, { jobId: id });
      const job = await scheduler.queue('campaigns-run').getJob(id);
      return (await job?.waitUntilFinished(events, 20_000)) as { announced: number; bonuses: number; dms: number };
    } finally {
      await events.close();
    }
  }

  it('pays a one-time bonus once however often the job runs; bonuses add; announces once; DMs opted-in', async () => {
    clock.set('2026-06-15T10:00:00Z');
    expect((await run(fred, 'campaign', { action: 'dms-off' })).tone).toBe('success');
    const bonus = { action: 'create', start: 'now', end: '+2d', audience: 'all', effect: 'join-bonus' };
    await admin('campaign', { ...bonus, name: 'welcome-a', value: '10', earnings: 'all', dm: true });
    await admin('campaign', { ...bonus, name: 'welcome-b', value: '20' });
    notifier.sent.length = 0;
    const since = clock.now();
    const first = await runJob('run-1');
    await runJob('run-2');
    await runJob('run-3');
    expect(first).toMatchObject({ announced: 2, bonuses: 4, dms: 1 });
    expect((await entriesSince('gia', since)).sort()).toEqual([
      'campaign-bonus:10@welcome-a',
      'campaign-bonus:20@welcome-b',
    ]);
    expect((await entriesSince('fred', since)).sort()).toEqual([
      'campaign-bonus:10@welcome-a',
      'campaign-bonus:20@welcome-b',
    ]);
    const posts = notifier.sent.filter((n) => n.target.kind === 'channel');
    expect(posts.map((n) => [n.target.kind === 'channel' && n.target.channelId, n.message.title]).sort()).toEqual([
      ['news', 'New campaign: welcome-a'],
      ['news', 'New campaign: welcome-b'],
    ]);
    expect(posts[0]?.message.text).toMatch(/^a one-time bonus of \d+ points, for all members: /);
    const dms = notifier.sent.filter((n) => n.target.kind === 'member');
    expect(dms.map((n) => n.target.kind === 'member' && n.target.userId)).toEqual(['gia']);

    // Someone who joins the audience later gets it at the next run.
    await joinAll(core, community, [member('nia')]);
    await runJob('run-4');
    expect((await entriesSince('nia', since)).sort()).toEqual([
      'campaign-bonus:10@welcome-a',
      'campaign-bonus:20@welcome-b',
    ]);
    expect(notifier.sent.filter((n) => n.target.kind === 'member').length).toBe(2);
  });

  it('pays an anniversary bonus on the day, in the community time zone, once', async () => {
    await core.services.members.join({
      communityId: community,
      platform: 'console',
      userId: 'ann',
      displayName: 'Ann',
      tier: 'free',
      now: new Date('2025-06-20T09:00:00Z'),
    });
    clock.set('2026-06-15T12:00:00Z');
    await admin('campaign', {
      action: 'create',
      name: 'anniversaries',
      start: 'now',
      end: '2026-06-30',
      audience: 'all',
      effect: 'anniversary',
      value: '100',
    });
    const since = clock.now();
    clock.set('2026-06-19T21:30:00Z'); // 23:30 on the 19th in Berlin
    await core.services.campaigns.runner.run(clock.now());
    expect(await entriesSince('ann', since)).toEqual([]);
    clock.set('2026-06-19T22:30:00Z'); // 00:30 on the 20th in Berlin
    await core.services.campaigns.runner.run(clock.now());
    await core.services.campaigns.runner.run(clock.now());
    clock.set('2026-06-20T20:00:00Z');
    await core.services.campaigns.runner.run(clock.now());
    expect(await entriesSince('ann', since)).toEqual(['campaign-anniversary:100@anniversaries']);
    expect(await entriesSince('gia', since)).not.toContain('campaign-anniversary:100@anniversaries');
  });
});

describe('creating and ending campaigns', () => {
  it('refuses bad input with the part at fault and changes nothing; only admins create or end', async () => {
    const before = await core.models.Campaign.countDocuments({ communityId: community });
    const base = {
      action: 'create',
      name: 'spring-sale',
      start: 'now',
      end: '+3d',
      audience: 'all',
      effect: 'multiplier',
      value: '2',
    };
    const refused = async (changes: Record<string, string>) => {
      const reply = await admin('campaign', { ...base, ...changes });
      return [reply.errorCode, /campaign's (\w+)/.exec(reply.text ?? '')?.[1]];
    };
    expect(await refused({ name: 'Spring Sale!' })).toEqual(['CAMPAIGN.INVALID', 'name']);
    expect(await refused({ start: 'tomorrow' })).toEqual(['CAMPAIGN.INVALID', 'start']);
    expect(await refused({ start: '2026-02-30' })).toEqual(['CAMPAIGN.INVALID', 'start']);
    expect(await refused({ start: '2026-07-01', end: '2026-06-30' })).toEqual(['CAMPAIGN.INVALID', 'end']);
    expect(await refused({ audience: 'tier:diamond' })).toEqual(['CAMPAIGN.INVALID', 'audience']);
    expect(await refused({ audience: 'persona:1' })).toEqual(['CAMPAIGN.INVALID', 'audience']);
    expect(await refused({ value: '1' })).toEqual(['CAMPAIGN.INVALID', 'value']);
    expect(await refused({ earnings: 'tips' })).toEqual(['CAMPAIGN.INVALID', 'earnings']);
    expect((await admin('campaign', { ...base, name: 'double-weekend' })).errorCode).toBe('CAMPAIGN.EXISTS');
    expect((await run(gia, 'campaign', base)).errorCode).toBe('AUTH.FORBIDDEN');
    expect(await core.models.Campaign.countDocuments({ communityId: community })).toBe(before);

    expect((await admin('campaign', { action: 'end', name: 'double-weekend' })).errorCode).toBe('CAMPAIGN.OVER');
    expect((await admin('campaign', { action: 'end', name: 'no-such' })).errorCode).toBe('CAMPAIGN.NOT_FOUND');
    expect((await run(gia, 'campaign', { action: 'end', name: 'anniversaries' })).errorCode).toBe('AUTH.FORBIDDEN');
    expect((await admin('campaign', { action: 'end', name: 'anniversaries' })).tone).toBe('success');
    const list = fieldsOf(await admin('campaign', { action: 'list' }));
    expect(Object.keys(list)).toContain('anniversaries · ended');
  });
});
