// `npm run bench:charts [-- --json] [-- --out <dir>]`: time to draw each chat chart as a PNG
// (ECharts SVG on the server, rasterized by resvg), median of repeated renders after a
// warm-up, and the image size. `--out` also writes each chart for a look.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chartSamples, createTranslator, renderChartPng } from '../../core/index.ts';
import { percentile } from './scratch.ts';

const RUNS = 30;
const outAt = process.argv.indexOf('--out');
const out = outAt > 0 ? process.argv[outAt + 1] : undefined;
const translator = await createTranslator('en');
const charts: Array<{ name: string; p50Ms: number; p95Ms: number; bytes: number }> = [];
for (const locale of ['en', 'zh-CN'] as const) {
  for (const [name, chart] of Object.entries(chartSamples(translator.forLocale(locale), locale))) {
    for (let i = 0; i < 3; i++) await renderChartPng(chart);
    const times: number[] = [];
    let png: Buffer = Buffer.alloc(0);
    for (let i = 0; i < RUNS; i++) {
      const started = performance.now();
      png = await renderChartPng(chart);
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    const label = `${name}-${locale}`;
    charts.push({
      name: label,
      p50Ms: round(percentile(times, 50)),
      p95Ms: round(percentile(times, 95)),
      bytes: png.length,
    });
    if (out) writeFileSync(join(out, `${label}.png`), png);
  }
}
if (process.argv.includes('--json')) console.log(JSON.stringify({ charts }));
else {
  console.log(
    `chat charts as PNG (${RUNS} renders each after a warm-up)\n| chart | p50 ms | p95 ms | bytes |\n|---|---|---|---|`,
  );
  for (const chart of charts) console.log(`| ${chart.name} | ${chart.p50Ms} | ${chart.p95Ms} | ${chart.bytes} |`);
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
