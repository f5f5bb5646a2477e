import { formatDate, formatNumber } from '../format.ts';
import type { PersonaSnapshotDoc } from '../db/models.ts';
import type { Locale, Translate } from '../i18n.ts';
import type { Reply } from '../types.ts';
import { personaLabel } from './label.ts';
import type { ChurnSummary, Persona } from './personas.ts';

const SHOWN_AT_RISK = 5;

/** "72% (complaints, low activity)": a churn risk with its main factors. */
export function formatChurnRisk(t: Translate, risk: number, factors: string[]): string {
  const percent = `${Math.round(risk * 100)}%`;
  if (factors.length === 0) return percent;
  return `${percent} (${factors.map((f) => t(`personas.churnFactors.${f}`)).join(', ')})`;
}

/**
 * A persona snapshot as a chat card for managers: each persona with its size, what sets it
 * apart and how many of its members are at high churn risk, then the members most at risk.
 * Shown by /personas and posted weekly to the digest channel.
 */
export function renderPersonaReport(
  snapshot: PersonaSnapshotDoc,
  t: Translate,
  locale: Locale,
  options: { title: string; ephemeral: boolean },
): Reply {
  const personas = snapshot.personas as Persona[];
  const churn = snapshot.churn as ChurnSummary | null;
  const share = (n: number) => Math.round((100 * n) / Math.max(snapshot.members, 1));
  const summary = t('personas.summary', {
    date: formatDate(snapshot.at, locale),
    members: formatNumber(snapshot.members, locale),
    k: snapshot.k,
    silhouette: snapshot.silhouette.toFixed(2),
  });
  const atRiskLine = churn
    ? t('personas.atRiskSummary', {
        count: churn.atRisk,
        members: formatNumber(churn.atRisk, locale),
        share: share(churn.atRisk),
        threshold: Math.round(churn.threshold * 100),
      })
    : null;
  const fields = [...personas]
    .sort((a, b) => b.size - a.size)
    .map((persona) => {
      const traits =
        persona.traits
          .map((trait) => `${t(`personas.features.${trait.feature}`)} ${trait.z > 0 ? '+' : ''}${trait.z.toFixed(1)}`)
          .join(' · ') || t('personas.typical');
      const atRisk = persona.atRisk
        ? ` — ${t('personas.atRisk', { count: persona.atRisk, members: formatNumber(persona.atRisk, locale) })}`
        : '';
      // Numbered as campaigns target them (`persona:2`).
      const size = `${formatNumber(persona.size, locale)} (${share(persona.size)}%)`;
      return {
        name: `#${persona.index + 1} ${personaLabel(t, persona)} — ${size}`,
        value: `${traits}${atRisk}`,
      };
    });
  if (churn && churn.mostAtRisk.length > 0) {
    const names = churn.mostAtRisk
      .slice(0, SHOWN_AT_RISK)
      .map((entry) => `${entry.displayName}: ${formatChurnRisk(t, entry.risk, entry.factors)}`);
    fields.push({ name: t('personas.mostAtRisk'), value: names.join('\n') });
  }
  return {
    ephemeral: options.ephemeral,
    tone: 'info',
    title: options.title,
    text: atRiskLine ? `${summary}\n${atRiskLine}` : summary,
    fields,
  };
}
