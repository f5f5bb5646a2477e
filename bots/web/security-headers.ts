import type { FastifyInstance } from 'fastify';

/** No inline script anywhere: charts get their data from JSON blocks the page's own script reads. */
const PAGE_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

/** Bull Board's prebuilt UI sets inline styles and a <base>; its scripts are still only its own files. */
const JOBS_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
].join('; ');

/**
 * Headers on every dashboard response: CSP, no framing, no sniffing, no referrer (links carry
 * tokens), and no caching of pages.
 */
export function addSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    const jobs = request.url.startsWith('/dashboard/jobs');
    void reply
      .header('content-security-policy', jobs ? JOBS_POLICY : PAGE_POLICY)
      .header('x-frame-options', 'DENY')
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer')
      .header('cross-origin-opener-policy', 'same-origin');
    if (!reply.hasHeader('cache-control')) void reply.header('cache-control', 'no-store');
    return payload;
  });
}
