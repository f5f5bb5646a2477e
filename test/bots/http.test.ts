import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpServer } from '../../bots/http/server.ts';
import { eventsRoutes } from '../../bots/http/events-route.ts';
import { slackRoutes } from '../../bots/http/slack-routes.ts';
import { sendBigBody } from '../../scripts/lib/big-body.ts';
import { createTestCore, invocations, people, startTestServer, type TestCore } from '../helpers/test-core.ts';

let core: TestCore;
let server: HttpServer;

beforeAll(async () => {
  core = await createTestCore('http');
  // Slack's endpoints mounted with a listener that must never be reached by an oversized body.
  const slackNeverCalled = () => {
    throw new Error('an oversized body reached the Slack listener');
  };
  server = await startTestServer(core, [eventsRoutes(core), slackRoutes(slackNeverCalled)]);
});
afterAll(async () => {
  await server?.close();
  await core?.cleanup();
});

describe('health and metrics', () => {
  it('reports MongoDB and Redis reachable', async () => {
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', checks: { mongodb: true, redis: true } });
  });

  it('counts commands by outcome in /metrics, for loopback readers', async () => {
    const inv = invocations('guild-http');
    await core.dispatcher.dispatch(inv.command(people.alice, 'join'));
    await core.dispatcher.dispatch(inv.command(people.alice, 'join'));
    const text = await (await fetch(`${server.url}/metrics`)).text();
    expect(text).toContain('loyalbot_commands_total{command="join",outcome="ok"} 1');
    expect(text).toContain('loyalbot_commands_total{command="join",outcome="rejected"} 1');
    expect(text).toContain('loyalbot_process_cpu_seconds_total');
  });

  it('asks for the metrics token when one is configured', async () => {
    const guarded = await startTestServer(core, [], { metricsToken: 'a-long-metrics-token' });
    try {
      expect((await fetch(`${guarded.url}/metrics`)).status).toBe(401);
      const wrong = await fetch(`${guarded.url}/metrics`, { headers: { authorization: 'Bearer nope' } });
      expect(wrong.status).toBe(401);
      const right = await fetch(`${guarded.url}/metrics`, {
        headers: { authorization: 'Bearer a-long-metrics-token' },
      });
      expect(right.status).toBe(200);
    } finally {
      await guarded.close();
    }
  });

  it('answers 503 when Redis is unreachable, and 404 for unknown paths', async () => {
    const broken = await startTestServer(core, [], {
      health: async () => ({ ok: false, checks: { mongodb: true, redis: false } }),
    });
    try {
      expect((await fetch(`${broken.url}/healthz`)).status).toBe(503);
      expect((await fetch(`${broken.url}/nope`)).status).toBe(404);
    } finally {
      await broken.close();
    }
  });
});

describe('body limits on every route', () => {
  const SIXTY_FOUR_MIB = 64 * 1024 * 1024;
  const paths = ['/events', '/slack/events', '/healthz', '/metrics', '/nowhere'];

  // Headers that pass the cheap checks, so POST /events gets as far as reading the body.
  const plausible = () => ({
    'x-loyalbot-community': 'guild-http',
    'x-loyalbot-timestamp': String(Math.floor(Date.now() / 1000)),
    'x-loyalbot-signature': `v1=${'0'.repeat(64)}`,
  });

  it('answers 413 to a declared 64 MiB body before reading it', async () => {
    for (const path of paths) {
      const outcome = await sendBigBody(`${server.url}${path}`, SIXTY_FOUR_MIB, { headers: plausible() });
      expect(outcome.status, path).toBe(413);
      expect(outcome.sent, path).toBeLessThan(8 * 1024 * 1024);
    }
  });

  it('cuts off a chunked body at the limit with 413, and keeps serving', async () => {
    for (const path of ['/events', '/slack/events']) {
      const outcome = await sendBigBody(`${server.url}${path}`, SIXTY_FOUR_MIB, {
        chunked: true,
        headers: plausible(),
      });
      expect(outcome.status, path).toBe(413);
      expect(outcome.sent, path).toBeLessThan(16 * 1024 * 1024);
    }
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it('refuses events whose headers cannot authenticate before reading the body', async () => {
    const outcome = await sendBigBody(`${server.url}/events`, SIXTY_FOUR_MIB, { chunked: true });
    expect(outcome.status).toBe(401);
    expect(outcome.sent).toBeLessThan(16 * 1024 * 1024);
  });
});
