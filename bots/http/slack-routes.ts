import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HttpRoutes } from './server.ts';

/** How Bolt's HTTP receiver takes a request; it reuses `rawBody` when the body was already read. */
export type SlackRequestListener = (req: IncomingMessage & { rawBody?: Buffer }, res: ServerResponse) => void;

/**
 * Slack's endpoints (/slack/events, /slack/install, /slack/oauth_redirect) behind the
 * server's limits: the body is read and capped here, then handed to Bolt, which checks the
 * signature before any work.
 */
export function slackRoutes(listener: SlackRequestListener): HttpRoutes {
  return (app) => {
    app.all('/slack/*', async (request, reply) => {
      const raw = request.raw as IncomingMessage & { rawBody?: Buffer };
      raw.rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      reply.hijack();
      listener(raw, reply.raw);
    });
  };
}
