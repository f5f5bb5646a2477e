import { normalizeReference, REFERENCE_PATTERN, type MemberRef } from '../db/ids.ts';
import type { Models } from '../db/models.ts';
import type { WebhookDeliveryDoc } from '../db/webhook-models.ts';
import { UserError } from '../errors.ts';
import type { JobScheduler } from '../ports.ts';
import type { WebhookDeliveries } from './deliveries.ts';
import { ENDPOINT_ID_PATTERN, type WebhookEndpoints } from './endpoints.ts';

const DAY_MS = 24 * 3600 * 1000;
/** Replaying an endpoint resends its failed deliveries of this many days. */
const REPLAY_DAYS = 7;
/** Settled deliveries are kept this long, then pruned (the log, not the receivers' copies). */
export const LOG_DAYS = 30;
const REPLAY_MAX = 500;

/** What admins see of deliveries and may do with them: the log, replays, and erasure for privacy. */
export class DeliveryLog {
  constructor(
    private readonly models: Models,
    private readonly endpoints: WebhookEndpoints,
    private readonly deliveries: WebhookDeliveries,
    private readonly jobs: JobScheduler | null,
  ) {}

  /** An endpoint's latest deliveries, newest first. */
  async recent(communityId: string, endpointId: string, limit = 5): Promise<WebhookDeliveryDoc[]> {
    return this.models.WebhookDelivery.find({ communityId, endpointId })
      .sort({ createdAt: -1 })
      .limit(limit)
      .lean<WebhookDeliveryDoc[]>();
  }

  /**
   * Sends a failed delivery again (`D…`), or every failed delivery of an endpoint from the
   * last week (`W…`), with the same event ids; the endpoint must be active. Returns how many.
   */
  async replay(communityId: string, reference: string, now: Date): Promise<number> {
    const id = normalizeReference(reference);
    if (ENDPOINT_ID_PATTERN.test(id)) {
      const endpoint = await this.endpoints.require(communityId, id);
      if (endpoint.status !== 'active') throw new UserError('WEBHOOK.DISABLED', { id: endpoint.endpointId });
      const failed = await this.models.WebhookDelivery.find({
        communityId,
        endpointId: endpoint.endpointId,
        status: 'failed',
        createdAt: { $gte: new Date(now.getTime() - REPLAY_DAYS * DAY_MS) },
      })
        .sort({ createdAt: 1 })
        .limit(REPLAY_MAX)
        .lean<WebhookDeliveryDoc[]>();
      let replayed = 0;
      for (const delivery of failed.filter((d) => d.body !== null))
        if (await this.deliveries.requeue(delivery)) replayed += 1;
      return replayed;
    }
    const delivery =
      id.startsWith('D') && REFERENCE_PATTERN.test(id.slice(1))
        ? await this.models.WebhookDelivery.findById(`${communityId}|${id}`).lean<WebhookDeliveryDoc>()
        : null;
    if (!delivery) throw new UserError('WEBHOOK.NOT_FOUND', { id: reference });
    if (delivery.status !== 'failed' || delivery.body === null)
      throw new UserError('WEBHOOK.NOT_REPLAYABLE', { id: delivery.deliveryId, status: delivery.status });
    const endpoint = await this.endpoints.require(communityId, delivery.endpointId);
    if (endpoint.status !== 'active') throw new UserError('WEBHOOK.DISABLED', { id: endpoint.endpointId });
    return Number(await this.deliveries.requeue(delivery));
  }

  /** Removes settled deliveries older than the log keeps; what is still pending stays. */
  async prune(now: Date): Promise<{ pruned: number }> {
    const result = await this.models.WebhookDelivery.deleteMany({
      status: { $in: ['delivered', 'failed', 'purged'] },
      createdAt: { $lt: new Date(now.getTime() - LOG_DAYS * DAY_MS) },
    });
    return { pruned: result.deletedCount };
  }

  /** After an endpoint is removed: what was still waiting for it will not go out. */
  async endpointRemoved(communityId: string, endpointId: string): Promise<void> {
    await this.models.WebhookDelivery.updateMany(
      { communityId, endpointId, status: 'pending' },
      { $set: { status: 'failed', nextAttemptAt: null, lastError: 'endpoint removed' } },
    );
  }

  /**
   * `/privacy delete`: deliveries holding the member's words are not sent (their queued tries
   * are removed and their bodies erased), and the log keeps no copy of those words. Returns
   * how many were still waiting to go out.
   */
  async forgetMember(key: MemberRef): Promise<number> {
    const scope = { communityId: key.communityId, platform: key.platform, userId: key.userId, carriesText: true };
    await this.jobs?.forget('webhook-deliver', key);
    const purged = await this.models.WebhookDelivery.updateMany(
      { ...scope, status: 'pending' },
      { $set: { status: 'purged', body: null, nextAttemptAt: null } },
    );
    await this.models.WebhookDelivery.updateMany({ ...scope, body: { $ne: null } }, { $set: { body: null } });
    return purged.modifiedCount;
  }
}
