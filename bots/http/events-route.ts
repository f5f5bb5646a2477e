import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Core } from '../../core/index.ts';
import type { RouteHandler } from './server.ts';

const MAX_BODY_BYTES = 1024 * 1024;

function send(res: ServerResponse, status: number, body: Record<string, unknown>): true {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
  return true;
}

async function readBody(req: IncomingMessage): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

const header = (req: IncomingMessage, name: string) => {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
};

/**
 * POST /events: a community's shop posts signed commerce events; core authenticates and
 * ingests them. 401 when not authenticated, 400 naming the field at fault, 202 with counts.
 */
export function eventsRoute(core: Pick<Core, 'receiveCommerceEvents'>): RouteHandler {
  return async (req, res) => {
    if ((req.url ?? '').split('?')[0] !== '/events') return false;
    if (req.method !== 'POST') return send(res, 405, { error: 'use POST' });
    const body = await readBody(req);
    if (body === null) return send(res, 413, { error: 'body larger than 1 MiB' });
    const receipt = await core.receiveCommerceEvents({
      communityId: header(req, 'x-loyalbot-community'),
      timestamp: header(req, 'x-loyalbot-timestamp'),
      signature: header(req, 'x-loyalbot-signature'),
      body,
    });
    if (receipt.kind === 'unauthorized') return send(res, 401, { error: receipt.reason });
    if (receipt.kind === 'invalid') return send(res, 400, { error: receipt.message, field: receipt.field });
    return send(res, 202, { accepted: receipt.accepted, duplicates: receipt.duplicates });
  };
}
