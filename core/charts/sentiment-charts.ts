import { formatNumber } from '../format.ts';
import type { Locale, Translate } from '../i18n.ts';
import type { DayFigure, Distribution } from '../support/digest.ts';
import { baseOption, COLORS, type Chart } from './chart-style.ts';

export interface SentimentSeries {
  daily: DayFigure[];
  previousDaily: DayFigure[];
  distribution: Distribution;
  volume: number;
}

const round = (value: number | null) => (value === null ? null : Math.round(value * 100) / 100);

/**
 * Daily mean sentiment (line) over message volume (bars) for the period, the previous
 * period's mean faint behind it, and the share of each label beside: the digest's picture.
 */
export function sentimentDigestChart(series: SentimentSeries, t: Translate, locale: Locale, title: string): Chart {
  const days = series.daily.map((d) => d.day.slice(5));
  const previous = series.daily.map((_, i) => round(series.previousDaily[i]?.mean ?? null));
  const { positive, neutral, negative } = series.distribution;
  const labels = [
    { name: t('charts.positive'), value: positive, itemStyle: { color: COLORS.positive } },
    { name: t('charts.neutral'), value: neutral, itemStyle: { color: COLORS.neutral } },
    { name: t('charts.negative'), value: negative, itemStyle: { color: COLORS.negative } },
  ];
  const option = {
    ...baseOption(title),
    legend: { top: 40, left: 16, itemGap: 18, data: [t('charts.volume'), t('charts.mean'), t('charts.previousMean')] },
    grid: { left: 56, right: 330, top: 86, bottom: 36 },
    xAxis: { type: 'category', data: days, axisTick: { alignWithLabel: true } },
    yAxis: [
      { type: 'value', name: t('charts.volume'), minInterval: 1, splitLine: { show: false } },
      { type: 'value', name: t('charts.mean'), min: -1, max: 1, interval: 0.5 },
    ],
    series: [
      {
        name: t('charts.volume'),
        type: 'bar',
        data: series.daily.map((d) => d.volume),
        itemStyle: { color: COLORS.volume },
      },
      {
        name: t('charts.previousMean'),
        type: 'line',
        yAxisIndex: 1,
        data: previous,
        connectNulls: true,
        symbol: 'none',
        lineStyle: { color: COLORS.faint, type: 'dashed', width: 2 },
        itemStyle: { color: COLORS.faint },
      },
      {
        name: t('charts.mean'),
        type: 'line',
        yAxisIndex: 1,
        data: series.daily.map((d) => round(d.mean)),
        connectNulls: true,
        symbolSize: 7,
        lineStyle: { color: COLORS.line, width: 3 },
        itemStyle: { color: COLORS.line },
      },
      {
        name: t('charts.distribution'),
        type: 'pie',
        center: [750, 245],
        radius: [36, 66],
        percentPrecision: 0,
        data: labels,
        label: { formatter: '{b}\n{d}%', fontSize: 12, lineHeight: 16 },
        labelLine: { length: 8, length2: 6 },
      },
    ],
    graphic: [
      {
        type: 'text',
        left: 660,
        top: 96,
        style: { text: t('charts.messages', { count: formatNumber(series.volume, locale) }), fontSize: 13 },
      },
    ],
  };
  const alt = t('charts.sentimentAlt', {
    days: days.length,
    volume: formatNumber(series.volume, locale),
    positive,
    neutral,
    negative,
  });
  return { option, width: 900, height: 400, alt };
}
