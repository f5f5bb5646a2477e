import { Resvg } from '@resvg/resvg-js';
import * as echarts from 'echarts';
import type { ReplyImage } from '../types.ts';
import type { Chart } from './chart-style.ts';
import { chartFontFiles } from './fonts.ts';

/** An ECharts option drawn on the server as SVG, the same option the dashboard draws in the browser. */
export function renderChartSvg(chart: Chart): string {
  const instance = echarts.init(null, null, { renderer: 'svg', ssr: true, width: chart.width, height: chart.height });
  try {
    instance.setOption(chart.option);
    return instance.renderToSVGString();
  } finally {
    instance.dispose();
  }
}

/** The chart as a PNG for chat: SVG rasterized by resvg with the chart fonts, `scale` times its size for sharpness. */
export async function renderChartPng(chart: Chart, scale = 2): Promise<Buffer> {
  const resvg = new Resvg(renderChartSvg(chart), {
    font: { loadSystemFonts: false, fontFiles: await chartFontFiles(), defaultFontFamily: 'Noto Sans CJK SC' },
    fitTo: { mode: 'width', value: chart.width * scale },
    background: '#ffffff',
  });
  return resvg.render().asPng();
}

const SCALE = 2;

/** A chart as an image a Reply carries. */
export async function chartImage(chart: Chart, name: string): Promise<ReplyImage> {
  const png = await renderChartPng(chart, SCALE);
  return {
    name,
    png: png.toString('base64'),
    width: chart.width * SCALE,
    height: chart.height * SCALE,
    alt: chart.alt,
  };
}
