import { formatDate, formatDateTime, formatNumber, type DashboardViews } from '../../../core/index.ts';
import { commandForm, filterField, filterForm, table, type RenderContext } from '../components.ts';
import { html, type Html } from '../html.ts';

type View = DashboardViews['members'];
type Card = NonNullable<View['card']>;

export function renderMembers(ctx: RenderContext, view: View): Html {
  const { t, locale } = ctx;
  const notFound = html`<p class="empty">${t('dashboard.members.noResults')}</p>`;
  return html` ${filterForm(
    '/dashboard/members',
    filterField({ name: 'q', label: t('dashboard.members.search'), type: 'search', value: view.q, maxLength: 64 }),
    t('dashboard.members.find'),
  )}
  ${
    view.q
      ? table(
          t('dashboard.members.results', { q: view.q }),
          [
            t('dashboard.members.name'),
            t('dashboard.members.id'),
            t('dashboard.members.tier'),
            t('dashboard.members.status'),
            t('dashboard.members.balance'),
          ],
          view.results.map((member) => [
            html`<a href="${member.link}">${member.name}</a>`,
            member.userId,
            member.tier,
            t(`dashboard.members.statuses.${member.status}`),
            formatNumber(member.balance, locale),
          ]),
          t('dashboard.members.noResults'),
        )
      : ''
  }
  ${view.card ? card(ctx, view.card) : view.asked ? notFound : ''}`;
}

function card(ctx: RenderContext, member: Card): Html {
  const { t, locale } = ctx;
  const n = (value: number) => formatNumber(value, locale);
  return html`<section aria-labelledby="card-h" class="member-card">
    <h2 id="card-h">${member.name}</h2>
    <dl class="facts">
      <dt>${t('dashboard.members.id')}</dt>
      <dd>${member.platform} · ${member.userId}</dd>
      <dt>${t('dashboard.members.status')}</dt>
      <dd>${t(`dashboard.members.statuses.${member.status}`)}</dd>
      <dt>${t('dashboard.members.tier')}</dt>
      <dd>${member.tier}</dd>
      <dt>${t('dashboard.members.balance')}</dt>
      <dd data-balance="${member.balance}">${n(member.balance)}</dd>
      <dt>${t('dashboard.members.earned')}</dt>
      <dd>${n(member.earned)}</dd>
      <dt>${t('dashboard.members.joined')}</dt>
      <dd>${formatDate(new Date(member.joinedAt), locale)}</dd>
      <dt>${t('dashboard.members.persona')}</dt>
      <dd>${member.persona ?? t('personas.unassigned')}</dd>
      <dt>${t('dashboard.churn.risk')}</dt>
      <dd>
        ${member.churn ? `${n(Math.round(member.churn.risk * 100))}% (${member.churn.factors.join(', ') || '—'})` : '—'}
      </dd>
    </dl>
    <div class="grid">
      <div>
        <h3>${t('dashboard.members.grant')}</h3>
        ${commandForm(
          ctx,
          {
            id: 'grant',
            command: 'grant-points',
            fixed: { user: member.userId },
            submit: t('dashboard.members.grantButton'),
          },
          [
            { name: 'amount', label: t('commands.grant-points.options.amount'), type: 'number', required: true },
            { name: 'reason', label: t('commands.grant-points.options.reason'), required: true, maxLength: 200 },
          ],
        )}
      </div>
      ${
        // A paused membership may be cancelled too.
        member.status !== 'cancelled'
          ? html`<div>
              <h3>${t('dashboard.members.cancel')}</h3>
              ${commandForm(
                ctx,
                {
                  id: 'cancel',
                  command: 'cancel-membership',
                  fixed: { user: member.userId },
                  submit: t('dashboard.members.cancelButton'),
                  danger: true,
                },
                [{ name: 'reason', label: t('commands.cancel-membership.options.reason'), maxLength: 200 }],
              )}
            </div>`
          : ''
      }
    </div>
    <h3>${t('dashboard.members.ledger')}</h3>
    ${table(
      t('dashboard.members.ledger'),
      [
        '#',
        t('dashboard.catalog.when'),
        t('dashboard.catalog.change'),
        t('dashboard.members.balance'),
        t('dashboard.members.reason'),
      ],
      member.ledger.map((entry) => [
        String(entry.seq),
        formatDateTime(new Date(entry.at), locale),
        `${entry.delta > 0 ? '+' : ''}${n(entry.delta)}`,
        n(entry.balance),
        `${entry.kind} · ${entry.reason}`,
      ]),
      t('dashboard.members.noLedger'),
    )}
    <h3>${t('dashboard.members.orders')}</h3>
    ${table(
      t('dashboard.members.orders'),
      [
        t('dashboard.members.order'),
        t('dashboard.catalog.title'),
        t('dashboard.catalog.cost'),
        t('dashboard.members.status'),
        t('dashboard.catalog.when'),
      ],
      member.orders.map((order) => [
        order.orderId,
        order.item,
        n(order.cost),
        order.status,
        formatDateTime(new Date(order.at), locale),
      ]),
      t('dashboard.members.noOrders'),
    )}
  </section>`;
}
