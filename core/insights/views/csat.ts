import type { Models } from '../../db/models.ts';
import { formatDate } from '../../format.ts';
import { rateWithInterval } from '../../stats.ts';
import { csatFigures, csatLine } from '../../support/csat-figures.ts';
import type { Reply } from '../../types.ts';
import { periodOf, type InsightRequest, type InsightView } from './view.ts';

/** `/insights csat`: how members rated their closed tickets, per week and per staff member. */
export function csatView(models: Models): InsightView {
  return { name: 'csat', render: (request) => renderCsat(models, request) };
}

async function renderCsat(models: Models, request: InsightRequest): Promise<Omit<Reply, 'ephemeral'>> {
  const { t } = request;
  const { from, to, days } = periodOf(request);
  const f = await csatFigures(models, request.communityId, from, to);
  const period = t('insights.period', {
    from: formatDate(from, request.locale),
    to: formatDate(to, request.locale),
    days,
  });
  const base = { tone: 'info' as const, title: t('insights.csat.title') };
  if (f.all.count === 0) return { ...base, text: `${period}\n${t('insights.csat.none')}` };
  return {
    ...base,
    text: period,
    fields: [
      { name: t('insights.csat.overall'), value: csatLine(f.all, t) },
      { name: t('insights.csat.satisfied'), value: rateWithInterval(f.all.satisfied), inline: true },
      {
        name: t('insights.csat.comments'),
        value: t('insights.csat.commentsValue', {
          count: f.comments,
          mean: f.commentMean === null ? '—' : f.commentMean.toFixed(2),
        }),
        inline: true,
      },
      { name: t('insights.csat.byWeek'), value: f.byWeek.map((g) => `${g.key}: ${csatLine(g, t)}`).join('\n') },
      {
        name: t('insights.csat.byStaff'),
        value:
          f.byStaff
            .slice(0, 15)
            .map((g) => `${g.key}: ${csatLine(g, t)}`)
            .join('\n') || '—',
      },
    ],
  };
}
