import { formatNumber } from '../format.ts';
import type { Locale, Translate } from '../i18n.ts';
import { baseOption, COLORS, type Chart, type ChartOption } from './chart-style.ts';

/**
 * The dashboard's charts. Options are plain data: they travel to the browser as JSON, where
 * the page's script draws them with ECharts (a data item's `link` makes it clickable).
 */

/** A series of colours for categories (tiers, personas), Okabe–Ito order. */
const CATEGORY_COLORS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'];

const round2 = (value: number) => Math.round(value * 100) / 100;

function chart(option: ChartOption, alt: string, height = 320): Chart {
  return { option: { ...baseOption(''), color: CATEGORY_COLORS, ...option }, width: 860, height, alt };
}

export interface DaySentiment {
  day: string;
  volume: number;
  /** Mean score of the day, null when nothing was scored. */
  mean: number | null;
}

/** Messages per day (bars) under the daily mean sentiment (line). */
export function sentimentDaysChart(days: DaySentiment[], t: Translate, locale: Locale): Chart {
  const volume = days.reduce((sum, day) => sum + day.volume, 0);
  return chart(
    {
      tooltip: { trigger: 'axis' },
      legend: { top: 4, data: [t('charts.volume'), t('charts.mean')] },
      grid: { left: 48, right: 48, top: 48, bottom: 32 },
      xAxis: { type: 'category', data: days.map((day) => day.day.slice(5)) },
      yAxis: [
        { type: 'value', name: t('charts.volume'), minInterval: 1, splitLine: { show: false } },
        { type: 'value', name: t('charts.mean'), min: -1, max: 1, interval: 0.5 },
      ],
      series: [
        { name: t('charts.volume'), type: 'bar', data: days.map((d) => d.volume), itemStyle: { color: COLORS.volume } },
        {
          name: t('charts.mean'),
          type: 'line',
          yAxisIndex: 1,
          connectNulls: true,
          data: days.map((d) => (d.mean === null ? null : round2(d.mean))),
          lineStyle: { color: COLORS.line, width: 3 },
          itemStyle: { color: COLORS.line },
        },
      ],
    },
    t('charts.daysAlt', { days: days.length, volume: formatNumber(volume, locale) }),
  );
}

/** The share of positive, neutral and negative labels. */
export function labelShareChart(counts: Record<'positive' | 'neutral' | 'negative', number>, t: Translate): Chart {
  const data = (['positive', 'neutral', 'negative'] as const).map((label) => ({
    name: t(`charts.${label}`),
    value: counts[label],
    itemStyle: { color: COLORS[label] },
  }));
  return chart(
    {
      tooltip: { trigger: 'item' },
      series: [{ type: 'pie', radius: ['40%', '68%'], data, label: { formatter: '{b}\n{d}%' } }],
    },
    data.map((item) => `${item.name}: ${item.value}`).join(', '),
    260,
  );
}

/** Members per tier, as a ring. */
export function tiersChart(tiers: Array<{ tier: string; members: number }>, locale: Locale): Chart {
  return chart(
    {
      tooltip: { trigger: 'item' },
      series: [
        {
          type: 'pie',
          radius: ['40%', '68%'],
          data: tiers.map((tier) => ({ name: tier.tier, value: tier.members })),
          label: { formatter: '{b}\n{c}' },
        },
      ],
    },
    tiers.map((tier) => `${tier.tier}: ${formatNumber(tier.members, locale)}`).join(', '),
    260,
  );
}

/** Horizontal bars, the largest on top; an item's `link` makes its bar clickable. */
export function rankedBarsChart(
  bars: Array<{ name: string; value: number; color?: string; link?: string; label?: string }>,
  alt: string,
): Chart {
  const ordered = [...bars].reverse();
  return chart(
    {
      tooltip: { trigger: 'item' },
      grid: { left: 8, right: 64, top: 8, bottom: 24, containLabel: true },
      xAxis: { type: 'value' },
      yAxis: {
        type: 'category',
        data: ordered.map((bar) => bar.name),
        axisLabel: { width: 180, overflow: 'truncate' },
      },
      series: [
        {
          type: 'bar',
          data: ordered.map((bar) => ({
            value: bar.value,
            link: bar.link,
            itemStyle: { color: bar.color ?? COLORS.line },
            label: { show: true, position: 'right', formatter: bar.label ?? String(bar.value) },
          })),
        },
      ],
    },
    alt,
    Math.max(160, 40 + 30 * bars.length),
  );
}

