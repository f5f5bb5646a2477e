import { formatDateTime, formatDecimal, formatNumber, type DashboardViews } from '../../../core/index.ts';
import { chartBox, postButton, statCard, table, type RenderContext } from '../components.ts';
import { html, type Html } from '../html.ts';

type View = DashboardViews['overview'];

export function renderOverview(ctx: RenderContext, view: View): Html {
  const { t, locale } = ctx;
  const n = (value: number) => formatNumber(value, locale);
  const mean = (value: number | null) => (value === null ? '—' : formatDecimal(value, locale, 2));
  const { thisWeek, lastWeek } = view.sentiment;
  const { issued, redeemed, outstanding } = view.points;
  const pointFigures = { issued: n(issued), redeemed: n(redeemed), outstanding: n(outstanding) };
  return html` <p class="as-of">
      ${t('dashboard.figuresAt', { at: formatDateTime(new Date(view.figuresAt), locale) })}
      ${postButton(ctx, '/dashboard/figures/refresh', t('dashboard.refreshFigures'), { back: ctx.path })}
    </p>
    <section aria-labelledby="members-h" class="cards">
      <h2 id="members-h" class="visually-hidden">${t('dashboard.overview.members')}</h2>
      ${statCard(t('dashboard.overview.active'), n(view.members.active))}
      ${view.members.paused > 0 ? statCard(t('dashboard.overview.paused'), n(view.members.paused)) : ''}
      ${statCard(t('dashboard.overview.cancelled'), n(view.members.cancelled))}
      ${statCard(t('dashboard.overview.newThisWeek'), n(view.members.newThisWeek))}
      ${statCard(t('dashboard.overview.openTickets'), n(view.openTickets))}
      ${statCard(t('dashboard.overview.outstanding'), n(view.points.outstanding), t('dashboard.overview.liability'))}
      ${statCard(
        t('dashboard.overview.moodThisWeek'),
        mean(thisWeek.mean),
        t('dashboard.overview.moodLastWeek', { mean: mean(lastWeek.mean), volume: n(thisWeek.volume) }),
      )}
    </section>
    <div class="grid">
      <section aria-labelledby="tiers-h">
        <h2 id="tiers-h">${t('dashboard.overview.tiers')}</h2>
        ${chartBox(view.charts.tiers, 'tiers', t('dashboard.noData'))}
      </section>
      <section aria-labelledby="points-h">
        <h2 id="points-h">${t('dashboard.overview.points')}</h2>
        ${chartBox(view.charts.points, 'points', t('dashboard.noData'))}
        <p>${t('dashboard.overview.pointsLine', pointFigures)}</p>
      </section>
    </div>
    <section aria-labelledby="mood-h">
      <h2 id="mood-h">${t('dashboard.overview.mood')}</h2>
      ${chartBox(view.charts.days, 'days', t('dashboard.noData'))}
      <p><a href="${view.links.sentiment}">${t('dashboard.overview.moreSentiment')}</a></p>
    </section>
    <section aria-labelledby="risk-h">
      <h2 id="risk-h">${t('dashboard.overview.atRisk', { count: n(view.churn.atRisk) })}</h2>
      ${atRiskTable(ctx, view.churn)}
    </section>`;
}

/** The members most at risk of leaving; their names link to their card for admins. */
export function atRiskTable(ctx: RenderContext, churn: View['churn']): Html {
  const { t, locale } = ctx;
  const admin = ctx.session.role === 'admin';
  return table(
    t('dashboard.churn.caption'),
    [t('dashboard.churn.member'), t('dashboard.churn.risk'), t('dashboard.churn.factors')],
    churn.members.map((member) => [
      admin ? html`<a href="${member.link}">${member.name}</a>` : member.name,
      `${formatNumber(Math.round(member.risk * 100), locale)}%`,
      member.factors.join(', '),
    ]),
    t('dashboard.churn.none'),
  );
}
