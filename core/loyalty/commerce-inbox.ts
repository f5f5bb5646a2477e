import type { Communities } from '../identity/communities.ts';
import type { Clock } from '../ports.ts';
import { signatureMatches } from '../signature.ts';
import { parseCommerceBody } from './commerce-event-schema.ts';
import type { CommerceEvents, IngestResult } from './commerce-events.ts';

const MAX_SKEW_SECONDS = 300;
const COMMUNITY_ID = /^[\w.:-]{1,100}$/;
const SIGNATURE = /^v1=[0-9a-f]{64}$/;

/** The headers of a delivery, checked before its body is read. */
export interface DeliveryHeaders {
  communityId: string | undefined;
  timestamp: string | undefined;
  signature: string | undefined;
}

/** A delivery of commerce events as it arrived, before anything about it is trusted. */
export interface SignedDelivery extends DeliveryHeaders {
  /** The body's raw bytes: the signature covers exactly these. */
  body: Buffer;
}

export type CommerceReceipt =
  | { kind: 'unauthorized' }
  | { kind: 'invalid'; field: string | null; message: string }
  | ({ kind: 'accepted' } & IngestResult);

export interface InboxOptions {
  /** Events whose own time is older than this are refused (a resent old purchase earns nothing). */
  maxEventAgeDays: number;
}

/**
 * Authenticates a community's signed commerce events, then ingests them. Every way of not
 * being authenticated gets the same answer, so it reveals nothing about which communities exist.
 */
export class CommerceInbox {
  constructor(
    private readonly communities: Communities,
    private readonly events: CommerceEvents,
    private readonly clock: Clock,
    private readonly options: InboxOptions,
  ) {}

  /** Cheap checks on headers alone: an adapter refuses a delivery failing them before reading its body. */
  plausible(headers: DeliveryHeaders): boolean {
    const timestamp = Number(headers.timestamp);
    return (
      COMMUNITY_ID.test(headers.communityId ?? '') &&
      SIGNATURE.test(headers.signature ?? '') &&
      Number.isInteger(timestamp) &&
      Math.abs(this.clock.now().getTime() / 1000 - timestamp) <= MAX_SKEW_SECONDS
    );
  }

  async receive(delivery: SignedDelivery): Promise<CommerceReceipt> {
    if (!this.plausible(delivery)) return { kind: 'unauthorized' };
    const community = await this.communities.withEventsSecret(delivery.communityId as string);
    const timestamp = Number(delivery.timestamp);
    const secret = community?.eventsSecret;
    if (!community || !secret || !signatureMatches(secret, timestamp, delivery.body, delivery.signature as string)) {
      return { kind: 'unauthorized' };
    }
    let json: unknown;
    try {
      json = JSON.parse(delivery.body.toString('utf8'));
    } catch {
      return { kind: 'invalid', field: null, message: 'body is not JSON' };
    }
    const now = this.clock.now();
    const parsed = parseCommerceBody(json, { now, maxAgeDays: this.options.maxEventAgeDays, maxAheadSeconds: 300 });
    if (!parsed.ok) return { kind: 'invalid', field: parsed.field, message: parsed.message };
    return { kind: 'accepted', ...(await this.events.ingest(community, parsed.events, now)) };
  }
}
