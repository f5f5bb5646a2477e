import type { WebhookDeliveryDoc, WebhookEndpointDoc } from '../../db/webhook-models.ts';
import type { CommandContext } from '../../dispatch/spec.ts';
import { need } from '../../dispatch/args.ts';
import { formatNumber } from '../../format.ts';
import { loyaltySettings } from '../../loyalty/settings.ts';
import { formatLocalDateTime } from '../../time-zone.ts';
import type { Reply } from '../../types.ts';
import { parseEventList } from '../../webhooks/endpoints.ts';

/** The `/config webhook-…` actions: the webhook part of community settings. */
export const WEBHOOK_ACTIONS = [
  'webhook-add',
  'webhook-list',
  'webhook-remove',
  'webhook-enable',
  'webhook-replay',
] as const;
export type WebhookAction = (typeof WEBHOOK_ACTIONS)[number];

const SHOWN_DELIVERIES = 5;

async function audit(ctx: CommandContext, action: string, details: Record<string, unknown>): Promise<void> {
  await ctx.audit({ key: `config.${action}:${ctx.invocationId}`, action: `config.${action}`, details });
}

function deliveryLine(ctx: CommandContext, delivery: WebhookDeliveryDoc): string {
  const timeZone = loyaltySettings(ctx.community).timeZone;
  const line = ctx.t('webhooks.deliveryLine', {
    id: delivery.deliveryId,
    type: delivery.type,
    status: ctx.t(`webhooks.statuses.${delivery.status}`),
    attempts: delivery.attempts,
    http: delivery.lastStatus ?? '—',
    ms: delivery.latencyMs === null ? '—' : formatNumber(delivery.latencyMs, ctx.locale),
    date: formatLocalDateTime(delivery.createdAt, ctx.locale, timeZone),
  });
  return delivery.lastError && delivery.status !== 'delivered' ? `${line} — ${delivery.lastError}` : line;
}

async function endpointField(ctx: CommandContext, endpoint: WebhookEndpointDoc) {
  const recent = await ctx.services.webhooks.log.recent(ctx.communityId, endpoint.endpointId, SHOWN_DELIVERIES);
  const lines = [ctx.t('webhooks.events', { events: endpoint.events.join(', ') })];
  if (endpoint.failingSince && endpoint.status === 'active')
    lines.push(ctx.t('webhooks.failingSince', { date: endpoint.failingSince.toISOString().slice(0, 16) }));
  lines.push(...(recent.length > 0 ? recent.map((d) => deliveryLine(ctx, d)) : [ctx.t('webhooks.noDeliveries')]));
  return {
    name: `${endpoint.endpointId} · ${ctx.t(`webhooks.endpointStatuses.${endpoint.status}`)} · ${endpoint.url}`,
    value: lines.join('\n'),
  };
}

/**
 * Adds an endpoint (its secret shown once), lists endpoints with their latest deliveries,
 * removes or re-enables one, or replays a failed delivery (`D…`) or an endpoint's (`W…`).
 */
export async function webhookAction(
  ctx: CommandContext,
  action: WebhookAction,
  args: { key?: string; value?: string },
): Promise<Reply> {
  const { endpoints, log } = ctx.services.webhooks;
  switch (action) {
    case 'webhook-add': {
      const events = parseEventList(args.value ?? 'all');
      const url = need(args.key, 'key').trim();
      const endpoint = await endpoints.register({
        communityId: ctx.communityId,
        url,
        events,
        by: ctx.userId,
        now: ctx.now,
      });
      await audit(ctx, action, { endpointId: endpoint.endpointId, url: endpoint.url, events });
      return {
        ephemeral: true,
        tone: 'warning',
        title: ctx.t('webhooks.addedTitle', { id: endpoint.endpointId }),
        text: ctx.t('webhooks.addedText', { url: endpoint.url, events: events.join(', '), secret: endpoint.secret }),
        sensitive: true,
      };
    }
    case 'webhook-list': {
      const all = await endpoints.list(ctx.communityId);
      if (all.length === 0)
        return { ephemeral: true, tone: 'info', title: ctx.t('webhooks.title'), text: ctx.t('webhooks.none') };
      const fields = [];
      for (const endpoint of all) fields.push(await endpointField(ctx, endpoint));
      return { ephemeral: true, tone: 'info', title: ctx.t('webhooks.title'), fields };
    }
    case 'webhook-remove': {
      const endpoint = await endpoints.remove(ctx.communityId, need(args.key, 'key'));
      await log.endpointRemoved(ctx.communityId, endpoint.endpointId);
      await audit(ctx, action, { endpointId: endpoint.endpointId, url: endpoint.url });
      return { ephemeral: true, tone: 'success', text: ctx.t('webhooks.removed', { id: endpoint.endpointId }) };
    }
    case 'webhook-enable': {
      const endpoint = await endpoints.enable(ctx.communityId, need(args.key, 'key'));
      await audit(ctx, action, { endpointId: endpoint.endpointId });
      return { ephemeral: true, tone: 'success', text: ctx.t('webhooks.enabled', { id: endpoint.endpointId }) };
    }
    case 'webhook-replay': {
      const reference = need(args.key, 'key');
      const count = await log.replay(ctx.communityId, reference, ctx.now);
      await audit(ctx, action, { reference, count });
      return { ephemeral: true, tone: 'success', text: ctx.t('webhooks.replayed', { count, reference }) };
    }
  }
}
