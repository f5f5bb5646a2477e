import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import type { Core, HealthReport, Logger } from '../../core/index.ts';

/** Routes an adapter mounts on the shared server (POST /events, Slack's endpoints, the dashboard). */
export type HttpRoutes = (app: FastifyInstance) => void | Promise<void>;

export interface HttpLimits {
  /** Largest request body; enforced while it streams in, before any parsing or signature work (413). */
  bodyLimitBytes: number;
  /** Time a client has to send a whole request (slow clients are cut off). */
  requestTimeoutMs: number;
}

export interface HttpServerOptions {
  host: string;
  port: number;
  limits: HttpLimits;
  health: () => Promise<HealthReport>;
  metrics: Registry;
  /** When set, /metrics needs `Authorization: Bearer <token>`; without it only loopback may read it. */
  metricsToken?: string;
  logger?: Logger;
  routes?: HttpRoutes[];
}

export interface HttpServer {
  app: FastifyInstance;
  /** `http://host:port`, with the port actually bound (tests listen on port 0). */
  url: string;
  close(): Promise<void>;
}

const HEADERS_TIMEOUT_MS = 10_000;
const MAX_HEADER_BYTES = 16 * 1024;
const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * The one HTTP server of a long-running process: /healthz, /metrics, and whatever adapters
 * mount. Every body is capped while streaming and kept as raw bytes (signatures are computed
 * over exactly what arrived); headers and whole requests have time limits.
 */
export async function startHttpServer(options: HttpServerOptions): Promise<HttpServer> {
  const app = Fastify({
    bodyLimit: options.limits.bodyLimitBytes,
    requestTimeout: options.limits.requestTimeoutMs,
    connectionTimeout: options.limits.requestTimeoutMs * 2,
    keepAliveTimeout: 5_000,
    http: { maxHeaderSize: MAX_HEADER_BYTES, headersTimeout: HEADERS_TIMEOUT_MS },
    logger: false,
    return503OnClosing: true,
  });
  app.setErrorHandler((error: { statusCode?: number }, request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
    // A body over the limit: the rest of it is read and dropped rather than the connection
    // torn down at once, which would reset it before the client could read this 413.
    if (status === 413) void reply.removeHeader('connection');
    if (status >= 500) options.logger?.error({ err: error, url: request.url }, 'http request failed');
    return reply.code(status).send({ error: status >= 500 ? 'internal error' : (error as Error).message });
  });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  app.get('/healthz', async (_request, reply) => {
    const report = await options.health();
    return reply.code(report.ok ? 200 : 503).send({ status: report.ok ? 'ok' : 'unavailable', checks: report.checks });
  });
  app.get('/metrics', async (request, reply) => {
    const allowed = options.metricsToken
      ? request.headers.authorization === `Bearer ${options.metricsToken}`
      : LOOPBACK.has(request.socket.remoteAddress ?? '');
    if (!allowed) return reply.code(401).send({ error: 'metrics need the metrics token' });
    return reply.type(options.metrics.contentType).send(await options.metrics.metrics());
  });
  for (const routes of options.routes ?? []) await app.register(async (scope) => routes(scope));
  await app.listen({ host: options.host, port: options.port });
  const { port } = app.server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return { app, url: `http://${host}:${port}`, close: () => app.close() };
}

/** The server options of a bot or worker process, from its validated configuration. */
export function processServerOptions(core: Core, port: number, routes: HttpRoutes[] = []): HttpServerOptions {
  const { config } = core;
  return {
    host: config.HTTP_HOST,
    port,
    limits: { bodyLimitBytes: config.HTTP_BODY_LIMIT_BYTES, requestTimeoutMs: config.HTTP_REQUEST_TIMEOUT_MS },
    health: core.health,
    metrics: core.metrics,
    metricsToken: config.METRICS_TOKEN,
    logger: core.logger,
    routes,
  };
}
