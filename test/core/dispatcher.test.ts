import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestCore, invocations, people, type TestCore } from '../helpers/test-core.ts';
import { keysMatching } from '../helpers/redis-keys.ts';

let core: TestCore;
const community = 'guild-dispatch';
const inv = invocations(community);

beforeAll(async () => {
  core = await createTestCore('dispatch');
});
afterAll(async () => core?.cleanup());

const dispatch = (...args: Parameters<typeof inv.command>) => core.dispatcher.dispatch(inv.command(...args));

describe('input validation', () => {
  it('names an unknown command', async () => {
    const reply = await dispatch(people.alice, 'frobnicate');
    expect(reply).toMatchObject({ errorCode: 'COMMAND.UNKNOWN', ephemeral: true, tone: 'error' });
    expect(reply.text).toContain('/frobnicate');
  });

  it('names a missing required option, in the user locale', async () => {
    const en = await dispatch(people.alice, 'language', {});
    expect(en.errorCode).toBe('ARGS.MISSING');
    expect(en.text).toBe('The option "language" is required.');
    const zh = await dispatch(people.chen, 'language', {});
    expect(zh.text).toBe('缺少必填选项“language”。');
  });

  it('rejects malformed, oversized and unexpected arguments without effect', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ user: '<script>' }, 'ARGS.INVALID'],
      [{ user: 'bob', reason: 'x'.repeat(301) }, 'ARGS.TOO_LONG'],
      [{ user: 'bob', colour: 'red' }, 'ARGS.UNEXPECTED'],
      [{ user: { $ne: null } }, 'ARGS.INVALID'],
    ];
    for (const [args, code] of cases) {
      const reply = await dispatch(people.admin, 'cancel-membership', args as never);
      expect(reply.errorCode, JSON.stringify(args)).toBe(code);
    }
    expect(await core.models.Audit.countDocuments({})).toBe(0);
  });

  it('rejects an operator object where a referral code belongs', async () => {
    const reply = await dispatch(people.bob, 'join', { 'referral-code': { $gt: '' } } as never);
    expect(reply.errorCode).toBe('ARGS.INVALID');
    expect(await core.models.Member.countDocuments({ communityId: community, userId: 'bob' })).toBe(0);
  });
});

describe('re-delivery of one invocation', () => {
  it('has one effect and returns the first reply', async () => {
    const invocation = inv.command(people.alice, 'join', {}, 'delivery-1');
    const first = await core.dispatcher.dispatch(invocation);
    const second = await core.dispatcher.dispatch({ ...invocation });
    expect(first.tone).toBe('success');
    expect(second).toEqual(first);
    expect(await core.models.Member.countDocuments({ communityId: community, userId: 'alice' })).toBe(1);
  });

  it('runs once when deliveries race', async () => {
    const invocation = inv.command(people.bob, 'join', {}, 'delivery-race');
    const replies = await Promise.all(Array.from({ length: 6 }, () => core.dispatcher.dispatch({ ...invocation })));
    const welcomes = replies.filter((r) => r.tone === 'success');
    expect(welcomes.length).toBeGreaterThanOrEqual(1);
    expect(replies.every((r) => r.tone === 'success' || r.errorCode === 'INVOCATION.IN_PROGRESS')).toBe(true);
    expect(await core.models.Member.countDocuments({ communityId: community, userId: 'bob' })).toBe(1);
  });

  it('keeps ids of different communities apart', async () => {
    const other = invocations('guild-other');
    const here = await core.dispatcher.dispatch(inv.command(people.chen, 'join', {}, 'shared-id'));
    const there = await core.dispatcher.dispatch(other.command(people.chen, 'join', {}, 'shared-id'));
    expect(here.tone).toBe('success');
    expect(there.tone).toBe('success');
    expect(await core.models.Member.countDocuments({ userId: 'chen' })).toBe(2);
  });
});

