import { Resvg } from '@resvg/resvg-js';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { baseOption } from '../../core/charts/chart-style.ts';
import { chartFontFiles, hasCjkFont } from '../../core/charts/fonts.ts';
import { personaSizesChart } from '../../core/charts/persona-charts.ts';
import { chartImage, renderChartPng, renderChartSvg } from '../../core/charts/render.ts';
import { sentimentDigestChart } from '../../core/charts/sentiment-charts.ts';
import { createTranslator } from '../../core/i18n.ts';

const translator = await createTranslator('en');
const daily = Array.from({ length: 7 }, (_, i) => ({
  day: `2026-11-${String(20 + i).padStart(2, '0')}`,
  volume: 10 + i,
  mean: i % 2 ? 0.4 : -0.2,
}));
const series = { daily, previousDaily: daily, distribution: { positive: 40, neutral: 20, negative: 10 }, volume: 70 };

/** Pixels darker than the light greys of grid lines: ink. */
function inkIn(png: PNG, box: { x: number; y: number; width: number; height: number }): number {
  let ink = 0;
  for (let y = box.y; y < box.y + box.height; y++) {
    for (let x = box.x; x < box.x + box.width; x++) {
      const at = (png.width * y + x) * 4;
      if ((png.data[at] ?? 255) + (png.data[at + 1] ?? 255) + (png.data[at + 2] ?? 255) < 300) ink += 1;
    }
  }
  return ink;
}

describe('charts as images', () => {
  it('render the digest chart as a PNG of the size it claims, in both languages', async () => {
    for (const locale of ['en', 'zh-CN'] as const) {
      const t = translator.forLocale(locale);
      const image = await chartImage(sentimentDigestChart(series, t, locale, t('digest.weeklyTitle')), 'sentiment.png');
      const png = PNG.sync.read(Buffer.from(image.png, 'base64'));
      expect([png.width, png.height]).toEqual([image.width, image.height]);
      expect(image.alt).toContain('70');
    }
  });

  it('draw Chinese labels as glyphs (a CJK font must be installed: fonts-noto-cjk)', async () => {
    expect(await hasCjkFont()).toBe(true);
    const chinese = { option: baseOption('每周情绪摘要'), width: 400, height: 60, alt: '' };
    const title = { x: 10, y: 5, width: 200, height: 40 };
    const drawn = inkIn(PNG.sync.read(await renderChartPng(chinese, 1)), title);
    // Without a CJK font the same title leaves its box blank (missing glyphs are not drawn).
    const latinOnly = new Resvg(renderChartSvg(chinese), {
      font: { loadSystemFonts: false, fontFiles: (await chartFontFiles()).filter((f) => /DejaVu/.test(f)) },
    });
    const blank = inkIn(PNG.sync.read(latinOnly.render().asPng()), title);
    expect(blank).toBeLessThan(60);
    expect(drawn).toBeGreaterThan(150);
    expect(drawn).toBeGreaterThan(4 * blank);
  });

  it('show persona sizes with those at high churn risk', async () => {
    const t = translator.forLocale('en');
    const personas = [
      {
        index: 0,
        size: 120,
        traits: [{ feature: 'activity' as const, direction: 'high' as const, z: 1.2 }],
        popularItems: [],
        atRisk: 10,
      },
      { index: 1, size: 60, traits: [], popularItems: [], atRisk: 30 },
    ];
    const chart = personaSizesChart(personas, t, 'en', 'Personas');
    expect(chart.alt).toContain('120 (10)');
    const png = PNG.sync.read(await renderChartPng(chart, 1));
    expect([png.width, png.height]).toEqual([chart.width, chart.height]);
  });
});
