import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import type { Config, OutboundHttp, OutboundPost, OutboundRefusal, OutboundResult } from '../../core/index.ts';
import { addressKind } from './public-address.ts';

export interface WebhookClientOptions {
  timeoutMs: number;
  /** Tests and local development only: loopback addresses (and plain http to them) are allowed. */
  allowLoopback: boolean;
}

class RefusedAddress extends Error {
  constructor(readonly refusal: OutboundRefusal) {
    super(`refused ${refusal.reason}: ${refusal.detail}`);
  }
}

/**
 * The HTTP client of outbound webhooks (core's OutboundHttp port). Only https (plain http
 * only to loopback when allowed), no credentials in URLs, and every address a host resolves
 * to must be public: checked when an admin registers the URL and again when each request
 * connects (the connection uses the addresses that were checked, so a host that changes its
 * DNS answer in between gains nothing). Redirects are not followed; one timeout covers
 * connecting, sending and the response's headers; the response body is not read.
 */
export function createWebhookClient(options: WebhookClientOptions): OutboundHttp {
  const allowed = (address: string) => {
    const kind = addressKind(address);
    return kind === 'public' || (kind === 'loopback' && options.allowLoopback);
  };

  const resolveAll = (host: string): Promise<LookupAddress[]> =>
    new Promise((resolve, reject) =>
      dnsLookup(host, { all: true, verbatim: true }, (error, addresses) =>
        error ? reject(error) : resolve(addresses),
      ),
    );

  /** Every address of the host, each one allowed; a refusal otherwise. */
  const checkedAddresses = async (host: string): Promise<LookupAddress[]> => {
    const bare = host.replace(/^\[|\]$/g, '');
    const family = isIP(bare);
    const addresses = family ? [{ address: bare, family }] : await resolveAll(bare).catch(() => []);
    if (addresses.length === 0) throw new RefusedAddress({ reason: 'unresolvable', detail: bare });
    const refused = addresses.find(({ address }) => !allowed(address));
    if (refused) throw new RefusedAddress({ reason: 'private-address', detail: refused.address });
    return addresses;
  };

  const refusal = async (raw: string): Promise<OutboundRefusal | null> => {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return { reason: 'invalid', detail: raw.slice(0, 80) };
    }
    if (url.username || url.password) return { reason: 'credentials', detail: url.host };
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return { reason: 'scheme', detail: url.protocol };
    try {
      const addresses = await checkedAddresses(url.hostname);
      const allLoopback = addresses.every(({ address }) => addressKind(address) === 'loopback');
      if (url.protocol === 'http:' && !(options.allowLoopback && allLoopback))
        return { reason: 'scheme', detail: url.protocol };
      return null;
    } catch (error) {
      if (error instanceof RefusedAddress) return error.refusal;
      throw error;
    }
  };

  // The connection resolves the host again and may use only addresses that pass.
  const guardedLookup: LookupFunction = (hostname, lookupOptions, callback) => {
    checkedAddresses(hostname).then(
      (addresses) => {
        if (lookupOptions.all) callback(null, addresses);
        else callback(null, addresses[0]?.address ?? '', addresses[0]?.family ?? 4);
      },
      (error: Error) => callback(error, '', 4),
    );
  };

  const post = async (outbound: OutboundPost): Promise<OutboundResult> => {
    const started = performance.now();
    const elapsed = () => performance.now() - started;
    const refused = await refusal(outbound.url).catch((error: Error) => ({ reason: 'invalid', detail: error.message }));
    if (refused)
      return { ok: false, status: null, error: `refused: ${refused.reason} ${refused.detail}`, ms: elapsed() };
    const url = new URL(outbound.url);
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise<OutboundResult>((resolve) => {
      let settled = false;
      const finish = (result: OutboundResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(result);
      };
      const request = send(
        url,
        {
          method: 'POST',
          lookup: guardedLookup,
          agent: false,
          headers: {
            ...outbound.headers,
            'user-agent': 'loyalbot-webhooks/1',
            'content-length': Buffer.byteLength(outbound.body),
          },
        },
        (response: IncomingMessage) => {
          const status = response.statusCode ?? 0;
          response.destroy();
          if (status >= 200 && status < 300) finish({ ok: true, status, ms: elapsed() });
          else if (status >= 300 && status < 400)
            finish({ ok: false, status, error: `redirect ${status} not followed`, ms: elapsed() });
          else finish({ ok: false, status, error: `HTTP ${status}`, ms: elapsed() });
        },
      );
      const timer = setTimeout(
        () => request.destroy(new Error(`timed out after ${options.timeoutMs} ms`)),
        options.timeoutMs,
      );
      request.on('error', (error: Error) => finish({ ok: false, status: null, error: error.message, ms: elapsed() }));
      request.end(outbound.body);
    });
  };

  return { refusal, post };
}

/** The client a bot, worker or demo process gives core, from its configuration. */
export function webhookClientFor(config: Config): OutboundHttp {
  return createWebhookClient({ timeoutMs: config.WEBHOOK_TIMEOUT_MS, allowLoopback: config.WEBHOOK_ALLOW_LOOPBACK });
}
