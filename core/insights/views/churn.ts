import type { Models } from '../../db/models.ts';
import type { ChurnNudgeDoc } from '../../db/retention-models.ts';
import { formatDate } from '../../format.ts';
import type { Translate } from '../../i18n.ts';
import { compareProportions, proportion, rateWithInterval, type Comparison, type Proportion } from '../../stats.ts';
import type { Reply } from '../../types.ts';
import { periodOf, type InsightRequest, type InsightView } from './view.ts';

/** Nudges are judged 30 days on, so the view looks further back than the others by default. */
export const CHURN_DAYS = 120;

export interface ChurnFigures {
  /** Retained at 30 days among nudges already judged, per group, with 95% intervals. */
  nudged: Proportion;
  control: Proportion;
  /** Nudged against control: the retention difference, its interval and the test. */
  effect: Comparison | null;
  /** Decided in the period but not 30 days old yet. */
  pending: { nudged: number; control: number };
  sent: number;
  claimed: number;
}

/** Nudges (and control members) decided in a period: retention of each group at 30 days. */
export async function churnFigures(models: Models, communityId: string, from: Date, to: Date): Promise<ChurnFigures> {
  const nudges = await models.ChurnNudge.find({ communityId, at: { $gte: from, $lte: to } })
    .limit(100_000)
    .lean<ChurnNudgeDoc[]>();
  const judged = (group: string) => nudges.filter((n) => n.group === group && n.retained !== null);
  const retained = (group: string) => proportion(judged(group).filter((n) => n.retained).length, judged(group).length);
  const pending = (group: string) => nudges.filter((n) => n.group === group && n.retained === null).length;
  const [nudged, control] = [retained('nudged'), retained('control')];
  return {
    nudged,
    control,
    effect: compareProportions(nudged, control),
    pending: { nudged: pending('nudged'), control: pending('control') },
    sent: nudges.filter((n) => n.delivery === 'sent').length,
    claimed: nudges.filter((n) => n.claimed).length,
  };
}

const points = (value: number) => `${value >= 0 ? '+' : '−'}${Math.abs(value * 100).toFixed(1)}`;

/** "Nudged 62.0% (…) vs control 48.0% (…): +14.0 pts (…), p = 0.03": the line /personas shows too. */
export function churnSummary(t: Translate, f: ChurnFigures): string {
  if (f.nudged.trials + f.control.trials === 0)
    return t('insights.churn.noneJudged', { pending: f.pending.nudged + f.pending.control });
  const effect = f.effect
    ? t('insights.churn.effect', {
        difference: points(f.effect.difference),
        low: points(f.effect.low),
        high: points(f.effect.high),
        p: f.effect.pValue < 0.001 ? '< 0.001' : `= ${f.effect.pValue.toFixed(3)}`,
        verdict: t(f.effect.significant ? 'insights.experiments.significant' : 'insights.experiments.notSignificant'),
      })
    : '';
  return [
    t('insights.churn.groups', { nudged: rateWithInterval(f.nudged), control: rateWithInterval(f.control) }),
    effect,
  ]
    .filter(Boolean)
    .join('\n');
}

/**
 * `/insights churn`: retention at 30 days of nudged members against the control group; its
 * line goes into `/personas`.
 */
export function churnView(models: Models): InsightView {
  return {
    name: 'churn',
    render: (request) => renderChurn(models, request),
    line: (request) => churnLine(models, request),
  };
}

/** Churn nudges in one line; null while none were ever decided. */
async function churnLine(models: Models, request: InsightRequest): Promise<string | null> {
  const { from, to } = periodOf(request, CHURN_DAYS);
  const figures = await churnFigures(models, request.communityId, from, to);
  const decided = figures.nudged.trials + figures.control.trials + figures.pending.nudged + figures.pending.control;
  return decided > 0 ? churnSummary(request.t, figures) : null;
}

async function renderChurn(models: Models, request: InsightRequest): Promise<Omit<Reply, 'ephemeral'>> {
  const { t } = request;
  const { from, to, days } = periodOf(request, CHURN_DAYS);
  const f = await churnFigures(models, request.communityId, from, to);
  return {
    tone: 'info',
    title: t('insights.churn.title'),
    text: [
      t('insights.period', { from: formatDate(from, request.locale), to: formatDate(to, request.locale), days }),
      t('insights.churn.method'),
    ].join('\n'),
    fields: [
      { name: t('insights.churn.retention'), value: churnSummary(t, f) },
      {
        name: t('insights.churn.judged'),
        value: t('insights.churn.counts', {
          nudged: f.nudged.trials,
          control: f.control.trials,
          pendingNudged: f.pending.nudged,
          pendingControl: f.pending.control,
        }),
      },
      {
        name: t('insights.churn.delivery'),
        value: t('insights.churn.deliveryValue', { sent: f.sent, claimed: f.claimed }),
      },
    ],
  };
}
