import type { Models } from '../../db/models.ts';
import { formatDate } from '../../format.ts';
import type { Translate } from '../../i18n.ts';
import { experimentReport, type VariantFigures } from '../../recommend/experiment-report.ts';
import type { ExperimentDoc } from '../../db/retention-models.ts';
import { rateWithInterval, type Comparison } from '../../stats.ts';
import type { Reply } from '../../types.ts';
import type { InsightRequest, InsightView } from './view.ts';

const points = (value: number) => `${value >= 0 ? '+' : '−'}${Math.abs(value * 100).toFixed(1)}`;

function comparison(t: Translate, label: string, result: Comparison | null): string | null {
  if (!result) return null;
  return t('insights.experiments.versus', {
    label,
    difference: points(result.difference),
    low: points(result.low),
    high: points(result.high),
    p: result.pValue < 0.001 ? '< 0.001' : `= ${result.pValue.toFixed(3)}`,
    verdict: t(result.significant ? 'insights.experiments.significant' : 'insights.experiments.notSignificant'),
  });
}

function variantField(t: Translate, figure: VariantFigures, baseline: boolean) {
  const lines = [
    t('insights.experiments.reach', { members: figure.members, shown: figure.picksShown }),
    `${t('insights.experiments.interested')}: ${rateWithInterval(figure.interested)}`,
    `${t('insights.experiments.notForMe')}: ${rateWithInterval(figure.dismissed)}`,
    `${t('insights.experiments.converted')}: ${rateWithInterval(figure.converted)} · ${t(
      'insights.experiments.pickConverted',
      { count: figure.pickConverted },
    )}`,
    comparison(t, t('insights.experiments.converted'), figure.vsBaseline?.converted ?? null),
    comparison(t, t('insights.experiments.interested'), figure.vsBaseline?.interested ?? null),
  ];
  const name = baseline ? t('insights.experiments.baseline', { variant: figure.variant }) : figure.variant;
  return { name, value: lines.filter((line): line is string => line !== null).join('\n') };
}

function status(t: Translate, experiment: ExperimentDoc, locale: InsightRequest['locale']): string {
  const since = formatDate(experiment.startedAt, locale);
  if (experiment.status === 'running') return t('insights.experiments.running', { since });
  const line = t('insights.experiments.stopped', { since, until: formatDate(experiment.stoppedAt, locale) });
  return experiment.winner ? `${line}\n${t('insights.experiments.winner', { variant: experiment.winner })}` : line;
}

/**
 * `/insights recommend`: the running (else the latest) recommendation experiment, each
 * variant's rates with 95% intervals, and whether it differs from the baseline.
 */
export function recommendView(models: Models): InsightView {
  return { name: 'recommend', render: (request) => renderExperiment(models, request) };
}

async function renderExperiment(models: Models, request: InsightRequest): Promise<Omit<Reply, 'ephemeral'>> {
  const { t } = request;
  const experiment =
    (await models.Experiment.findOne({ communityId: request.communityId, status: 'running' }).lean<ExperimentDoc>()) ??
    (await models.Experiment.findOne({ communityId: request.communityId })
      .sort({ startedAt: -1 })
      .lean<ExperimentDoc>());
  const title = t('insights.experiments.title');
  if (!experiment) return { tone: 'info', title, text: t('insights.experiments.none') };
  const report = await experimentReport(models, experiment);
  return {
    tone: 'info',
    title: `${title} — ${experiment.experimentId}`,
    text: `${status(t, experiment, request.locale)}\n${t('insights.experiments.method')}`,
    fields: report.variants.map((figure, i) => variantField(t, figure, i === 0)),
  };
}
