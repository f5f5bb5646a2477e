import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventsRoute } from '../../../bots/http/events-route.ts';
import { signPayload as signEvents } from '../../../core/index.ts';
import { startHttpServer, stopHttpServer } from '../../../bots/http/server.ts';
import { createTestCore, invocations, joinAll, member, people, type TestCore } from '../../helpers/test-core.ts';

let core: TestCore;
let server: Awaited<ReturnType<typeof startHttpServer>>;
let url: string;
let secret: string;
const community = 'shop-events';

beforeAll(async () => {
  core = await createTestCore('events');
  server = await startHttpServer({
    host: '127.0.0.1',
    port: 0,
    health: core.health,
    metrics: core.metrics,
    routes: [eventsRoute(core)],
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/events`;
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
  await stopHttpServer(server);
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
