import { connect } from 'node:net';

export interface BigBodyOutcome {
  status: number | null;
  /** Bytes of body written before the server answered or closed the connection. */
  sent: number;
  error?: string;
}

/**
 * Streams up to `bytes` of body to a URL in 64 KiB chunks over a raw socket, declaring its
 * length or sending it chunked, and stops as soon as the server answers: what a hostile
 * client sees. A raw socket, because a server that answers early and closes makes an HTTP
 * client report the broken pipe rather than the answer it received.
 */
export function sendBigBody(
  url: string,
  bytes: number,
  options: { chunked?: boolean; method?: string; headers?: Record<string, string> } = {},
): Promise<BigBodyOutcome> {
  const { hostname, port, pathname } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    let sent = 0;
    let received = '';
    let settled = false;
    const finish = (error?: string) => {
      if (settled) return;
      settled = true;
      socket.destroy();
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(received)?.[1];
      resolve({ status: status ? Number(status) : null, sent, ...(status || !error ? {} : { error }) });
    };
    const length = options.chunked ? 'transfer-encoding: chunked' : `content-length: ${bytes}`;
    const extra = Object.entries(options.headers ?? {}).map(([name, value]) => `${name}: ${value}\r\n`);
    const head = [
      `${options.method ?? 'POST'} ${pathname} HTTP/1.1`,
      `host: ${hostname}`,
      'content-type: application/json',
    ]
      .map((line) => `${line}\r\n`)
      .join('');
    socket.on('data', (data) => {
      received += data.toString('latin1');
      if (/\r\n\r\n/.test(received)) finish();
    });
    socket.on('error', (error) => setTimeout(() => finish(error.message), 200));
    socket.on('close', () => setTimeout(() => finish('closed'), 200));
    socket.write(`${head}${extra.join('')}${length}\r\n\r\n`);
    const pump = () => {
      while (!settled && sent < bytes) {
        sent += chunk.length;
        const piece = options.chunked
          ? Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')])
          : chunk;
        if (!socket.write(piece)) return void socket.once('drain', pump);
      }
      if (!settled && options.chunked) socket.write('0\r\n\r\n');
    };
    socket.once('connect', pump);
  });
}
