import { createOnce } from '../db/create-once.ts';
import { digestReference } from '../db/ids.ts';
import type { Models } from '../db/models.ts';
import type { WebhookDeliveryDoc, WebhookEndpointDoc } from '../db/webhook-models.ts';
import type { DomainEvent } from '../domain-events.ts';
import type { Logger } from '../logger.ts';
import { jobIdFor, type Clock, type JobScheduler, type OutboundHttp } from '../ports.ts';
import { signPayload } from '../signature.ts';
import type { EndpointAlerts } from './endpoint-alerts.ts';
import type { WebhookEndpoints } from './endpoints.ts';

const DAY_MS = 24 * 3600 * 1000;
/** A due try this late was lost with Redis or a crashed worker: the sweep queues it again. */
const SWEEP_GRACE_MS = 2 * 60 * 1000;
const SWEEP_BATCH = 500;

export interface DeliveryTimings {
  /** Wait after the first failure; each further failure doubles it. */
  retryFirstMs: number;
  /** Longest wait between tries. */
  retryMaxMs: number;
  /** How long a try may run before the sweep takes it for lost (the request timeout and a margin). */
  leaseMs: number;
}

/** What a `webhook-deliver` job carries; a delivery holding the member's words also names them (privacy). */
export interface DeliveryJob extends Record<string, unknown> {
  communityId: string;
  deliveryId: string;
  attempt: number;
  platform?: string;
  userId?: string;
}

export type AttemptOutcome = 'delivered' | 'retrying' | 'failed' | 'skipped';

/** The body receivers get: the event id to de-duplicate by, its type, time and data. */
export function deliveryBody(event: DomainEvent): string {
  return JSON.stringify({
    id: event.id,
    type: event.type,
    createdAt: event.at.toISOString(),
    communityId: event.communityId,
    data: { member: event.member, ...event.data },
  });
}

/**
 * Outbound deliveries: one per event and endpoint (its id derives from both, so an event told
 * twice is queued once), each try a queue job. A try POSTs the stored body, signed like POST
 * /events; 2xx delivers. A failure waits and tries again (doubling waits, capped), for up to
 * 24 hours after its first failure; an endpoint failing for a whole day is disabled and the
 * admins are told. MongoDB holds the truth, so a sweep re-queues tries a lost Redis forgot.
 */
export class WebhookDeliveries {
  constructor(
    private readonly models: Models,
    private readonly endpoints: WebhookEndpoints,
    private readonly http: OutboundHttp | null,
    private readonly jobs: JobScheduler | null,
    private readonly clock: Clock,
    private readonly alerts: EndpointAlerts,
    private readonly logger: Logger,
    private readonly timings: DeliveryTimings,
  ) {}

  /** Queues an event for every active endpoint of its community that receives its type. */
  async publish(event: DomainEvent): Promise<number> {
    let queued = 0;
    for (const endpoint of await this.endpoints.receiving(event.communityId, event.type)) {
      const deliveryId = `D${digestReference(`${endpoint.endpointId}|${event.id}`)}`;
      const now = this.clock.now();
      const delivery: WebhookDeliveryDoc = {
        _id: `${event.communityId}|${deliveryId}`,
        communityId: event.communityId,
        deliveryId,
        endpointId: endpoint.endpointId,
        eventId: event.id,
        type: event.type,
        body: deliveryBody(event),
        platform: event.member.platform,
        userId: event.member.userId,
        carriesText: event.carriesText,
        status: 'pending',
        attempts: 0,
        replays: 0,
        failures: 0,
        firstFailedAt: null,
        nextAttemptAt: now,
        lastAttemptAt: null,
        lastStatus: null,
        lastError: null,
        latencyMs: null,
        createdAt: now,
        deliveredAt: null,
      };
      if (!(await createOnce(this.models.WebhookDelivery, delivery))) continue;
      await this.enqueue(delivery, 0);
      queued += 1;
    }
    return queued;
  }

  /** One try, as its queue job asks; a stale or duplicate job (another try ran since) does nothing. */
  async attempt(job: DeliveryJob): Promise<AttemptOutcome> {
    const delivery = await this.models.WebhookDelivery.findById(
      `${job.communityId}|${job.deliveryId}`,
    ).lean<WebhookDeliveryDoc>();
    if (!delivery || delivery.status !== 'pending' || delivery.attempts !== job.attempt || !delivery.body)
      return 'skipped';
    const endpoint = await this.endpoints.find(delivery.communityId, delivery.endpointId);
    if (!endpoint || endpoint.status !== 'active') {
      await this.settle(delivery, 'failed', { lastError: endpoint ? 'endpoint disabled' : 'endpoint removed' });
      return 'failed';
    }
    if (!this.http) return 'skipped';
    const now = this.clock.now();
    const claimed = await this.models.WebhookDelivery.updateOne(
      { _id: delivery._id, status: 'pending', attempts: job.attempt },
      {
        $set: {
          attempts: job.attempt + 1,
          lastAttemptAt: now,
          nextAttemptAt: new Date(now.getTime() + this.timings.leaseMs),
        },
      },
    );
    if (claimed.modifiedCount !== 1) return 'skipped';
    const tried = { ...delivery, attempts: job.attempt + 1 };
    const timestamp = Math.floor(now.getTime() / 1000);
    const result = await this.http.post({
      url: endpoint.url,
      body: delivery.body,
      headers: {
        'content-type': 'application/json',
        'x-loyalbot-community': delivery.communityId,
        'x-loyalbot-event': delivery.type,
        'x-loyalbot-event-id': delivery.eventId,
        'x-loyalbot-delivery': delivery.deliveryId,
        'x-loyalbot-timestamp': String(timestamp),
        'x-loyalbot-signature': signPayload(endpoint.secret, timestamp, delivery.body),
      },
    });
    const outcome = { lastStatus: result.status, latencyMs: Math.round(result.ms) };
    if (result.ok) {
      await this.settle(tried, 'delivered', { ...outcome, lastError: null, deliveredAt: this.clock.now() });
      await this.endpoints.delivering(endpoint);
      return 'delivered';
    }
    return this.failed(tried, endpoint, { ...outcome, lastError: result.error.slice(0, 200) });
  }

