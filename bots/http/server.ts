import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';
import type { HealthReport } from '../../core/index.ts';

/** Extra routes (Slack events, commerce events) mounted on the same server; return false to pass. */
export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean> | boolean;

export interface HttpServerOptions {
  host: string;
  port: number;
  health: () => Promise<HealthReport>;
  metrics: Registry;
  routes?: RouteHandler[];
}

/** One small server per long-running process: /healthz, /metrics, and whatever adapters mount. */
export async function startHttpServer(options: HttpServerOptions): Promise<Server> {
  const server = createServer((req, res) => {
    void handle(options, req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('internal error');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return server;
}

async function handle(options: HttpServerOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = (req.url ?? '/').split('?')[0];
  if (req.method === 'GET' && path === '/healthz') {
    const report = await options.health();
    res.writeHead(report.ok ? 200 : 503, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ status: report.ok ? 'ok' : 'unavailable', checks: report.checks }));
    return;
  }
  if (req.method === 'GET' && path === '/metrics') {
    res.writeHead(200, { 'content-type': options.metrics.contentType });
    res.end(await options.metrics.metrics());
    return;
  }
  for (const route of options.routes ?? []) if (await route(req, res)) return;
  res.writeHead(404, { 'content-type': 'text/plain' });
  res.end('not found');
}

export async function stopHttpServer(server: Server): Promise<void> {
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