describe('roles', () => {
  it('raises a member to admin from community settings, never lowers a platform admin', async () => {
    await core.services.communities.ensure('console', 'guild-roles');
    await core.services.communities.update('guild-roles', { adminUserIds: ['bob'] });
    const roles = invocations('guild-roles');
    await core.dispatcher.dispatch(roles.command(people.alice, 'join'));
    const asBob = await core.dispatcher.dispatch(roles.command(people.bob, 'cancel-membership', { user: 'alice' }));
    expect(asBob.buttons).toHaveLength(2);
    const asAdmin = await core.dispatcher.dispatch(roles.command(people.admin, 'cancel-membership', { user: 'alice' }));
    expect(asAdmin.buttons).toHaveLength(2);
  });
});

describe('help', () => {
  it('lists the commands each role may run, with localized descriptions', async () => {
    const reply = await dispatch(people.chen, 'help');
    // The commands, then how chatting earns points (no command of its own).
    expect(reply.fields?.at(-1)?.name).toBe('聊天赚积分');
    expect(reply.fields?.at(-1)?.value).toContain('回答被他人回复感谢或标记 ✅');
    const names = reply.fields?.slice(0, -1).map((f) => f.name.split(' ')[0]);
    expect(names).toEqual(
      core.commands
        .all()
        .filter((c) => c.role === 'member')
        .map((c) => `/${c.name}`),
    );
    expect(names).not.toContain('/grant-points');
    expect(reply.fields?.find((f) => f.name.startsWith('/join'))?.value).toBe('加入本社区成为会员');
    const admin = await dispatch(people.admin, 'help');
    const adminNames = admin.fields?.slice(0, -1).map((f) => f.name.split(' ')[0]);
    expect(adminNames).toEqual(core.commands.all().map((c) => `/${c.name}`));
  });
});

describe('unexpected failures', () => {
  it('apologise with a reference, log once, and let the re-delivery run', async () => {
    const join = core.services.members.join.bind(core.services.members);
    core.services.members.join = async () => {
      throw new Error('disk on fire');
    };
    const invocation = inv.command(people.admin, 'join', {}, 'delivery-fault');
    let failed;
    try {
      failed = await core.dispatcher.dispatch(invocation);
    } finally {
      core.services.members.join = join;
    }
    expect(failed).toMatchObject({ errorCode: 'INTERNAL', tone: 'error' });
    expect(failed.text).toContain('delivery-fault');
    expect(failed.text).not.toContain('disk on fire');
    const retried = await core.dispatcher.dispatch({ ...invocation });
    expect(retried.tone).toBe('success');
  });
});

describe('document cache', () => {
  it('serves the caller from Redis and never an outdated copy after a write', async () => {
    const key = { communityId: 'guild-cache', platform: 'console' as const, userId: 'cora' };
    await core.services.members.join({ ...key, displayName: 'Cora', tier: 'free', now: new Date() });
    expect((await core.services.members.findCached(key))?.tier).toBe('free');
    expect((await core.services.members.findCached(key))?.joinedAt).toBeInstanceOf(Date);
    await core.models.Member.updateOne({ _id: 'guild-cache|console|cora' }, { $set: { tier: 'gold' } });
    expect((await core.services.members.findCached(key))?.tier).toBe('gold');
    await core.models.Member.deleteMany({ communityId: 'guild-cache' });
    expect(await core.services.members.findCached(key)).toBeNull();
  });

  it('serves the community from Redis, never an outdated copy, and keeps its events secret out of Redis', async () => {
    await core.services.communities.ensure('console', 'guild-cached', 'Before');
    await core.services.communities.setEventsSecret('guild-cached', 'shop-secret-123');
    expect((await core.services.communities.ensure('console', 'guild-cached')).name).toBe('Before');
    await core.models.Community.updateOne({ _id: 'guild-cached' }, { $set: { name: 'After' } });
    const community = await core.services.communities.ensure('console', 'guild-cached');
    expect(community.name).toBe('After');
    expect(community.createdAt).toBeInstanceOf(Date);
    await core.services.communities.update('guild-cached', { adminUserIds: ['ada'] });
    expect((await core.services.communities.ensure('console', 'guild-cached')).adminUserIds).toEqual(['ada']);
    const cachedCopies = await keysMatching(core.redis, `${core.redisPrefix}:community-cache:doc:*`);
    expect(cachedCopies.length).toBeGreaterThan(0);
    for (const key of cachedCopies) expect(await core.redis.get(key)).not.toContain('shop-secret-123');
  });
});

