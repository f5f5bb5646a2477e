import type { Communities } from '../identity/communities.ts';
import type { Clock } from '../ports.ts';
import { signatureMatches } from '../signature.ts';
import { parseCommerceBody, type CommerceEvents, type IngestResult } from './commerce-events.ts';

const MAX_SKEW_SECONDS = 300;
const COMMUNITY_ID = /^[\w.:-]{1,100}$/;

/** A delivery of commerce events as it arrived, before anything about it is trusted. */
export interface SignedDelivery {
  communityId: string | undefined;
  timestamp: string | undefined;
  signature: string | undefined;
  /** The body's raw bytes: the signature covers exactly these. */
  body: Buffer;
}

export type CommerceReceipt =
  | { kind: 'unauthorized'; reason: string }
  | { kind: 'invalid'; field: string | null; message: string }
  | ({ kind: 'accepted' } & IngestResult);

/** Authenticates a community's signed commerce events, then ingests them. */
export class CommerceInbox {
  constructor(
    private readonly communities: Communities,
    private readonly events: CommerceEvents,
    private readonly clock: Clock,
  ) {}

  async receive(delivery: SignedDelivery): Promise<CommerceReceipt> {
    const communityId = delivery.communityId ?? '';
    const timestamp = Number(delivery.timestamp);
    const community = COMMUNITY_ID.test(communityId) ? await this.communities.withEventsSecret(communityId) : null;
    const now = this.clock.now();
    if (!community?.eventsSecret || !Number.isInteger(timestamp)) {
      return { kind: 'unauthorized', reason: 'unknown community or missing signature' };
    }
    if (Math.abs(now.getTime() / 1000 - timestamp) > MAX_SKEW_SECONDS)
      return { kind: 'unauthorized', reason: 'stale timestamp' };
    if (!signatureMatches(community.eventsSecret, timestamp, delivery.body, delivery.signature ?? '')) {
      return { kind: 'unauthorized', reason: 'bad signature' };
    }
    let json: unknown;
    try {
      json = JSON.parse(delivery.body.toString('utf8'));
    } catch {
      return { kind: 'invalid', field: null, message: 'body is not JSON' };
    }
    const parsed = parseCommerceBody(json);
    if (!parsed.ok) return { kind: 'invalid', field: parsed.field, message: parsed.message };
    return { kind: 'accepted', ...(await this.events.ingest(community, parsed.events, now)) };
  }
}
