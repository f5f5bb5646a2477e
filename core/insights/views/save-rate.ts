import type { Models } from '../../db/models.ts';
import type { SaveAttemptDoc } from '../../db/retention-models.ts';
import { formatDate } from '../../format.ts';
import { OFFER_KINDS, SAVE_REASONS } from '../../retention/settings.ts';
import { proportion, rateWithInterval, type Proportion } from '../../stats.ts';
import type { Reply } from '../../types.ts';
import { periodOf, type InsightRequest, type InsightView } from './view.ts';

export interface SaveRateFigures {
  attempts: number;
  accepted: number;
  kept: number;
  cancelled: number;
  /** Walked away without choosing: still members, but not counted as saved or lost. */
  open: number;
  /** Saved (offer taken, or kept) among attempts that ended either way. */
  saveRate: Proportion;
  offers: Array<{ kind: string; shown: number; taken: number }>;
  reasons: Array<{ reason: string; attempts: number; saved: number; cancelled: number }>;
}

/** Self-cancellations started in the period, by outcome, offer and reason. */
export async function saveRateFigures(models: Models, communityId: string, from: Date, to: Date) {
  const attempts = await models.SaveAttempt.find({ communityId, startedAt: { $gte: from, $lte: to } })
    .limit(50_000)
    .lean<SaveAttemptDoc[]>();
  const count = (list: SaveAttemptDoc[], outcome: string) => list.filter((a) => a.outcome === outcome).length;
  const saved = (list: SaveAttemptDoc[]) => count(list, 'accepted') + count(list, 'kept');
  const figures: SaveRateFigures = {
    attempts: attempts.length,
    accepted: count(attempts, 'accepted'),
    kept: count(attempts, 'kept'),
    cancelled: count(attempts, 'cancelled'),
    open: count(attempts, 'open'),
    saveRate: proportion(saved(attempts), saved(attempts) + count(attempts, 'cancelled')),
    offers: OFFER_KINDS.filter((kind) => kind !== 'none').map((kind) => {
      const shown = attempts.filter((a) => a.offer === kind);
      return { kind, shown: shown.length, taken: count(shown, 'accepted') };
    }),
    reasons: SAVE_REASONS.map((reason) => {
      const list = attempts.filter((a) => a.reason === reason);
      return { reason, attempts: list.length, saved: saved(list), cancelled: count(list, 'cancelled') };
    }).filter((row) => row.attempts > 0),
  };
  return figures;
}

/** `/insights save-rate` and the weekly digest: how many who set out to leave stayed, and why they wanted to. */
export function saveRateView(models: Models): InsightView {
  return { name: 'save-rate', render: (request) => renderSaveRate(models, request) };
}

async function renderSaveRate(models: Models, request: InsightRequest): Promise<Omit<Reply, 'ephemeral'>> {
  const { t } = request;
  const { from, to, days } = periodOf(request);
  const f = await saveRateFigures(models, request.communityId, from, to);
  const period = t('insights.period', {
    from: formatDate(from, request.locale),
    to: formatDate(to, request.locale),
    days,
  });
  if (f.attempts === 0)
    return {
      tone: 'info',
      title: t('insights.saveRate.title'),
      text: `${period}\n${t('insights.saveRate.none')}`,
    };
  return {
    tone: 'info',
    title: t('insights.saveRate.title'),
    text: period,
    fields: [
      { name: t('insights.saveRate.rate'), value: rateWithInterval(f.saveRate), inline: true },
      {
        name: t('insights.saveRate.outcomes'),
        value: t('insights.saveRate.outcomesValue', { ...f }),
      },
      {
        name: t('insights.saveRate.offers'),
        value:
          f.offers
            .filter((o) => o.shown > 0)
            .map((o) => t('insights.saveRate.offerLine', { offer: t(`insights.saveRate.offerKinds.${o.kind}`), ...o }))
            .join('\n') || '—',
      },
      {
        name: t('insights.saveRate.reasons'),
        value:
          [...f.reasons]
            .sort((a, b) => b.attempts - a.attempts)
            .map((r) => t('insights.saveRate.reasonLine', { reasonName: t(`save.reasons.${r.reason}`), ...r }))
            .join('\n') || '—',
      },
    ],
  };
}
