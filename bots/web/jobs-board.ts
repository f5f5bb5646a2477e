import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { Queue } from 'bullmq';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

const BASE = '/dashboard/jobs';

/**
 * Bull Board's queues UI behind the dashboard's admin session. Its API takes JSON only: a
 * cross-site form cannot send that without a preflight this server never grants, which is
 * what stands in for a CSRF token its prebuilt UI cannot carry.
 */
export async function mountJobsBoard(
  app: FastifyInstance,
  queues: Queue[],
  allow: (request: FastifyRequest, reply: FastifyReply) => Promise<boolean>,
): Promise<void> {
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(BASE);
  createBullBoard({
    queues: queues.map((queue) => new BullMQAdapter(queue)),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'loyalbot jobs' } },
  });
  await app.register(
    async (scope) => {
      scope.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
        try {
          done(null, body === '' ? {} : JSON.parse(body as string));
        } catch (error) {
          done(error as Error, undefined);
        }
      });
      scope.addHook('onRequest', async (request, reply) => {
        if (!(await allow(request, reply))) return reply;
        const writes = !['GET', 'HEAD'].includes(request.method);
        if (writes && !String(request.headers['content-type'] ?? '').startsWith('application/json'))
          return reply.code(415).send({ error: 'the jobs API takes JSON only' });
        return undefined;
      });
      await scope.register(serverAdapter.registerPlugin());
    },
    { prefix: BASE },
  );
}
