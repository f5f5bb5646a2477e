import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { FastifyInstance } from 'fastify';

interface Asset {
  body: Buffer;
  type: string;
  etag: string;
}

const require = createRequire(import.meta.url);

function asset(path: string, type: string): Asset {
  const body = readFileSync(path);
  return { body, type, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 16)}"` };
}

/** The dashboard's own files and ECharts, served by the bot itself: no CDN, it works on a closed network. */
export function registerAssets(app: FastifyInstance): void {
  const assets = new Map<string, Asset>([
    ['dashboard.css', asset(new URL('./assets/dashboard.css', import.meta.url).pathname, 'text/css; charset=utf-8')],
    [
      'dashboard.js',
      asset(new URL('./assets/dashboard.js', import.meta.url).pathname, 'text/javascript; charset=utf-8'),
    ],
    ['echarts.min.js', asset(require.resolve('echarts/dist/echarts.min.js'), 'text/javascript; charset=utf-8')],
  ]);
  app.get<{ Params: { file: string } }>('/dashboard/assets/:file', async (request, reply) => {
    const found = assets.get(request.params.file);
    if (!found) return reply.code(404).type('text/plain').send('not found');
    void reply.header('etag', found.etag).header('cache-control', 'public, max-age=3600');
    if (request.headers['if-none-match'] === found.etag) return reply.code(304).send();
    return reply.type(found.type).send(found.body);
  });
}
