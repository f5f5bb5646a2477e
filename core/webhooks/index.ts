import type { Models } from '../db/models.ts';
import type { DomainEvents } from '../domain-events.ts';
import type { Translator } from '../i18n.ts';
import type { Communities } from '../identity/communities.ts';
import type { Logger } from '../logger.ts';
import type { MemberNotices } from '../loyalty/member-notices.ts';
import type { Clock, JobScheduler, Notifier, OutboundHttp } from '../ports.ts';
import { WebhookDeliveries, type DeliveryTimings } from './deliveries.ts';
import { DeliveryLog } from './delivery-log.ts';
import { EndpointAlerts } from './endpoint-alerts.ts';
import { WebhookEndpoints } from './endpoints.ts';

/** Outbound webhooks: endpoints, signed deliveries with retries, their log. */
export interface WebhookServices {
  endpoints: WebhookEndpoints;
  deliveries: WebhookDeliveries;
  log: DeliveryLog;
}

export interface WebhookDeps {
  models: Models;
  communities: Communities;
  notices: MemberNotices;
  notifier: Notifier;
  translator: Translator;
  logger: Logger;
  clock: Clock;
  jobs?: JobScheduler | null;
  /** The HTTP client the entry point gives (bots/http/webhook-client.ts); without it nothing is sent. */
  outbound?: OutboundHttp | null;
  webhookTimings: DeliveryTimings;
  events: DomainEvents;
}

/** Builds the webhook services and subscribes them to every event core tells. */
export function createWebhooks(deps: WebhookDeps): WebhookServices {
  const http = deps.outbound ?? null;
  const jobs = deps.jobs ?? null;
  const endpoints = new WebhookEndpoints(deps.models, http);
  const alerts = new EndpointAlerts(deps.communities, deps.notices, deps.notifier, deps.translator, deps.logger);
  const deliveries = new WebhookDeliveries(
    deps.models,
    endpoints,
    http,
    jobs,
    deps.clock,
    alerts,
    deps.logger,
    deps.webhookTimings,
  );
  deps.events.subscribe(async (event) => {
    await deliveries.publish(event);
  });
  return { endpoints, deliveries, log: new DeliveryLog(deps.models, endpoints, deliveries, jobs) };
}
