import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Models, CommunityDoc } from '../db/models.ts';
import { parseCommerceBody, type CommerceEvents } from '../loyalty/commerce-events.ts';
import type { Clock } from '../ports.ts';
import type { RouteHandler } from './server.ts';

const MAX_BODY_BYTES = 1024 * 1024;
const MAX_SKEW_SECONDS = 300;

/** The signature a shop sends: hex HMAC-SHA256 over `v1:<timestamp>:<raw body>`. */
export function signEvents(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`v1:${timestamp}:${body}`).digest('hex')}`;
}

function send(res: ServerResponse, status: number, body: Record<string, unknown>): true {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
  return true;
}

async function readBody(req: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function signatureMatches(secret: string, timestamp: number, body: string, given: string): boolean {
  const expected = Buffer.from(signEvents(secret, timestamp, body));
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/**
 * POST /events: commerce events signed with the community's secret. 401 for a missing,
 * stale or wrong signature, 400 naming the field at fault, 202 with counts otherwise.
 */
export function eventsRoute(deps: { models: Models; events: CommerceEvents; clock: Clock }): RouteHandler {
  return async (req, res) => {
    if ((req.url ?? '').split('?')[0] !== '/events') return false;
    if (req.method !== 'POST') return send(res, 405, { error: 'use POST' });
    const communityId = String(req.headers['x-loyalbot-community'] ?? '');
    const timestamp = Number(req.headers['x-loyalbot-timestamp']);
    const signature = String(req.headers['x-loyalbot-signature'] ?? '');
    const body = await readBody(req);
    if (body === null) return send(res, 413, { error: 'body larger than 1 MiB' });

    const community = /^[\w.:-]{1,100}$/.test(communityId)
      ? await deps.models.Community.findById(communityId).lean<CommunityDoc>()
      : null;
    const now = deps.clock.now();
    if (!community?.eventsSecret || !Number.isInteger(timestamp))
      return send(res, 401, { error: 'unknown community or missing signature' });
    if (Math.abs(now.getTime() / 1000 - timestamp) > MAX_SKEW_SECONDS)
      return send(res, 401, { error: 'stale timestamp' });
    if (!signatureMatches(community.eventsSecret, timestamp, body, signature))
      return send(res, 401, { error: 'bad signature' });

    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      return send(res, 400, { error: 'body is not JSON', field: null });
    }
    const parsed = parseCommerceBody(json);
    if (!parsed.ok) return send(res, 400, { error: parsed.message, field: parsed.field });
    const result = await deps.events.ingest(community, parsed.events, now);
    return send(res, 202, { ...result });
  };
}
