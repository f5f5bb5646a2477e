import type { FastifyRequest } from 'fastify';
import type { Core } from '../../core/index.ts';
import type { HttpRoutes } from './server.ts';

const header = (request: FastifyRequest, name: string) => {
  const value = request.headers[name];
  return typeof value === 'string' ? value : undefined;
};

const headersOf = (request: FastifyRequest) => ({
  communityId: header(request, 'x-loyalbot-community'),
  timestamp: header(request, 'x-loyalbot-timestamp'),
  signature: header(request, 'x-loyalbot-signature'),
});

/**
 * POST /events: a community's shop posts signed commerce events. Headers that could not
 * authenticate are refused before the body is read; then core checks the signature over the
 * raw bytes and ingests. 401 for any failure to authenticate (one answer, so it reveals no
 * community), 400 naming the field at fault, 413 for a body over the limit, 202 with counts.
 */
export function eventsRoutes(core: Pick<Core, 'receiveCommerceEvents' | 'plausibleCommerceHeaders'>): HttpRoutes {
  return (app) => {
    app.post('/events', {
      onRequest: async (request, reply) => {
        if (!core.plausibleCommerceHeaders(headersOf(request)))
          await reply.code(401).send({ error: 'not authenticated' });
      },
      handler: async (request, reply) => {
        const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        const receipt = await core.receiveCommerceEvents({ ...headersOf(request), body });
        if (receipt.kind === 'unauthorized') return reply.code(401).send({ error: 'not authenticated' });
        if (receipt.kind === 'invalid') return reply.code(400).send({ error: receipt.message, field: receipt.field });
        return reply.code(202).send({ accepted: receipt.accepted, duplicates: receipt.duplicates });
      },
    });
  };
}
