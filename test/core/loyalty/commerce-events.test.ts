import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventsRoutes } from '../../../bots/http/events-route.ts';
import { signPayload as signEvents } from '../../../core/index.ts';
import type { HttpServer } from '../../../bots/http/server.ts';
import {
  createTestCore,
  invocations,
  joinAll,
  member,
  people,
  startTestServer,
  type TestCore,
} from '../../helpers/test-core.ts';

let core: TestCore;
let server: HttpServer;
let url: string;
let secret: string;
const community = 'shop-events';

beforeAll(async () => {
  core = await createTestCore('events');
  server = await startTestServer(core, [eventsRoutes(core)]);
  url = `${server.url}/events`;
  await core.services.communities.ensure('console', community);
  await core.services.communities.update(community, { adminUserIds: ['admin'] });
  const reply = await core.dispatcher.dispatch(
    invocations(community).command(people.admin, 'config', { action: 'events-secret' }),
  );
  secret = /: ([A-Za-z0-9_-]{32}) —/.exec(reply.text ?? '')?.[1] ?? '';
  expect(secret).toHaveLength(32);
  await joinAll(core, community, [member('buyer')]);
});
afterAll(async () => {
  await server.close();
  await core?.cleanup();
});

async function post(body: unknown, options: { secret?: string; timestamp?: number; community?: string } = {}) {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-loyalbot-community': options.community ?? community,
      'x-loyalbot-timestamp': String(timestamp),
      'x-loyalbot-signature': signEvents(options.secret ?? secret, timestamp, raw),
    },
    body: raw,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const balance = async () =>
  (await core.services.loyalty.ledger.totals({ communityId: community, platform: 'console', userId: 'buyer' })).balance;
const purchase = { type: 'purchase', id: 'ord-1001', userId: 'buyer', amount: 42.5, currency: 'EUR', itemId: 'mug' };

describe('POST /events', () => {
  it('accepts a signed purchase: points and an interaction, once', async () => {
    expect(await post(purchase)).toEqual({ status: 202, body: { accepted: 1, duplicates: 0 } });
    expect(await balance()).toBe(42);
    expect(await post(purchase)).toEqual({ status: 202, body: { accepted: 0, duplicates: 1 } });
    expect(await balance()).toBe(42);
    expect(
      await core.models.Interaction.countDocuments({ communityId: community, eventId: 'ord-1001', type: 'purchase' }),
    ).toBe(1);
  });

  it('accepts a batch of views, clicks, likes and searches', async () => {
    const events = [
      { type: 'view', id: 'v-1', userId: 'buyer', itemId: 'mug' },
      { type: 'click', id: 'c-1', userId: 'buyer', itemId: 'mug' },
      { type: 'like', id: 'l-1', userId: 'buyer', itemId: 'tee' },
      { type: 'search', id: 's-1', userId: 'buyer', query: 'green tea' },
    ];
    expect(await post({ events })).toEqual({ status: 202, body: { accepted: 4, duplicates: 0 } });
    expect(await core.models.Interaction.countDocuments({ communityId: community, userId: 'buyer' })).toBe(5);
  });

  it('rejects stale, forged and unknown-community requests with 401, changing nothing', async () => {
    const fresh = { ...purchase, id: 'ord-2002' };
    expect((await post(fresh, { timestamp: Math.floor(Date.now() / 1000) - 301 })).status).toBe(401);
    expect((await post(fresh, { secret: 'not-the-secret' })).status).toBe(401);
    expect((await post(fresh, { community: 'someone-else' })).status).toBe(401);
    const tampered = await fetch(url, {
      method: 'POST',
      headers: {
        'x-loyalbot-community': community,
        'x-loyalbot-timestamp': String(Math.floor(Date.now() / 1000)),
        'x-loyalbot-signature': signEvents(secret, Math.floor(Date.now() / 1000), JSON.stringify(fresh)),
      },
      body: JSON.stringify({ ...fresh, amount: 9999 }),
    });
    expect(tampered.status).toBe(401);
    expect(await balance()).toBe(42);
  });

  it('answers 400 naming the field at fault', async () => {
    expect(await post({ ...purchase, id: 'ord-3', amount: -1 })).toMatchObject({
      status: 400,
      body: { field: 'amount' },
    });
    expect(await post({ events: [purchase, { type: 'view', id: 'v-9', userId: 'buyer' }] })).toMatchObject({
      status: 400,
      body: { field: 'events.1.itemId' },
    });
    expect(await post({ type: 'teleport', id: 'x', userId: 'buyer' })).toMatchObject({
      status: 400,
      body: { field: 'type' },
    });
    expect(await post('{not json')).toMatchObject({ status: 400 });
    expect(await post({ ...purchase, id: 'ord-4', userId: { $ne: null } })).toMatchObject({
      status: 400,
      body: { field: 'userId' },
    });
    expect(await balance()).toBe(42);
  });
});

