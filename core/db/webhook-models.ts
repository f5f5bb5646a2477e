import { Schema, type Connection, type Model } from 'mongoose';

/** A community's registered receiver of outbound events. */
export interface WebhookEndpointDoc {
  /** `<community>|<endpoint id>`. */
  _id: string;
  communityId: string;
  /** `W` and 8 base-32 characters: what admins type to list, replay or remove it. */
  endpointId: string;
  url: string;
  /** Event types it receives (DOMAIN_EVENT_TYPES). */
  events: string[];
  /** HMAC key its deliveries are signed with; shown once, never cached or listed. */
  secret: string;
  status: 'active' | 'disabled';
  /** When the current run of failures began (null while it delivers): a day of it disables the endpoint. */
  failingSince: Date | null;
  disabledAt: Date | null;
  createdBy: string;
  createdAt: Date;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed' | 'purged';

/** One event for one endpoint: its body, and the log of trying to deliver it. */
export interface WebhookDeliveryDoc {
  /** `<community>|<delivery id>`; the delivery id derives from endpoint and event, so an event is queued once. */
  _id: string;
  communityId: string;
  deliveryId: string;
  endpointId: string;
  eventId: string;
  type: string;
  /** The exact JSON sent; null once `/privacy delete` erased the member's words from it. */
  body: string | null;
  /** The member the event is about (a privacy erasure finds their deliveries by it). */
  platform: string;
  userId: string;
  carriesText: boolean;
  status: DeliveryStatus;
  /** Tries so far, replays included (each try's queue job is numbered by it). */
  attempts: number;
  /** Times an admin replayed it; part of its queue job ids, so a replay is queued afresh. */
  replays: number;
  /** Failures since it was created or last replayed: the next wait doubles with each. */
  failures: number;
  /** The first of those failures: retries stop 24 hours after it. */
  firstFailedAt: Date | null;
  /** When the next try is due (or a running try's lease ends); null once settled. */
  nextAttemptAt: Date | null;
  lastAttemptAt: Date | null;
  lastStatus: number | null;
  lastError: string | null;
  latencyMs: number | null;
  createdAt: Date;
  deliveredAt: Date | null;
}

const endpointSchema = new Schema<WebhookEndpointDoc>(
  {
    _id: { type: String, required: true },
    communityId: { type: String, required: true },
    endpointId: { type: String, required: true },
    url: { type: String, required: true },
    events: { type: [String], required: true },
    secret: { type: String, required: true },
    status: { type: String, required: true, enum: ['active', 'disabled'] },
    failingSince: { type: Date, default: null },
    disabledAt: { type: Date, default: null },
    createdBy: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'webhook_endpoints', versionKey: false },
);
endpointSchema.index({ communityId: 1, endpointId: 1 }, { unique: true });
// Every domain event reads its community's endpoints in this order.
endpointSchema.index({ communityId: 1, createdAt: 1 });

const deliverySchema = new Schema<WebhookDeliveryDoc>(
  {
    _id: { type: String, required: true },
    communityId: { type: String, required: true },
    deliveryId: { type: String, required: true },
    endpointId: { type: String, required: true },
    eventId: { type: String, required: true },
    type: { type: String, required: true },
    body: { type: String, default: null },
    platform: { type: String, required: true },
    userId: { type: String, required: true },
    carriesText: { type: Boolean, required: true },
    status: { type: String, required: true, enum: ['pending', 'delivered', 'failed', 'purged'] },
    attempts: { type: Number, required: true },
    replays: { type: Number, default: 0 },
    failures: { type: Number, default: 0 },
    firstFailedAt: { type: Date, default: null },
    nextAttemptAt: { type: Date, default: null },
    lastAttemptAt: { type: Date, default: null },
    lastStatus: { type: Number, default: null },
    lastError: { type: String, default: null },
    latencyMs: { type: Number, default: null },
    createdAt: { type: Date, required: true },
    deliveredAt: { type: Date, default: null },
  },
  { collection: 'webhook_deliveries', versionKey: false },
);
deliverySchema.index({ communityId: 1, endpointId: 1, createdAt: -1 });
deliverySchema.index({ status: 1, nextAttemptAt: 1 });
deliverySchema.index({ communityId: 1, platform: 1, userId: 1 });

export interface WebhookModels {
  WebhookEndpoint: Model<WebhookEndpointDoc>;
  WebhookDelivery: Model<WebhookDeliveryDoc>;
}

export function createWebhookModels(connection: Connection): WebhookModels {
  return {
    WebhookEndpoint: connection.model<WebhookEndpointDoc>('WebhookEndpoint', endpointSchema),
    WebhookDelivery: connection.model<WebhookDeliveryDoc>('WebhookDelivery', deliverySchema),
  };
}
