import type { Locale, Translate } from '../i18n.ts';
import type { Chart } from './chart-style.ts';
import { personaSizesChart } from './persona-charts.ts';
import { sentimentDigestChart } from './sentiment-charts.ts';

/** A week and a persona snapshot of plausible shape: what `bench:charts` draws. */
export function chartSamples(t: Translate, locale: Locale): Record<string, Chart> {
  const daily = Array.from({ length: 7 }, (_, i) => ({
    day: `2026-11-${String(16 + i).padStart(2, '0')}`,
    volume: 40 + ((i * 37) % 50),
    mean: Math.round(Math.sin(i / 1.7) * 50) / 100,
  }));
  const previousDaily = daily.map((day, i) => ({ ...day, mean: Math.round(Math.cos(i / 2) * 30) / 100 }));
  const distribution = { positive: 160, neutral: 150, negative: 48 };
  const personas = [
    {
      index: 0,
      size: 120,
      traits: [{ feature: 'activity' as const, direction: 'high' as const, z: 1.4 }],
      popularItems: [],
      atRisk: 6,
    },
    {
      index: 1,
      size: 95,
      traits: [{ feature: 'frequency' as const, direction: 'high' as const, z: 1.1 }],
      popularItems: [],
      atRisk: 4,
    },
    {
      index: 2,
      size: 60,
      traits: [{ feature: 'tenureDays' as const, direction: 'low' as const, z: -1.2 }],
      popularItems: [],
      atRisk: 9,
    },
    {
      index: 3,
      size: 25,
      traits: [{ feature: 'recencyDays' as const, direction: 'high' as const, z: 1.8 }],
      popularItems: [],
      atRisk: 21,
    },
  ];
  return {
    'sentiment-digest': sentimentDigestChart(
      { daily, previousDaily, distribution, volume: 358 },
      t,
      locale,
      t('digest.weeklyTitle'),
    ),
    'persona-sizes': personaSizesChart(personas, t, locale, t('personas.weeklyTitle')),
  };
}
