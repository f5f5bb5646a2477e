import { formatDateTime, formatNumber, type DashboardViews } from '../../../core/index.ts';
import { chartBox, statCard, table, type RenderContext } from '../components.ts';
import { html, type Html } from '../html.ts';

type View = DashboardViews['recommendations'];

export function renderRecommendations(ctx: RenderContext, view: View): Html {
  const { t, locale } = ctx;
  const n = (value: number) => formatNumber(value, locale);
  const trainedAt = view.trainedAt ? formatDateTime(new Date(view.trainedAt), locale) : '—';
  return html` <section class="cards" aria-label="${t('dashboard.recommendations.model')}">
      ${statCard(t('dashboard.recommendations.version'), view.version ?? '—')}
      ${statCard(t('dashboard.recommendations.trainedAt'), trainedAt)}
      ${statCard(t('dashboard.recommendations.pushes'), n(view.pushesSent))}
    </section>
    <div class="grid">
      <section aria-labelledby="picks-h">
        <h2 id="picks-h">${t('dashboard.recommendations.topPicks')}</h2>
        ${chartBox(view.charts.topPicks, 'top-picks', t('dashboard.recommendations.noPicks'))}
      </section>
      <section aria-labelledby="outcomes-h">
        <h2 id="outcomes-h">${t('dashboard.recommendations.outcomes')}</h2>
        ${chartBox(view.charts.outcomes, 'outcomes', t('dashboard.recommendations.noOutcomes'))}
      </section>
    </div>
    ${table(
      t('dashboard.recommendations.outcomesCaption'),
      [
        t('dashboard.recommendations.item'),
        t('charts.interested'),
        t('charts.notForMe'),
        t('dashboard.recommendations.rate'),
      ],
      view.outcomes.map((o) => [o.title, n(o.interested), n(o.notForMe), `${n(Math.round(o.rate * 100))}%`]),
      t('dashboard.recommendations.noOutcomes'),
    )}`;
}
