import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleChatEvent, handleReaction } from '../../../core/chat-events.ts';
import { ChatActivity } from '../../../core/loyalty/chat-activity.ts';
import { assessChat, isHelpfulReaction } from '../../../core/loyalty/chat-quality.ts';
import { SentimentScorer } from '../../../core/sentiment/scorer.ts';
import type { ChatEvent, InvokingUser } from '../../../core/types.ts';
import {
  createTestCore,
  invocations,
  joinAll,
  ManualClock,
  member,
  people,
  type TestCore,
} from '../../helpers/test-core.ts';

describe('judging a message', () => {
  const scorer = new SentimentScorer();
  const judge = (text: string) => assessChat(text, { basePoints: 1, sentiment: (t) => scorer.score(t, {}).score });

  it('pays for effort with diminishing returns', () => {
    expect(judge('lol')).toMatchObject({ points: 0, verdict: 'low' });
    expect(judge('ok cool')).toMatchObject({ points: 0, verdict: 'low' });
    expect(judge('great stream today')).toMatchObject({ points: 1, verdict: 'ok' });
    const long = judge('Has anyone tried the new oolong? I think it is smoother than the last batch, less bitter too.');
    expect(long).toMatchObject({ points: 2, verdict: 'ok' });
    // Diminishing returns: a wall of text earns no more than a thoughtful paragraph.
    const essay = Array.from({ length: 60 }, (_, i) => `point${i} matters`).join(', ');
    expect(judge(essay).points).toBe(2);
    expect(judge('这款乌龙茶比上一批更顺滑，大家觉得呢？')).toMatchObject({ points: 1, verdict: 'ok' });
  });

  it('earns nothing for spam: shouting, link floods, emoji walls, one word over and over', () => {
    for (const text of [
      'FREE POINTS FOR EVERYONE CLICK NOW',
      'deals http://a.example http://b.example',
      'http://a.example',
      '🔥🔥🔥🔥🔥🔥🔥 lit',
      'points points points points please',
      '<@1> <@2> <@3> <@4> look here',
    ])
      expect(judge(text).verdict, text).toBe('spam');
  });

  it('earns nothing for toxic messages, in both languages, and for hostility aimed at someone', () => {
    expect(judge('you are an idiot').verdict).toBe('toxic');
    expect(judge('shut up already, nobody asked').verdict).toBe('toxic');
    expect(judge('你这个傻逼').verdict).toBe('toxic');
    expect(judge('You are the worst, useless and pathetic, I hate you').verdict).toBe('toxic');
    // Negative about a thing, not a person: fine.
    expect(judge('this update is the worst, the app keeps crashing on login').verdict).toBe('ok');
  });

  it('recognises thanks and the helpful reaction, by emoji or by Slack name', () => {
    expect(judge('thanks, that fixed it!').thanks).toBe(true);
    expect(judge('谢谢你的帮助').thanks).toBe(true);
    expect(judge('I think it works').thanks).toBe(false);
    expect(isHelpfulReaction('✅', '✅')).toBe(true);
    expect(isHelpfulReaction('white_check_mark', '✅')).toBe(true);
    expect(isHelpfulReaction('+1', '👍')).toBe(true);
    expect(isHelpfulReaction('😂', '✅')).toBe(false);
  });
});

let core: TestCore;
const clock = new ManualClock(new Date('2026-06-01T08:00:00Z'));
const community = 'guild-chat-quality';
const inv = invocations(community);
const key = (userId: string) => ({ communityId: community, platform: 'console' as const, userId });
const balance = async (userId: string) => (await core.services.loyalty.ledger.totals(key(userId))).balance;
let messageNumber = 0;

function say(user: InvokingUser, text: string, extra: Partial<ChatEvent> = {}) {
  clock.advanceSeconds(61);
  const messageId = extra.messageId ?? `m${(messageNumber += 1)}`;
  const event = {
    platform: 'console' as const,
    communityId: community,
    channelId: 'general',
    messageId,
    user,
    text,
    at: clock.now(),
  };
  return handleChatEvent(core.services, { ...event, ...extra });
}

beforeAll(async () => {
  core = await createTestCore('chat-quality', { clock });
  await core.services.communities.ensure('console', community);
  await core.services.communities.update(community, { adminUserIds: ['admin'], managerUserIds: ['mia'] });
  await core.services.communities.setLoyalty(community, {
    chat: {
      points: 2,
      cooldownSeconds: 60,
      dailyCap: 100,
      quality: true,
      helpBonus: 5,
      helpDailyCap: 10,
      helpfulReaction: '✅',
    },
  });
  await joinAll(
    core,
    community,
    ['ana', 'ben', 'cam', 'dee', 'eve'].map((id) => member(id)),
  );
});
afterAll(async () => core?.cleanup());

