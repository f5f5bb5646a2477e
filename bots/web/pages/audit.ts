import { formatDateTime, type DashboardViews } from '../../../core/index.ts';
import { table, type RenderContext } from '../components.ts';
import { html, type Html } from '../html.ts';

type View = DashboardViews['audit'];

export function renderAudit(ctx: RenderContext, view: View): Html {
  const { t, locale } = ctx;
  const filter = (via: string | null, label: string) =>
    html`<a href="/dashboard/audit${via ? `?via=${via}` : ''}" ${view.via === via ? html`aria-current="true"` : ''}
      >${label}</a
    >`;
  return html` <nav class="ranges" aria-label="${t('dashboard.audit.from')}">
      ${filter(null, t('dashboard.any'))}${filter('chat', t('dashboard.audit.chat'))}
      ${filter('web', t('dashboard.audit.web'))}
    </nav>
    ${table(
      t('dashboard.audit.caption'),
      [
        t('dashboard.catalog.when'),
        t('dashboard.audit.action'),
        t('dashboard.audit.actor'),
        t('dashboard.audit.target'),
        t('dashboard.audit.via'),
        t('dashboard.audit.details'),
      ],
      view.entries.map((entry) => [
        formatDateTime(new Date(entry.at), locale),
        html`<code>${entry.action}</code>`,
        entry.actor,
        entry.target ?? '—',
        t(`dashboard.audit.${entry.via}`),
        html`<code class="details">${entry.details}</code>${entry.reason ? html`<br />${entry.reason}` : ''}`,
      ]),
      t('dashboard.audit.empty'),
    )}`;
}
