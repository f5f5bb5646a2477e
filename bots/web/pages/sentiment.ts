import {
  formatDateTime,
  formatDecimal,
  formatNumber,
  type DashboardViews,
  type FeedbackLine,
} from '../../../core/index.ts';
import {
  chartBox,
  commandForm,
  filterField,
  filterForm,
  statCard,
  table,
  type RenderContext,
  pager,
} from '../components.ts';
import { html, type Html } from '../html.ts';

type View = DashboardViews['sentiment'];
const RANGES = [7, 30, 90, 365];

export function renderSentiment(ctx: RenderContext, view: View): Html {
  const { t, locale } = ctx;
  const { totals } = view;
  return html` <nav class="ranges" aria-label="${t('dashboard.sentiment.range')}">
      ${RANGES.map(
        (days) =>
          html`<a
            href="/dashboard/sentiment?range=${days}"
            ${view.query.range === days && !view.query.from ? html`aria-current="true"` : ''}
            >${t('dashboard.sentiment.days', { count: days })}</a
          >`,
      )}
    </nav>
    <p class="as-of">${t('dashboard.sentiment.window', { from: view.window.from, to: view.window.to })}</p>
    <section class="cards" aria-label="${t('dashboard.sentiment.totals')}">
      ${statCard(t('dashboard.sentiment.volume'), formatNumber(totals.volume, locale))}
      ${statCard(t('dashboard.sentiment.mean'), totals.mean === null ? '—' : formatDecimal(totals.mean, locale, 2))}
      ${statCard(t('charts.positive'), formatNumber(totals.positive, locale))}
      ${statCard(t('charts.negative'), formatNumber(totals.negative, locale))}
    </section>
    <section aria-labelledby="daily-h">
      <h2 id="daily-h">${t('dashboard.sentiment.daily')}</h2>
      ${chartBox(view.charts.days, 'days', t('dashboard.noData'))}
    </section>
    <div class="grid">
      <section aria-labelledby="labels-h">
        <h2 id="labels-h">${t('dashboard.sentiment.labels')}</h2>
        ${chartBox(totals.volume > 0 ? view.charts.labels : null, 'labels', t('dashboard.noData'))}
      </section>
      <section aria-labelledby="channels-h">
        <h2 id="channels-h">${t('dashboard.sentiment.channels')}</h2>
        ${chartBox(view.charts.channels, 'channels', t('dashboard.sentiment.noChannels'))}
      </section>
    </div>
    <section aria-labelledby="themes-h">
      <h2 id="themes-h">${t('dashboard.sentiment.themes', { days: view.themeWindow })}</h2>
      <p class="hint">${t('dashboard.sentiment.themesHint')}</p>
      <div class="grid">
        ${(['negative', 'positive'] as const).map(
          (side) =>
            html`<div>
              <h3>${t(`dashboard.sentiment.${side}Themes`)}</h3>
              ${chartBox(view.charts.themes[side] ?? null, `themes-${side}`, t('dashboard.sentiment.noThemes'))}
              <ul class="themes">
                ${view.themes[side].map(
                  (theme) =>
                    html`<li>
                      <a href="${theme.link}" data-theme="${theme.term}">${theme.term}</a>
                      <span class="count">${formatNumber(theme.count, locale)}</span>
                    </li>`,
                )}
              </ul>
            </div>`,
        )}
      </div>
    </section>
    ${view.chosenTheme ? chosenTheme(ctx, view.chosenTheme) : ''}
    <section aria-labelledby="list-h">
      <h2 id="list-h">${t('dashboard.sentiment.feedback', { count: formatNumber(view.feedback.total, locale) })}</h2>
      ${filters(ctx, view)}
      <p><a href="/dashboard/sentiment.csv?${csvQuery(view)}" download>${t('dashboard.sentiment.csv')}</a></p>
      <p>
        <a href="/dashboard/sentiment-training.tsv" download>${t('dashboard.sentiment.training')}</a>
        <small class="hint">${t('dashboard.sentiment.trainingHint')}</small>
      </p>
      ${feedbackTable(ctx, view.feedback.lines, t('dashboard.sentiment.feedbackCaption'))} ${pagerOf(ctx, view)}
    </section>`;
}

