import { readFileSync } from 'node:fs';
import type { Core } from '../app.ts';
import type { InvokingUser } from '../types.ts';
import { DEMO_REWARDS, ensureCatalog } from './history-catalog.ts';

export const DEMO_COMMUNITY_NAME = 'Demo Coffee Club';

/** The people of the demo community; console `/as <name>` switches between them. */
export const DEMO_PEOPLE: Record<string, InvokingUser> = {
  alice: { id: 'alice', displayName: 'Alice', role: 'member', locale: 'en-US' },
  bob: { id: 'bob', displayName: 'Bob', role: 'member', locale: 'en-GB' },
  chen: { id: 'chen', displayName: '陈静', role: 'member', locale: 'zh-CN' },
  manager: { id: 'manager', displayName: 'Maya', role: 'manager', locale: 'en-US' },
  admin: { id: 'admin', displayName: 'Ada', role: 'admin', locale: 'en-US' },
};

const SEEDED_MEMBERS = ['alice', 'bob', 'chen', 'manager', 'admin'];

/**
 * Creates the demo community and its members once; a second run changes nothing, and a
 * member cancelled while trying the demo stays cancelled.
 */
export async function seedDemoCommunity(core: Core, communityId: string): Promise<void> {
  const { communities, members, clock } = core.services;
  await communities.ensure('console', communityId, DEMO_COMMUNITY_NAME);
  await communities.update(communityId, {
    name: DEMO_COMMUNITY_NAME,
    adminUserIds: ['admin'],
    managerUserIds: ['manager'],
  });
  const community = await communities.ensure('console', communityId);
  for (const name of SEEDED_MEMBERS) {
    const person = DEMO_PEOPLE[name];
    if (!person) continue;
    const key = { communityId, platform: 'console' as const, userId: person.id };
    if (await members.find(key)) continue;
    await members
      .join({ ...key, displayName: person.displayName, tier: community.defaultTier, now: clock.now() })
      .catch((error: unknown) => {
        if ((error as { code?: string }).code !== 'MEMBER.ALREADY_ACTIVE') throw error;
      });
    if (person.locale === 'zh-CN') await members.setLanguage(key, 'zh-CN');
  }
  await seedContent(core, communityId);
}

interface DemoSeed {
  faq: Array<{ question: string; answer: string }>;
  points: Record<string, number>;
}

/** FAQ, rewards, starting points and channels of the demo; each step is idempotent. */
async function seedContent(core: Core, communityId: string): Promise<void> {
  const seed = JSON.parse(readFileSync(new URL('./demo-seed.json', import.meta.url), 'utf8')) as DemoSeed;
  const { support, loyalty, communities, clock } = core.services;
  const now = clock.now();
  for (const entry of seed.faq) await support.faq.add(communityId, entry.question, entry.answer, now);
  await ensureCatalog(core, communityId, DEMO_REWARDS);
  for (const [userId, points] of Object.entries(seed.points)) {
    await loyalty.earnings.award({
      member: { communityId, platform: 'console', userId },
      basePoints: points,
      reason: 'admin-grant',
      source: 'import',
      idempotencyKey: `demo-seed:${userId}`,
    });
  }
  const community = await communities.ensure('console', communityId);
  if (!community.support || Object.keys(community.support).length === 0) {
    await communities.setSupport(communityId, {
      staffChannelId: 'staff',
      digestChannelId: 'managers',
      sentimentChannels: ['general'],
    });
  }
}
