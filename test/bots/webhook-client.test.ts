import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addressKind } from '../../bots/http/public-address.ts';
import { createWebhookClient } from '../../bots/http/webhook-client.ts';

let server: Server;
let base: string;
const hits: string[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    hits.push(request.url ?? '');
    if (request.url === '/ok') return void response.writeHead(204).end();
    if (request.url === '/moved') return void response.writeHead(302, { location: '/ok' }).end();
    if (request.url === '/broken') return void response.writeHead(500).end('stack trace with secrets');
    // /hang: never answers.
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('which addresses a webhook may reach', () => {
  it('tells public addresses from private, link-local, loopback and reserved ones, IPv6 included', () => {
    const kinds = Object.fromEntries(
      [
        '93.184.216.34',
        '10.1.2.3',
        '172.16.0.1',
        '172.31.255.255',
        '192.168.1.1',
        '169.254.169.254',
        '100.64.0.1',
        '127.0.0.1',
        '0.0.0.0',
        '224.0.0.1',
        '::1',
        '::',
        'fe80::1',
        'fd00::1',
        '::ffff:10.0.0.1',
        '::ffff:a00:1',
        '::ffff:93.184.216.34',
        '64:ff9b::a9fe:a9fe',
        '2002:c0a8:0101::1',
        '2606:4700:4700::1111',
        'not-an-ip',
      ].map((address) => [address, addressKind(address)]),
    );
    expect(kinds).toEqual({
      '93.184.216.34': 'public',
      '10.1.2.3': 'private',
      '172.16.0.1': 'private',
      '172.31.255.255': 'private',
      '192.168.1.1': 'private',
      '169.254.169.254': 'private',
      '100.64.0.1': 'private',
      '127.0.0.1': 'loopback',
      '0.0.0.0': 'private',
      '224.0.0.1': 'private',
      '::1': 'loopback',
      '::': 'private',
      'fe80::1': 'private',
      'fd00::1': 'private',
      '::ffff:10.0.0.1': 'private',
      '::ffff:a00:1': 'private',
      '::ffff:93.184.216.34': 'public',
      '64:ff9b::a9fe:a9fe': 'private',
      '2002:c0a8:0101::1': 'private',
      '2606:4700:4700::1111': 'public',
      'not-an-ip': 'private',
    });
  });

  it('refuses bad schemes, credentials, private and (unless allowed) loopback URLs before any request', async () => {
    const strict = createWebhookClient({ timeoutMs: 1000, allowLoopback: false });
    const reasons = async (url: string) => (await strict.refusal(url))?.reason ?? null;
    expect(await reasons('https://10.0.0.7/hook')).toBe('private-address');
    expect(await reasons('https://169.254.169.254/latest/meta-data')).toBe('private-address');
    expect(await reasons('https://[fe80::1]/x')).toBe('private-address');
    expect(await reasons('https://[::ffff:192.168.0.1]/x')).toBe('private-address');
    expect(await reasons(`${base}/ok`)).toBe('private-address');
    expect(await reasons('https://localhost/x')).toBe('private-address');
    expect(await reasons('https://user:pw@93.184.216.34/x')).toBe('credentials');
    expect(await reasons('ftp://93.184.216.34/x')).toBe('scheme');
    expect(await reasons('http://93.184.216.34/x')).toBe('scheme');
    expect(await reasons('no url at all')).toBe('invalid');
    expect(await reasons('https://no-such-host.invalid/x')).toBe('unresolvable');
    expect(await reasons('https://93.184.216.34/x')).toBeNull();
    // A refused URL is never contacted, even through post().
    const posted = await strict.post({ url: `${base}/ok`, body: '{}', headers: {} });
    expect(posted).toMatchObject({ ok: false, status: null });
    expect(hits).toEqual([]);
  });
});

describe('the outbound request', () => {
  const client = createWebhookClient({ timeoutMs: 300, allowLoopback: true });

  it('counts 2xx as delivered and anything else as failed, without reading what the receiver said', async () => {
    expect(await client.post({ url: `${base}/ok`, body: '{"a":1}', headers: {} })).toMatchObject({
      ok: true,
      status: 204,
    });
    // A host name goes through the guarded lookup that connects only to checked addresses.
    const byName = base.replace('127.0.0.1', 'localhost');
    expect(await client.post({ url: `${byName}/ok`, body: '{}', headers: {} })).toMatchObject({
      ok: true,
      status: 204,
    });
    const broken = await client.post({ url: `${base}/broken`, body: '{}', headers: {} });
    expect(broken).toMatchObject({ ok: false, status: 500, error: 'HTTP 500' });
  });

  it('follows no redirect', async () => {
    hits.length = 0;
    const moved = await client.post({ url: `${base}/moved`, body: '{}', headers: {} });
    expect(moved).toMatchObject({ ok: false, status: 302, error: 'redirect 302 not followed' });
    expect(hits).toEqual(['/moved']);
  });

  it('gives up on a receiver that does not answer in time', async () => {
    const hung = await client.post({ url: `${base}/hang`, body: '{}', headers: {} });
    expect(hung).toMatchObject({ ok: false, status: null, error: 'timed out after 300 ms' });
    expect(hung.ms).toBeGreaterThanOrEqual(250);
  });
});
