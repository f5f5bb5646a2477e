import { formatNumber } from '../format.ts';
import type { Locale, Translate } from '../i18n.ts';
import { personaLabel } from '../personas/label.ts';
import type { Persona } from '../personas/personas.ts';
import { baseOption, COLORS, type Chart } from './chart-style.ts';

/** Each persona's size, split into members at high churn risk and the rest: the weekly report's picture. */
export function personaSizesChart(personas: Persona[], t: Translate, locale: Locale, title: string): Chart {
  const sorted = [...personas].sort((a, b) => a.size - b.size);
  const names = sorted.map((persona) => personaLabel(t, persona));
  const option = {
    ...baseOption(title),
    legend: { top: 40, left: 16, data: [t('charts.atRisk'), t('charts.notAtRisk')] },
    grid: { left: 230, right: 40, top: 80, bottom: 30 },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: names, axisLabel: { width: 210, overflow: 'truncate' } },
    series: [
      {
        name: t('charts.atRisk'),
        type: 'bar',
        stack: 'members',
        data: sorted.map((persona) => persona.atRisk),
        itemStyle: { color: COLORS.atRisk },
      },
      {
        name: t('charts.notAtRisk'),
        type: 'bar',
        stack: 'members',
        // Options are plain data (they travel to the browser as JSON), so labels are precomputed.
        data: sorted.map((persona) => ({
          value: persona.size - persona.atRisk,
          // e.g. "120 (5%)": the persona's size and the share of it at high risk.
          label: {
            show: true,
            position: 'right',
            formatter: `${formatNumber(persona.size, locale)} (${percentOf(persona.atRisk, persona.size)}%)`,
          },
        })),
        itemStyle: { color: COLORS.steady },
      },
    ],
  };
  const alt = t('charts.personasAlt', {
    personas: sorted
      .map((persona, i) => `${names[i]}: ${formatNumber(persona.size, locale)} (${persona.atRisk})`)
      .join('; '),
  });
  return { option, width: 860, height: 120 + 48 * sorted.length, alt };
}

function percentOf(part: number, whole: number): number {
  return Math.round((100 * part) / Math.max(whole, 1));
}