describe('events out of time and out of order', () => {
  const daysAgo = (days: number) => new Date(Date.now() - days * 24 * 3600 * 1000).toISOString();

  it('enters a backdated purchase at the time of writing, so expiry and rolling tiers keep recent points', async () => {
    await joinAll(core, community, [member('late')]);
    const backdated = {
      type: 'purchase',
      id: 'ord-late',
      userId: 'late',
      amount: 120,
      currency: 'EUR',
      at: daysAgo(20),
    };
    expect((await post(backdated)).status).toBe(202);
    const entry = await core.models.PointsEntry.findOne({ communityId: community, userId: 'late' }).lean();
    expect(entry?.at.getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(entry?.occurredAt?.toISOString()).toBe(backdated.at);
    // A rolling-12-month tier counts it: the ledger's own time decides, not the shop's.
    const totals = await core.services.loyalty.ledger.totalsAt(
      { communityId: community, platform: 'console', userId: 'late' },
      new Date(Date.now() - 24 * 3600 * 1000),
    );
    expect(totals.credited).toBe(0);
  });

  it('refuses events older than the horizon or from the future with 400 naming the field', async () => {
    const old = { type: 'purchase', id: 'ord-2023', userId: 'buyer', amount: 50, currency: 'EUR', at: daysAgo(400) };
    expect(await post(old)).toMatchObject({ status: 400, body: { field: 'at' } });
    const future = { ...old, id: 'ord-future', at: new Date(Date.now() + 3600_000).toISOString() };
    expect(await post({ events: [purchase, future] })).toMatchObject({ status: 400, body: { field: 'events.1.at' } });
    expect(await balance()).toBe(42);
  });

  it('never rolls a paid tier back for a retried or late older subscription event', async () => {
    await joinAll(core, community, [member('subscriber')]);
    const until = (days: number) => new Date(Date.now() + days * 24 * 3600 * 1000).toISOString();
    const newer = { type: 'subscription', id: 'sub-2', userId: 'subscriber', tier: 'gold', paidUntil: until(60) };
    const older = { type: 'subscription', id: 'sub-1', userId: 'subscriber', tier: 'silver', paidUntil: until(30) };
    expect((await post(newer)).body).toEqual({ accepted: 1, duplicates: 0 });
    expect((await post(older)).body).toEqual({ accepted: 1, duplicates: 0 });
    expect((await post(newer)).body).toEqual({ accepted: 0, duplicates: 1 });
    const stored = await core.services.members.find({
      communityId: community,
      platform: 'console',
      userId: 'subscriber',
    });
    expect(stored).toMatchObject({ paidTier: 'gold', tier: 'gold' });
    expect(stored?.paidUntil?.toISOString()).toBe(newer.paidUntil);
  });

  it('answers every failure to authenticate alike, and signs the raw bytes', async () => {
    const fresh = { ...purchase, id: 'ord-2003' };
    const answers = await Promise.all([
      post(fresh, { community: 'no-such-community' }),
      post(fresh, { secret: 'wrong' }),
      post(fresh, { timestamp: Math.floor(Date.now() / 1000) - 3600 }),
    ]);
    expect(new Set(answers.map((a) => JSON.stringify(a)))).toEqual(
      new Set([JSON.stringify({ status: 401, body: { error: 'not authenticated' } })]),
    );
    // Bytes that are not valid UTF-8: signed as sent, they authenticate (then fail as JSON).
    const raw = Buffer.concat([
      Buffer.from('{"type":"view","id":"raw-1","userId":"buyer","itemId":"m'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('"}'),
    ]);
    const timestamp = Math.floor(Date.now() / 1000);
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'x-loyalbot-community': community,
        'x-loyalbot-timestamp': String(timestamp),
        'x-loyalbot-signature': signEvents(secret, timestamp, raw),
      },
      body: raw,
    });
    expect(response.status).toBe(400);
  });
});
