import { randomBytes, randomUUID } from 'node:crypto';
import { createOnce } from '../db/create-once.ts';
import { digestReference, normalizeReference } from '../db/ids.ts';
import type { Models } from '../db/models.ts';
import type { WebhookEndpointDoc } from '../db/webhook-models.ts';
import { DOMAIN_EVENT_TYPES, type DomainEventType } from '../domain-events.ts';
import { UserError, type ErrorCode } from '../errors.ts';
import type { OutboundHttp, OutboundRefusal } from '../ports.ts';

export const ENDPOINT_ID_PATTERN = /^W[0-9A-HJKMNP-TV-Z]{8}$/;
const MAX_ENDPOINTS = 10;
const MAX_URL_LENGTH = 500;

const REFUSAL_CODES: Record<OutboundRefusal['reason'], ErrorCode> = {
  invalid: 'WEBHOOK.URL_INVALID',
  scheme: 'WEBHOOK.URL_SCHEME',
  credentials: 'WEBHOOK.URL_CREDENTIALS',
  'private-address': 'WEBHOOK.URL_PRIVATE',
  unresolvable: 'WEBHOOK.URL_UNRESOLVABLE',
};

/** `all`, or event types separated by commas or spaces; each must be one loyalbot sends. */
export function parseEventList(raw: string): DomainEventType[] {
  const words = raw
    .split(/[\s,]+/)
    .map((word) => word.trim().toLowerCase())
    .filter(Boolean);
  if (words.length === 1 && (words[0] === 'all' || words[0] === '*')) return [...DOMAIN_EVENT_TYPES];
  const unknown = words.find((word) => !(DOMAIN_EVENT_TYPES as readonly string[]).includes(word));
  if (words.length === 0 || unknown !== undefined)
    throw new UserError('WEBHOOK.UNKNOWN_EVENT', { event: unknown ?? raw, events: DOMAIN_EVENT_TYPES.join(', ') });
  return [...new Set(words)] as DomainEventType[];
}

/** Where a community's events go: endpoints admins register, each with its own signing secret. */
export class WebhookEndpoints {
  constructor(
    private readonly models: Models,
    private readonly http: OutboundHttp | null,
  ) {}

  /**
   * Registers an endpoint once its URL passes the same checks a delivery makes (https, no
   * credentials, every address public); returns it with its secret, which is shown only now.
   */
  async register(request: {
    communityId: string;
    url: string;
    events: DomainEventType[];
    by: string;
    now: Date;
  }): Promise<WebhookEndpointDoc> {
    if (!this.http) throw new UserError('WEBHOOK.UNAVAILABLE');
    const url = request.url.trim();
    if (url.length > MAX_URL_LENGTH) throw new UserError('WEBHOOK.URL_INVALID', { url: url.slice(0, 60), detail: '' });
    const refusal = await this.http.refusal(url);
    if (refusal) throw new UserError(REFUSAL_CODES[refusal.reason], { url, detail: refusal.detail });
    if ((await this.list(request.communityId)).length >= MAX_ENDPOINTS)
      throw new UserError('WEBHOOK.TOO_MANY', { max: MAX_ENDPOINTS });
    for (;;) {
      const endpointId = `W${digestReference(randomUUID()).slice(0, 8)}`;
      const endpoint: WebhookEndpointDoc = {
        _id: `${request.communityId}|${endpointId}`,
        communityId: request.communityId,
        endpointId,
        url,
        events: request.events,
        secret: randomBytes(24).toString('base64url'),
        status: 'active',
        failingSince: null,
        disabledAt: null,
        createdBy: request.by,
        createdAt: request.now,
      };
      if (await createOnce(this.models.WebhookEndpoint, endpoint)) return endpoint;
    }
  }

  async list(communityId: string): Promise<WebhookEndpointDoc[]> {
    return this.models.WebhookEndpoint.find({ communityId }).sort({ createdAt: 1 }).lean<WebhookEndpointDoc[]>();
  }

  /** Active endpoints of a community that receive this type of event. */
  async receiving(communityId: string, type: DomainEventType): Promise<WebhookEndpointDoc[]> {
    return (await this.list(communityId)).filter(
      (endpoint) => endpoint.status === 'active' && endpoint.events.includes(type),
    );
  }

  async find(communityId: string, endpointId: string): Promise<WebhookEndpointDoc | null> {
    const id = normalizeReference(endpointId);
    if (!ENDPOINT_ID_PATTERN.test(id)) return null;
    return this.models.WebhookEndpoint.findById(`${communityId}|${id}`).lean<WebhookEndpointDoc>();
  }

  async require(communityId: string, endpointId: string): Promise<WebhookEndpointDoc> {
    const endpoint = await this.find(communityId, endpointId);
    if (!endpoint) throw new UserError('WEBHOOK.NOT_FOUND', { id: endpointId });
    return endpoint;
  }

  async remove(communityId: string, endpointId: string): Promise<WebhookEndpointDoc> {
    const endpoint = await this.require(communityId, endpointId);
    await this.models.WebhookEndpoint.deleteOne({ _id: endpoint._id });
    return endpoint;
  }

  /** Turns a disabled endpoint back on, with a clean record of failures. */
  async enable(communityId: string, endpointId: string): Promise<WebhookEndpointDoc> {
    const endpoint = await this.require(communityId, endpointId);
    await this.models.WebhookEndpoint.updateOne(
      { _id: endpoint._id },
      { $set: { status: 'active', failingSince: null, disabledAt: null } },
    );
    return { ...endpoint, status: 'active', failingSince: null, disabledAt: null };
  }

  /** After a failed try: when this run of failures began (the first failure sets it). */
  async failing(endpoint: WebhookEndpointDoc, at: Date): Promise<Date> {
    await this.models.WebhookEndpoint.updateOne(
      { _id: endpoint._id, failingSince: null },
      { $set: { failingSince: at } },
    );
    const current = await this.models.WebhookEndpoint.findById(endpoint._id).lean<WebhookEndpointDoc>();
    return current?.failingSince ?? at;
  }

  /** After a delivered try: the run of failures, if any, is over. */
  async delivering(endpoint: WebhookEndpointDoc): Promise<void> {
    await this.models.WebhookEndpoint.updateOne(
      { _id: endpoint._id, failingSince: { $ne: null } },
      { $set: { failingSince: null } },
    );
  }

  /** Disables an active endpoint; true for the one caller that did it (it tells the admins). */
  async disable(endpoint: WebhookEndpointDoc, at: Date): Promise<boolean> {
    const result = await this.models.WebhookEndpoint.updateOne(
      { _id: endpoint._id, status: 'active' },
      { $set: { status: 'disabled', disabledAt: at } },
    );
    return result.modifiedCount === 1;
  }
}
