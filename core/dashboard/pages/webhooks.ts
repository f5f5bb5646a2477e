import { z } from 'zod';
import { DOMAIN_EVENT_TYPES } from '../../domain-events.ts';
import { definePage } from '../page.ts';

const SHOWN_DELIVERIES = 10;

/**
 * Webhooks (admins): each endpoint with its events and state and its latest deliveries (status,
 * tries, HTTP status, latency, last error); add, remove, re-enable, replay. Never the secret.
 */
export default definePage({
  name: 'webhooks',
  role: 'admin',
  query: z.object({}),
  async load(ctx) {
    const { endpoints, log } = ctx.services.webhooks;
    const registered = await endpoints.list(ctx.communityId);
    const recent = await Promise.all(
      registered.map((endpoint) => log.recent(ctx.communityId, endpoint.endpointId, SHOWN_DELIVERIES)),
    );
    return {
      eventTypes: DOMAIN_EVENT_TYPES,
      endpoints: registered.map((endpoint, i) => ({
        id: endpoint.endpointId,
        url: endpoint.url,
        events: endpoint.events,
        status: endpoint.status,
        failingSince: endpoint.failingSince?.toISOString() ?? null,
        deliveries: (recent[i] ?? []).map((delivery) => ({
          id: delivery.deliveryId,
          type: delivery.type,
          status: delivery.status,
          attempts: delivery.attempts,
          httpStatus: delivery.lastStatus,
          latencyMs: delivery.latencyMs,
          lastError: delivery.status === 'delivered' ? null : delivery.lastError,
          at: delivery.createdAt.toISOString(),
        })),
      })),
    };
  },
});