function chosenTheme(ctx: RenderContext, theme: NonNullable<View['chosenTheme']>): Html {
  const { t } = ctx;
  return html`<section id="theme" aria-labelledby="theme-h" class="chosen">
    <h2 id="theme-h">${t('dashboard.sentiment.themeMessages', { term: theme.term, count: theme.count })}</h2>
    ${feedbackTable(ctx, theme.messages, t('dashboard.sentiment.themeCaption', { term: theme.term }))}
  </section>`;
}

function feedbackTable(ctx: RenderContext, lines: FeedbackLine[], caption: string): Html {
  const { t, locale } = ctx;
  return table(
    caption,
    [
      t('dashboard.sentiment.when'),
      t('dashboard.sentiment.who'),
      t('dashboard.sentiment.label'),
      t('dashboard.sentiment.channel'),
      t('dashboard.sentiment.text'),
      t('dashboard.sentiment.yourLabel'),
    ],
    lines.map((line) => [
      formatDateTime(new Date(line.at), locale),
      line.user,
      html`<span class="label label-${line.label}"
        >${t(`charts.${line.label}`)} ${formatDecimal(line.score, locale, 2)}</span
      >`,
      line.channelId ? `#${line.channelId}` : '—',
      html`<span class="quote" lang="${line.language === 'zh' ? 'zh-CN' : 'en'}">${line.text}</span>`,
      relabelForm(ctx, line),
    ]),
    t('dashboard.sentiment.noFeedback'),
  );
}

/** The manager's own label for training, beside the model's; /relabel runs through the dispatcher. */
function relabelForm(ctx: RenderContext, line: FeedbackLine): Html {
  const { t } = ctx;
  const given = line.managerLabel
    ? html`<span class="label label-${line.managerLabel}">${t(`charts.${line.managerLabel}`)}</span>`
    : '';
  return html`${given}
  ${commandForm(
    ctx,
    {
      id: `relabel-${line.id}`,
      command: 'relabel',
      fixed: { feedback: line.id },
      submit: t('dashboard.sentiment.relabel'),
      inline: true,
    },
    [
      {
        name: 'label',
        label: t('dashboard.sentiment.relabelFor'),
        hideLabel: true,
        type: 'select',
        value: line.managerLabel ?? line.label,
        options: (['positive', 'neutral', 'negative'] as const).map((l) => ({ value: l, label: t(`charts.${l}`) })),
      },
    ],
  )}`;
}

function filters(ctx: RenderContext, view: View): Html {
  const { t } = ctx;
  const q = view.query;
  const any = { value: '', label: t('dashboard.any') };
  return filterForm(
    '/dashboard/sentiment#list-h',
    html`<input type="hidden" name="range" value="${q.range}" /> ${filterField({
        name: 'label',
        label: t('dashboard.sentiment.label'),
        type: 'select',
        value: q.label ?? '',
        options: [
          any,
          ...(['positive', 'neutral', 'negative'] as const).map((l) => ({ value: l, label: t(`charts.${l}`) })),
        ],
      })}
      ${filterField({
        name: 'channel',
        label: t('dashboard.sentiment.channel'),
        type: 'select',
        value: q.channel ?? '',
        options: [any, ...view.channelIds.map((id) => ({ value: id, label: `#${id}` }))],
      })}
      ${filterField({
        name: 'language',
        label: t('dashboard.sentiment.language'),
        type: 'select',
        value: q.language ?? '',
        options: [any, { value: 'en', label: 'English' }, { value: 'zh', label: '中文' }],
      })}
      ${filterField({ name: 'from', label: t('dashboard.sentiment.from'), type: 'date', value: q.from ?? '' })}
      ${filterField({ name: 'to', label: t('dashboard.sentiment.to'), type: 'date', value: q.to ?? '' })}`,
    t('dashboard.apply'),
  );
}

function listParams(view: View): URLSearchParams {
  const q = view.query;
  const params = new URLSearchParams({ range: String(q.range) });
  for (const [key, value] of Object.entries({
    label: q.label,
    channel: q.channel,
    language: q.language,
    from: q.from,
    to: q.to,
  }))
    if (value) params.set(key, value);
  return params;
}

const csvQuery = (view: View) => listParams(view).toString();

function pagerOf(ctx: RenderContext, view: View): Html {
  return pager(ctx, view.feedback, (to) => {
    const params = listParams(view);
    params.set('page', String(to));
    return `/dashboard/sentiment?${params.toString()}#list-h`;
  });
}
