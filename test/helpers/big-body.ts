import { request } from 'node:http';

export interface BigBodyOutcome {
  status: number | null;
  /** Bytes written before the server answered or closed the connection. */
  sent: number;
  error?: string;
}

/**
 * Streams up to `bytes` of body to a URL in 64 KiB chunks, declaring its length or sending it
 * chunked, and stops as soon as the server answers: what a hostile client would see.
 */
export function sendBigBody(
  url: string,
  bytes: number,
  options: { chunked?: boolean; method?: string; headers?: Record<string, string> } = {},
) {
  return new Promise<BigBodyOutcome>((resolve) => {
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    let sent = 0;
    let settled = false;
    const finish = (outcome: BigBodyOutcome) => {
      if (settled) return;
      settled = true;
      req.destroy();
      resolve(outcome);
    };
    const length = options.chunked ? { 'transfer-encoding': 'chunked' } : { 'content-length': String(bytes) };
    const headers = { 'content-type': 'application/json', ...length, ...options.headers };
    const req = request(url, { method: options.method ?? 'POST', headers }, (res) => {
      res.resume();
      finish({ status: res.statusCode ?? null, sent });
    });
    req.on('error', (error) => finish({ status: null, sent, error: error.message }));
    const pump = () => {
      while (!settled && sent < bytes) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      if (!settled) req.end();
    };
    pump();
  });
}
