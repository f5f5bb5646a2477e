import { formatDateTime, formatNumber, type DashboardViews } from '../../../core/index.ts';
import { commandForm, table, type RenderContext } from '../components.ts';
import { html, type Html } from '../html.ts';

type View = DashboardViews['webhooks'];
type Endpoint = View['endpoints'][number];

/** One /config webhook-… action on an endpoint, as a small form. */
function endpointAction(ctx: RenderContext, endpoint: Endpoint, action: string, submit: string, danger = false): Html {
  return commandForm(ctx, {
    id: `${action}-${endpoint.id}`,
    command: 'config',
    fixed: { action, key: endpoint.id },
    submit,
    danger,
    inline: true,
  });
}

function endpointSection(ctx: RenderContext, endpoint: Endpoint): Html {
  const { t, locale } = ctx;
  const state = t(`webhooks.endpointStatuses.${endpoint.status}`);
  return html`<section class="endpoint" aria-labelledby="endpoint-${endpoint.id}">
    <h2 id="endpoint-${endpoint.id}">${endpoint.id} · ${state}</h2>
    <p><code>${endpoint.url}</code></p>
    <p>${t('webhooks.events', { events: endpoint.events.join(', ') })}</p>
    ${
      endpoint.failingSince && endpoint.status === 'active'
        ? html`<p class="warning">${t('webhooks.failingSince', { date: endpoint.failingSince.slice(0, 16) })}</p>`
        : ''
    }
    <div class="actions">
      ${
        endpoint.status === 'disabled'
          ? endpointAction(ctx, endpoint, 'webhook-enable', t('dashboard.webhooks.enable'))
          : ''
      }
      ${endpointAction(ctx, endpoint, 'webhook-replay', t('dashboard.webhooks.replay'))}
      ${endpointAction(ctx, endpoint, 'webhook-remove', t('dashboard.webhooks.remove'), true)}
    </div>
    ${table(
      t('dashboard.webhooks.deliveries', { id: endpoint.id }),
      [
        t('dashboard.webhooks.when'),
        t('dashboard.webhooks.event'),
        t('dashboard.webhooks.status'),
        t('dashboard.webhooks.tries'),
        'HTTP',
        t('dashboard.webhooks.latency'),
        t('dashboard.webhooks.lastError'),
      ],
      endpoint.deliveries.map((delivery) => [
        formatDateTime(new Date(delivery.at), locale),
        html`<code>${delivery.type}</code>`,
        t(`webhooks.statuses.${delivery.status}`),
        formatNumber(delivery.attempts, locale),
        delivery.httpStatus ?? '—',
        delivery.latencyMs === null ? '—' : `${formatNumber(delivery.latencyMs, locale)} ms`,
        delivery.lastError ?? '',
      ]),
      t('webhooks.noDeliveries'),
    )}
  </section>`;
}

export function renderWebhooks(ctx: RenderContext, view: View): Html {
  const { t } = ctx;
  return html`${
      view.endpoints.length > 0
        ? view.endpoints.map((endpoint) => endpointSection(ctx, endpoint))
        : html`<p class="empty">${t('dashboard.webhooks.empty')}</p>`
    }
    <section aria-labelledby="add-h">
      <h2 id="add-h">${t('dashboard.webhooks.add')}</h2>
      <p class="hint">${t('dashboard.webhooks.addHint', { events: view.eventTypes.join(', ') })}</p>
      ${commandForm(
        ctx,
        { id: 'webhook-add', command: 'config', fixed: { action: 'webhook-add' }, submit: t('dashboard.add') },
        [
          { name: 'key', label: t('dashboard.webhooks.url'), required: true, maxLength: 500, value: 'https://' },
          { name: 'value', label: t('dashboard.webhooks.events'), required: true, maxLength: 300, value: 'all' },
        ],
      )}
    </section>`;
}
