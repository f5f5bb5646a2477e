import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpServer, stopHttpServer } from '../../bots/http/server.ts';
import { createTestCore, invocations, people, type TestCore } from '../helpers/test-core.ts';

let core: TestCore;
let server: Awaited<ReturnType<typeof startHttpServer>>;
let base: string;

beforeAll(async () => {
  core = await createTestCore('http');
  server = await startHttpServer({ host: '127.0.0.1', port: 0, health: core.health, metrics: core.metrics });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await stopHttpServer(server);
  await core?.cleanup();
});

describe('health and metrics', () => {
  it('reports MongoDB and Redis reachable', async () => {
    const response = await fetch(`${base}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', checks: { mongodb: true, redis: true } });
  });

  it('counts commands by outcome in /metrics', async () => {
    const inv = invocations('guild-http');
    await core.dispatcher.dispatch(inv.command(people.alice, 'join'));
    await core.dispatcher.dispatch(inv.command(people.alice, 'join'));
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(text).toContain('loyalbot_commands_total{command="join",outcome="ok"} 1');
    expect(text).toContain('loyalbot_commands_total{command="join",outcome="rejected"} 1');
    expect(text).toContain('loyalbot_process_cpu_seconds_total');
  });

  it('answers 503 when Redis is unreachable', async () => {
    const broken = await startHttpServer({
      host: '127.0.0.1',
      port: 0,
      metrics: core.metrics,
      health: async () => ({ ok: false, checks: { mongodb: true, redis: false } }),
    });
    try {
      const response = await fetch(`http://127.0.0.1:${(broken.address() as AddressInfo).port}/healthz`);
      expect(response.status).toBe(503);
      expect(await fetch(`http://127.0.0.1:${(broken.address() as AddressInfo).port}/nope`).then((r) => r.status)).toBe(
        404,
      );
    } finally {
      await stopHttpServer(broken);
    }
  });
});
