/** One look for every chart, in the browser and in chat images alike. */
export const CHART_FONT = "'Noto Sans CJK SC', 'Noto Sans SC', 'DejaVu Sans', sans-serif";

/** Colour-blind-safe colours (Okabe–Ito) for the sentiment labels and the series. */
export const COLORS = {
  positive: '#009E73',
  neutral: '#999999',
  negative: '#D55E00',
  volume: '#9EC9E8',
  line: '#0072B2',
  faint: '#B9C6D2',
  atRisk: '#D55E00',
  steady: '#56B4E9',
  ink: '#1F2933',
};

/** An ECharts option: a plain object, drawn by echarts in the browser and on the server alike. */
export type ChartOption = Record<string, unknown>;

/** A chart with its natural size, for images (the browser sizes charts to their box). */
export interface Chart {
  option: ChartOption;
  width: number;
  height: number;
  /** What the chart shows, in words: the image's alt text. */
  alt: string;
}

export function baseOption(title: string): ChartOption {
  return {
    animation: false,
    backgroundColor: '#ffffff',
    textStyle: { fontFamily: CHART_FONT, color: COLORS.ink },
    title: { text: title, left: 16, top: 10, textStyle: { fontSize: 16, fontWeight: 'bold', fontFamily: CHART_FONT } },
  };
}