  /** Queues again every due try that a lost Redis or a crashed worker left behind. */
  async sweep(now: Date): Promise<{ requeued: number }> {
    const due = await this.models.WebhookDelivery.find({
      status: 'pending',
      nextAttemptAt: { $lte: new Date(now.getTime() - SWEEP_GRACE_MS) },
    })
      .limit(SWEEP_BATCH)
      .lean<WebhookDeliveryDoc[]>();
    for (const delivery of due) await this.enqueue(delivery, delivery.attempts);
    return { requeued: due.length };
  }

  /** Queues a settled delivery again, its retries counted afresh (same event id: receivers de-duplicate). */
  async requeue(delivery: WebhookDeliveryDoc): Promise<boolean> {
    const now = this.clock.now();
    const result = await this.models.WebhookDelivery.updateOne(
      { _id: delivery._id, status: delivery.status, replays: delivery.replays },
      {
        $set: {
          status: 'pending',
          replays: delivery.replays + 1,
          failures: 0,
          firstFailedAt: null,
          nextAttemptAt: now,
        },
      },
    );
    if (result.modifiedCount !== 1) return false;
    await this.enqueue({ ...delivery, replays: delivery.replays + 1 }, delivery.attempts);
    return true;
  }

  private async failed(
    delivery: WebhookDeliveryDoc,
    endpoint: WebhookEndpointDoc,
    outcome: { lastStatus: number | null; latencyMs: number; lastError: string },
  ): Promise<AttemptOutcome> {
    const at = this.clock.now();
    const failingSince = await this.endpoints.failing(endpoint, at);
    const firstFailedAt = delivery.firstFailedAt ?? at;
    const failures = delivery.failures + 1;
    if (at.getTime() - failingSince.getTime() >= DAY_MS) {
      await this.settle(delivery, 'failed', { ...outcome, failures, firstFailedAt });
      if (await this.endpoints.disable(endpoint, at)) await this.alerts.disabled(endpoint, failingSince, at);
      return 'failed';
    }
    if (at.getTime() - firstFailedAt.getTime() >= DAY_MS) {
      await this.settle(delivery, 'failed', { ...outcome, failures, firstFailedAt });
      return 'failed';
    }
    const wait = Math.min(this.timings.retryFirstMs * 2 ** (failures - 1), this.timings.retryMaxMs);
    // The last try lands exactly a day after the first failure, so that day is always judged.
    const next = Math.min(at.getTime() + wait, firstFailedAt.getTime() + DAY_MS);
    await this.models.WebhookDelivery.updateOne(
      { _id: delivery._id, status: 'pending', attempts: delivery.attempts },
      { $set: { ...outcome, failures, firstFailedAt, nextAttemptAt: new Date(next) } },
    );
    await this.enqueue(delivery, delivery.attempts, next - at.getTime());
    return 'retrying';
  }

  private async settle(
    delivery: WebhookDeliveryDoc,
    status: 'delivered' | 'failed',
    fields: Partial<WebhookDeliveryDoc>,
  ): Promise<void> {
    await this.models.WebhookDelivery.updateOne(
      { _id: delivery._id, status: 'pending', attempts: delivery.attempts },
      { $set: { ...fields, status, nextAttemptAt: null } },
    );
  }

  private async enqueue(delivery: WebhookDeliveryDoc, attempt: number, delayMs?: number): Promise<void> {
    if (!this.jobs) return;
    const data: DeliveryJob = { communityId: delivery.communityId, deliveryId: delivery.deliveryId, attempt };
    if (delivery.carriesText) Object.assign(data, { platform: delivery.platform, userId: delivery.userId });
    const jobId = jobIdFor('webhook-deliver', `${delivery._id}#${delivery.replays}.${attempt}`);
    await this.jobs.enqueue('webhook-deliver', data, { jobId, delayMs }).catch((error: unknown) => {
      // The delivery stays pending in MongoDB: the sweep queues it once Redis answers again.
      this.logger.warn({ err: error, deliveryId: delivery.deliveryId }, 'webhook try not queued');
    });
  }
}
