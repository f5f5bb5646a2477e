import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleChatEvent } from '../../../core/chat-events.ts';
import { createTestCore, invocations, people, RecordingNotifier, type TestCore } from '../../helpers/test-core.ts';
import { deleteKeys, keysMatching } from '../../helpers/redis-keys.ts';

let core: TestCore;
const notifier = new RecordingNotifier();
const community = 'guild-digest';
const inv = invocations(community);

function feedback(
  id: string,
  text: string,
  score: number,
  label: 'positive' | 'neutral' | 'negative',
  channelId: string,
  at: string,
) {
  return {
    _id: `${community}|fb|${id}`,
    communityId: community,
    platform: 'console',
    userId: `u-${id}`,
    displayName: id,
    channelId,
    source: 'command',
    text,
    language: 'en',
    score,
    label,
    confidence: Math.abs(score),
    ticketId: null,
    at: new Date(at),
  };
}

beforeAll(async () => {
  core = await createTestCore('digest');
  core.notifiers.register('console', notifier);
  await core.services.communities.ensure('console', community, 'Roastery');
  await core.services.communities.update(community, { adminUserIds: ['admin'] });
  await core.services.communities.setSupport(community, {
    digestChannelId: 'managers',
    digestHour: 9,
    sentimentChannels: ['general'],
  });
  // A data set whose figures are worked out by hand below.
  await core.models.Feedback.insertMany([
    feedback('f1', 'Great coffee and friendly staff', 0.8, 'positive', 'general', '2026-05-12T08:00:00Z'),
    feedback('f2', 'The coffee tastes great', 0.6, 'positive', 'general', '2026-05-12T09:00:00Z'),
    feedback('f3', 'Delivery was late again', -0.6, 'negative', 'general', '2026-05-12T10:00:00Z'),
    feedback('f4', 'Late delivery and cold coffee', -0.8, 'negative', 'support', '2026-05-12T11:00:00Z'),
    feedback('f5', 'Where do I find my order number', 0.1, 'neutral', 'support', '2026-05-12T12:00:00Z'),
    feedback('f0', 'Meh', -0.5, 'negative', 'general', '2026-05-11T12:00:00Z'),
  ]);
  await core.models.ChannelSentiment.create({
    _id: `${community}|general|2026-05-12`,
    communityId: community,
    channelId: 'general',
    day: '2026-05-12',
    count: 4,
    scoreSum: 1.0,
    positive: 2,
    neutral: 1,
    negative: 1,
  });
  await core.services.support.tickets.open({
    communityId: community,
    platform: 'console',
    userId: 'u-f4',
    displayName: 'f4',
    source: 'feedback',
    sourceId: 'f4',
    text: 'Late delivery and cold coffee',
    at: new Date('2026-05-12T11:00:00Z'),
  });
});
afterAll(async () => core?.cleanup());

describe('sentiment digest', () => {
  it('computes volume, mean, distribution, trend, themes, quotes, channels and tickets', async () => {
    const digest = await core.services.support.digests.compute(
      community,
      new Date('2026-05-12T00:00:00Z'),
      new Date('2026-05-13T00:00:00Z'),
    );
    expect(digest.volume).toBe(9); // 5 feedback + 4 scored messages
    expect(digest.mean).toBeCloseTo(1.1 / 9, 6); // (0.8 + 0.6 − 0.6 − 0.8 + 0.1 + 1.0) / 9
    expect(digest.distribution).toEqual({ positive: 4, neutral: 2, negative: 3 });
    expect(digest.previous).toEqual({ volume: 1, mean: -0.5 });
    expect(digest.channels).toEqual([
      { channelId: 'general', volume: 7, mean: expect.closeTo(1.8 / 7, 6) },
      { channelId: 'support', volume: 2, mean: expect.closeTo(-0.35, 6) },
    ]);
    expect(digest.openTickets).toBe(1);
    expect(digest.examples.map((e) => e.text)).toEqual([
      'Late delivery and cold coffee',
      'Great coffee and friendly staff',
      'Where do I find my order number',
    ]);
    expect(
      digest.themes.negative
        .map((t) => t.term)
        .slice(0, 2)
        .sort(),
    ).toEqual(['delivery', 'late']);
    expect(digest.themes.positive[0]?.term).toBe('great');
    expect(digest.themes.negative.map((t) => t.term)).not.toContain('coffee');
  });

  it('renders on demand for managers only', async () => {
    const member = { id: 'm1', displayName: 'M', role: 'member' as const };
    expect((await core.dispatcher.dispatch(inv.command(member, 'sentiment', { days: 3 }))).errorCode).toBe(
      'AUTH.FORBIDDEN',
    );
    const reply = await core.dispatcher.dispatch(inv.command(people.admin, 'sentiment', { days: 200 }));
    expect(reply.errorCode).toBe('ARGS.INVALID');
  });

  it('posts the daily digest once however often the job runs, and the weekly one on Mondays', async () => {
    const schedule = core.services.support.digestSchedule;
    expect(await schedule.run(new Date('2026-05-13T08:30:00Z'))).toEqual({ posted: 0 }); // not its hour
    expect(await schedule.run(new Date('2026-05-13T09:30:00Z'))).toEqual({ posted: 1 });
    expect(await schedule.run(new Date('2026-05-13T09:45:00Z'))).toEqual({ posted: 0 });
    const posts = notifier.sent.filter((n) => n.target.kind === 'channel' && n.target.channelId === 'managers');
    expect(posts).toHaveLength(1);
    const fields = Object.fromEntries((posts[0]?.message.fields ?? []).map((f) => [f.name, f.value]));
    expect(posts[0]?.message.title).toBe('Daily sentiment digest');
    expect(fields).toMatchObject({
      'Messages and feedback': '9',
      'Mean score': '+0.12',
      'Open tickets': '1',
      Distribution: 'positive 44% · neutral 22% · negative 33%',
    });
    // Mondays: the daily and the weekly digest, then the week's save rate and the churn nudges.
    expect(await schedule.run(new Date('2026-05-18T09:10:00Z'))).toEqual({ posted: 4 });
    expect(await schedule.run(new Date('2026-05-18T09:20:00Z'))).toEqual({ posted: 0 });
    expect(notifier.sent.filter((n) => n.message.title === 'Weekly sentiment digest')).toHaveLength(1);
    expect(notifier.sent.slice(-2).map((n) => n.message.title)).toEqual(['Save rate', 'Churn nudges']);
  });
});

