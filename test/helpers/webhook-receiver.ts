import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedDelivery {
  path: string;
  headers: IncomingHttpHeaders;
  raw: string;
  body: { id: string; type: string; createdAt: string; communityId: string; data: Record<string, unknown> };
}

/** Answers a delivery to one path: the status to send back (the nth request to that path, from 0). */
export type Behaviour = (nth: number, delivery: ReceivedDelivery) => number;

/**
 * A receiver as a community's shop would run it: a plain node HTTP server on loopback that
 * records every delivery and answers per path.
 */
export async function startReceiver() {
  const received: ReceivedDelivery[] = [];
  const behaviours = new Map<string, Behaviour>();
  const counts = new Map<string, number>();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const path = request.url ?? '/';
      const delivery = { path, headers: request.headers, raw, body: JSON.parse(raw) as ReceivedDelivery['body'] };
      received.push(delivery);
      const nth = counts.get(path) ?? 0;
      counts.set(path, nth + 1);
      response.writeHead((behaviours.get(path) ?? (() => 200))(nth, delivery)).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    received,
    on(path: string, behaviour: Behaviour) {
      behaviours.set(path, behaviour);
    },
    at(path: string): ReceivedDelivery[] {
      return received.filter((delivery) => delivery.path === path);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * What a receiver does with the secret it was given, as the README shows: the HMAC-SHA256 of
 * `v1:<timestamp>:<raw body>`, compared in constant time with the header after `v1=`.
 */
export function verifies(secret: string, delivery: ReceivedDelivery): boolean {
  const timestamp = String(delivery.headers['x-loyalbot-timestamp'] ?? '');
  const given = String(delivery.headers['x-loyalbot-signature'] ?? '');
  const expected = `v1=${createHmac('sha256', secret).update(`v1:${timestamp}:${delivery.raw}`).digest('hex')}`;
  return given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}