/** Mean sentiment per channel over a range (bar colour by sign), with each channel's volume. */
export function channelsChart(
  channels: Array<{ channelId: string; volume: number; mean: number }>,
  t: Translate,
): Chart {
  return rankedBarsChart(
    channels.map((channel) => ({
      name: `#${channel.channelId}`,
      value: round2(channel.mean),
      color: channel.mean >= 0 ? COLORS.positive : COLORS.negative,
      label: `${round2(channel.mean)} (${channel.volume})`,
    })),
    t('charts.channelsAlt', {
      channels: channels.map((c) => `#${c.channelId} ${round2(c.mean)} (${c.volume})`).join(', '),
    }),
  );
}

/** A persona's profile: its mean robust z on every feature, above or below the community. */
export function personaProfileChart(features: Array<{ name: string; z: number }>, alt: string): Chart {
  return chart(
    {
      tooltip: { trigger: 'item' },
      grid: { left: 8, right: 40, top: 8, bottom: 24, containLabel: true },
      xAxis: { type: 'value', min: -3, max: 3 },
      yAxis: { type: 'category', data: features.map((f) => f.name).reverse() },
      series: [
        {
          type: 'bar',
          data: [...features].reverse().map((f) => ({
            value: Math.max(-3, Math.min(3, f.z)),
            itemStyle: { color: f.z >= 0 ? COLORS.line : COLORS.negative },
          })),
        },
      ],
    },
    alt,
    60 + 26 * features.length,
  );
}

/** Members on the two principal axes of their features, one colour per persona. */
export function personaMapChart(
  map: { x: number[]; y: number[]; persona: number[]; explained: [number, number] },
  names: string[],
  t: Translate,
): Chart {
  const percent = (share: number) => Math.round(share * 100);
  return chart(
    {
      tooltip: { trigger: 'item' },
      legend: { top: 4, type: 'scroll' },
      grid: { left: 48, right: 24, top: 48, bottom: 40 },
      xAxis: {
        type: 'value',
        name: t('charts.axis', { n: 1, share: percent(map.explained[0]) }),
        nameLocation: 'middle',
        nameGap: 26,
      },
      yAxis: {
        type: 'value',
        name: t('charts.axis', { n: 2, share: percent(map.explained[1]) }),
        nameLocation: 'middle',
        nameGap: 30,
      },
      series: names.map((name, persona) => ({
        name,
        type: 'scatter',
        symbolSize: 5,
        data: map.x.flatMap((x, i) => (map.persona[i] === persona ? [[x, map.y[i]]] : [])),
      })),
    },
    t('charts.mapAlt', { members: map.x.length, personas: names.join(', ') }),
    420,
  );
}

/** "Interested" and "not for me" presses per recommended item, stacked, with the share interested. */
export function recommendationOutcomesChart(
  outcomes: Array<{ title: string; interested: number; notForMe: number; rate: number }>,
  t: Translate,
): Chart {
  const ordered = [...outcomes].reverse();
  return chart(
    {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 4, data: [t('charts.interested'), t('charts.notForMe')] },
      grid: { left: 8, right: 64, top: 40, bottom: 24, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: ordered.map((o) => o.title), axisLabel: { width: 180, overflow: 'truncate' } },
      series: [
        {
          name: t('charts.interested'),
          type: 'bar',
          stack: 'presses',
          itemStyle: { color: COLORS.positive },
          data: ordered.map((o) => o.interested),
        },
        {
          name: t('charts.notForMe'),
          type: 'bar',
          stack: 'presses',
          itemStyle: { color: COLORS.faint },
          data: ordered.map((o) => ({
            value: o.notForMe,
            label: { show: true, position: 'right', formatter: `${Math.round(o.rate * 100)}%` },
          })),
        },
      ],
    },
    t('charts.outcomesAlt', {
      items: outcomes.map((o) => `${o.title} ${o.interested}/${o.interested + o.notForMe}`).join(', '),
    }),
    Math.max(180, 70 + 30 * outcomes.length),
  );
}
