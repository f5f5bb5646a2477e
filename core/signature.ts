import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The signature of payloads exchanged with a community's own systems (its shop's POST
 * /events): `v1=` and the hex HMAC-SHA256 of `v1:<unix seconds>:<raw body>`.
 */
export function signPayload(secret: string, timestamp: number, body: string | Buffer): string {
  const hmac = createHmac('sha256', secret).update(`v1:${timestamp}:`).update(body);
  return `v1=${hmac.digest('hex')}`;
}

/** Compares in constant time, over the body's raw bytes exactly as they arrived. */
export function signatureMatches(secret: string, timestamp: number, body: string | Buffer, given: string): boolean {
  const expected = Buffer.from(signPayload(secret, timestamp, body));
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