describe('chat points by quality, in Redis', () => {
  it('pays a real message, not its copy, a near copy, or a bot cycling phrases', async () => {
    const ana = member('ana');
    const first = await say(ana, 'The new oolong batch tastes smoother than the last one, really enjoying it');
    expect(first).toMatchObject({ verdict: 'ok', pointsEarned: 3 });
    expect(await say(ana, 'The new oolong batch tastes smoother than the last one, really enjoying it')).toMatchObject({
      verdict: 'repeat',
      pointsEarned: 0,
    });
    expect(
      await say(ana, 'the new oolong batch tastes smoother than the last one... REALLY enjoying it!!'),
    ).toMatchObject({
      verdict: 'repeat',
      pointsEarned: 0,
    });
    const phrases = [
      'What time is the tasting tonight?',
      'Anyone up for a game later on?',
      'Check out my new tea setup pics',
    ];
    const ben = member('ben');
    const earned: number[] = [];
    for (let round = 0; round < 3; round += 1)
      for (const phrase of phrases) earned.push((await say(ben, phrase)).pointsEarned);
    expect(earned.slice(0, 3).every((p) => p > 0)).toBe(true);
    expect(earned.slice(3)).toEqual([0, 0, 0, 0, 0, 0]);
    expect((await say(ben, 'lol')).verdict).toBe('low');
  });

  it('credits an answer others thank or mark helpful, once per answer and within a daily cap', async () => {
    const [cam, dee, eve] = [member('cam'), member('dee'), member('eve')];
    await say(cam, 'You can link your account under settings, then privacy, then connected apps');
    const answer = `m${messageNumber}`;
    const before = await balance('cam');
    // A thank-you in reply earns the replied-to author the bonus, once per answer.
    await say(dee, 'thanks!', { replyTo: { messageId: answer } });
    await say(eve, 'thank you, worked for me too', { replyTo: { messageId: answer } });
    await say(cam, 'thanks', { replyTo: { messageId: answer } }); // own answer: nothing
    // A reaction on another answer; anything but the helpful one earns nothing.
    await say(cam, 'Restart the app after updating; the cache keeps the old catalog otherwise');
    const second = `m${messageNumber}`;
    const react = (user: InvokingUser, emoji: string, messageId: string) =>
      handleReaction(core.services, {
        platform: 'console',
        communityId: community,
        channelId: 'general',
        messageId,
        user,
        emoji,
        at: clock.now(),
      });
    expect(await react(dee, '😂', second)).toEqual({ bonus: 0 });
    expect(await react(cam, '✅', second)).toEqual({ bonus: 0 });
    expect(await react(dee, '✅', second)).toEqual({ bonus: 5 });
    expect(await react(eve, '✅', second)).toEqual({ bonus: 0 });
    // The daily cap (10): a third helpful answer the same day earns nothing more.
    await say(cam, 'Rewards refresh every Monday morning, so check back then for new items');
    expect(await react(dee, '✅', `m${messageNumber}`)).toEqual({ bonus: 0 });
    await core.services.loyalty.maintenance.flushChatPoints();
    const entries = await core.models.PointsEntry.find({ ...key('cam'), reason: 'helpful-answer' }).lean();
    expect(entries.map((e) => e.delta)).toEqual([10]);
    expect((await balance('cam')) - before).toBeGreaterThanOrEqual(10);
  });

  it('earns nothing for toxic messages and counts them, with the rest, for /sentiment', async () => {
    const dee = member('dee');
    expect(await say(dee, 'you are an idiot and a loser')).toMatchObject({ verdict: 'toxic', pointsEarned: 0 });
    expect(await say(dee, 'BUY CHEAP POINTS NOW NOW NOW')).toMatchObject({ verdict: 'spam', pointsEarned: 0 });
    const mia = { id: 'mia', displayName: 'Mia', role: 'member' as const, locale: 'en-US' };
    const digest = await core.dispatcher.dispatch(inv.command(mia, 'sentiment', { days: 7 }));
    const chat = digest.fields?.find((f) => f.name === 'Chat points')?.value;
    expect(chat).toMatch(
      /^\d+ messages scored · \d+ earned · 8 repeats · 1 spam · 1 toxic · 1 low effort · 2 helpful$/,
    );
  });

  it('pays every message past the cooldown when the community turns quality off', async () => {
    const off = await core.dispatcher.dispatch(
      inv.command(people.admin, 'config', { action: 'set', key: 'chat.quality', value: 'off' }),
    );
    expect(off.tone).toBe('success');
    const eve = member('eve');
    expect(await say(eve, 'lol')).toMatchObject({ verdict: null, pointsEarned: 2 });
    expect(await say(eve, 'lol')).toMatchObject({ verdict: null, pointsEarned: 2 });
    await core.dispatcher.dispatch(
      inv.command(people.admin, 'config', { action: 'set', key: 'chat.quality', value: 'on' }),
    );
  });

  it('keeps to one Redis round trip per message', async () => {
    let calls = 0;
    const counting = new Proxy(core.redis, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          calls += 1;
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    }) as typeof core.redis;
    const activity = new ChatActivity(counting, core.redisPrefix, core.services.loyalty.earnings, core.models);
    const settings = await core.services.communities.ensure('console', community);
    for (const text of ['a real sentence about the tea tasting', 'lol', 'you are an idiot', 'thanks!']) {
      calls = 0;
      clock.advanceSeconds(61);
      const event = {
        platform: 'console' as const,
        communityId: community,
        channelId: 'general',
        messageId: randomUUID(),
        user: member('ana'),
        text,
        at: clock.now(),
        replyTo: { messageId: 'x' },
      };
      await activity.record(event, settings, { sentiment: () => 0 });
      expect(calls, text).toBe(1);
    }
  });
});