describe('/config lexicon words', () => {
  it('refuses a word MongoDB cannot keep as a key, with a clear message, and keeps the others', async () => {
    const place = 'guild-lexicon';
    await core.services.communities.ensure('console', place);
    await core.services.communities.update(place, { adminUserIds: ['admin'] });
    const config = (key: string, value: string) =>
      core.dispatcher.dispatch(
        invocations(place).command(people.admin, 'config', { action: 'lexicon-add', key, value }),
      );
    for (const word of ['chat.points', '$where']) {
      const refused = await config(word, '2');
      expect(refused.errorCode, word).toBe('CONFIG.INVALID');
      expect(refused.text).toContain('Nothing was changed');
    }
    expect((await config('sluggish', '-2')).tone).toBe('success');
    const community = await core.services.communities.ensure('console', place);
    expect(community.support).toMatchObject({ lexicon: { sluggish: -2 } });
  });
});

describe('what is remembered for re-deliveries', () => {
  it('keeps no secret: a re-delivered /config events-secret is told it was answered', async () => {
    await core.services.communities.ensure('console', community);
    await core.services.communities.update(community, { adminUserIds: ['admin'] });
    const invocation = inv.command(people.admin, 'config', { action: 'events-secret' }, 'secret-once');
    const first = await core.dispatcher.dispatch(invocation);
    const secret = /: ([A-Za-z0-9_-]{32}) —/.exec(first.text ?? '')?.[1] ?? '';
    expect(secret).toHaveLength(32);
    const stored = await core.redis.get(`${core.redisPrefix}:invocation:{${community}}:secret-once`);
    expect(stored).not.toContain(secret);
    const again = await core.dispatcher.dispatch({ ...invocation });
    expect(again.text).toBe('This was already answered; the answer is not shown again.');
    const everything = await keysMatching(core.redis, `${core.redisPrefix}:*`);
    for (const key of everything) {
      if ((await core.redis.type(key)) === 'string') expect(await core.redis.get(key)).not.toContain(secret);
    }
  });

  it('does not keep input errors, so the corrected retry of the same delivery runs', async () => {
    await core.dispatcher.dispatch(inv.command(people.alice, 'join', {}, 'alice-join-limits'));
    const bad = await core.dispatcher.dispatch(inv.command(people.alice, 'feedback', { text: 'ok' }, 'modal-view-1'));
    expect(bad.errorCode).toBe('ARGS.TOO_SHORT');
    const fixed = await core.dispatcher.dispatch(
      inv.command(people.alice, 'feedback', { text: 'The tasting evening was lovely' }, 'modal-view-1'),
    );
    expect(fixed.tone).toBe('success');
  });
});

describe('confirmations', () => {
  it('act once for a double press, and a stranger neither acts nor spoils them', async () => {
    const place = 'guild-confirm';
    const here = invocations(place);
    await core.services.communities.ensure('console', place);
    await core.services.communities.update(place, { adminUserIds: ['admin'] });
    for (const user of [people.admin, people.bob]) await core.dispatcher.dispatch(here.command(user, 'join'));
    const ask = await core.dispatcher.dispatch(here.command(people.admin, 'cancel-membership', { user: 'bob' }));
    const confirm = ask.buttons?.[0]?.action ?? '';
    const stranger = await core.dispatcher.dispatch(here.command(people.alice, 'join'));
    expect(stranger.tone).toBe('success');
    expect((await core.dispatcher.press(here.press(people.alice, confirm))).errorCode).toBe('BUTTON.NOT_YOURS');
    const presses = await Promise.all([
      core.dispatcher.press(here.press(people.admin, confirm)),
      core.dispatcher.press(here.press(people.admin, confirm)),
    ]);
    expect(presses.filter((reply) => reply.tone === 'success')).toHaveLength(1);
    expect(presses.map((reply) => reply.errorCode).filter(Boolean)).toEqual(['BUTTON.EXPIRED']);
    expect(await core.models.Audit.countDocuments({ communityId: place, action: 'membership.cancel' })).toBe(1);
  });
});
