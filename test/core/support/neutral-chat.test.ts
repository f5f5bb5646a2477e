import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleChatEvent } from '../../../core/chat-events.ts';
import { createTestCore, invocations, ManualClock, people, type TestCore } from '../../helpers/test-core.ts';

let core: TestCore;
const clock = new ManualClock(new Date('2026-06-01T12:00:00Z'));
const community = 'guild-neutral-chat';
const inv = invocations(community);

beforeAll(async () => {
  core = await createTestCore('neutral_chat', { clock });
  await core.services.communities.ensure('console', community, 'Raid Night');
  await core.services.communities.update(community, { adminUserIds: ['admin'] });
  await core.services.communities.setSupport(community, { sentimentChannels: ['general'] });
});
afterAll(async () => {
  await core?.cleanup();
});

describe('the sentiment digest on everyday chat', () => {
  it('counts logistics and questions as neutral, in English and Chinese', async () => {
    const user = { id: 'p1', displayName: 'P', role: 'member' as const };
    const lines = [
      'who is bringing the projector on saturday?',
      'the sign-up sheet is in the pinned post',
      '周六谁带投影仪？',
      '报名表在置顶帖里',
      'love the new badges, great work everyone',
      'checkout is broken again, so annoying',
    ];
    for (const text of lines)
      await handleChatEvent(core.services, {
        platform: 'console',
        communityId: community,
        channelId: 'general',
        messageId: randomUUID(),
        user,
        text,
        at: clock.now(),
      });
    await core.services.support.passive.flush(community);
    const day = await core.models.ChannelSentiment.findById(`${community}|general|2026-06-01`).lean();
    expect(day).toMatchObject({ count: 6, neutral: 4, positive: 1, negative: 1 });
    const reply = await core.dispatcher.dispatch(inv.command(people.admin, 'sentiment', { days: 1 }));
    const distribution = reply.fields?.find((field) => field.name === 'Distribution')?.value;
    expect(distribution).toBe('positive 17% · neutral 67% · negative 17%');
  });
});