describe('passive sentiment', () => {
  it('counts opted-in channels per day without keeping text, and ignores others', async () => {
    const at = new Date('2026-06-01T10:00:00Z');
    const user = { id: 'p1', displayName: 'P', role: 'member' as const };
    const say = (channelId: string, text: string) =>
      handleChatEvent(core.services, {
        platform: 'console',
        communityId: community,
        channelId,
        messageId: randomUUID(),
        user,
        text,
        at,
      });
    expect((await say('general', 'this is awesome')).scored).toBe(true);
    await say('general', 'this is terrible');
    expect((await say('random', 'whatever, awesome')).scored).toBe(false);
    expect(await core.services.support.passive.flush(community)).toBe(1);
    expect(await core.services.support.passive.flush(community)).toBe(0);
    const day = await core.models.ChannelSentiment.findById(`${community}|general|2026-06-01`).lean();
    expect(day).toMatchObject({ count: 2, positive: 1, negative: 1 });
    expect(await core.models.Feedback.countDocuments({ communityId: community, source: 'passive' })).toBe(0);
    expect(await core.models.ChannelSentiment.countDocuments({ communityId: community, channelId: 'random' })).toBe(0);

    await core.dispatcher.dispatch(
      inv.command(people.admin, 'config', { action: 'set', key: 'support.storePassiveText', value: 'on' }),
    );
    await say('general', 'the new blend is lovely');
    await core.services.support.passive.flush(community);
    expect((await core.models.ChannelSentiment.findById(`${community}|general|2026-06-01`).lean())?.count).toBe(3);
    expect(await core.models.Feedback.countDocuments({ communityId: community, source: 'passive' })).toBe(1);
  });

  it('adds to a day after Redis lost its counters, and a replayed batch adds nothing', async () => {
    const at = new Date('2026-06-02T10:00:00Z');
    const say = (text: string) =>
      core.chat({
        platform: 'console',
        communityId: community,
        channelId: 'general',
        messageId: randomUUID(),
        user: { id: 'p2', displayName: 'Q', role: 'member' },
        text,
        at,
      });
    const day = () => core.models.ChannelSentiment.findById(`${community}|general|2026-06-02`).lean();
    for (const text of ['great coffee', 'lovely staff', 'awful queue']) await say(text);
    await core.services.support.passive.flush(community);
    expect((await day())?.count).toBe(3);

    // Redis loses everything of this community's passive counters, then one more message.
    await deleteKeys(core.redis, await keysMatching(core.redis, `${core.redisPrefix}:sent:{${community}}*`));
    await say('nice music');
    await core.services.support.passive.flush(community);
    expect(await day()).toMatchObject({ count: 4, positive: 3 });

    // A flush that wrote a batch and died before deleting it: the batch is applied again.
    const base = `${core.redisPrefix}:sent:{${community}}`;
    const batch = `${base}:batch:${(await day())?.lastBatch}`;
    await core.redis.hset(batch, '2026-06-02|general|count', 5, '2026-06-02|general|negative', 5);
    await core.redis.sadd(`${base}:batches`, batch);
    await core.services.support.passive.flush(community);
    expect(await day()).toMatchObject({ count: 4, negative: 1 });
    expect(await core.redis.exists(batch)).toBe(0);
  });
});
