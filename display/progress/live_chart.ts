import { escapeHtml } from '../mime';
import { TAB10 } from '../color/colormaps';
import { formatMetric } from './format';

/** Metric histories: name to values in logging order. */
export type History = Map<string, number[]>;

/**
 * A small line chart of the metric histories as inline SVG, drawn directly (no Vega) so that it costs well
 * under a millisecond and can be redrawn at every progress update. Values far from the rest are still shown
 * (the y range covers all finite values). Long histories are thinned to about 400 points.
 */
export function liveChartSvg(history: History, width = 420, height = 150): string {
  const series = [...history.entries()].filter(([, v]) => v.length > 0);
  if (series.length === 0) return '';
  const left = 46;
  const right = 8;
  const top = 8;
  const bottom = 20;
  const w = width - left - right;
  const h = height - top - bottom;
  let lo = Infinity;
  let hi = -Infinity;
  let n = 0;
  for (const [, v] of series) {
    n = Math.max(n, v.length);
    for (const x of v) if (Number.isFinite(x)) { if (x < lo) lo = x; if (x > hi) hi = x; }
  }
  if (!Number.isFinite(lo)) return '';
  if (lo === hi) { lo -= 0.5; hi += 0.5; }
  const pad = (hi - lo) * 0.05;
  lo -= pad; hi += pad;
  const X = (i: number): number => left + (n <= 1 ? w / 2 : (i / (n - 1)) * w);
  const Y = (v: number): number => top + (1 - (v - lo) / (hi - lo)) * h;
  const parts: string[] = [`<rect x="${left}" y="${top}" width="${w}" height="${h}" fill="white" stroke="#000" stroke-width="0.8"/>`];
  for (const t of [lo + pad, (lo + hi) / 2, hi - pad]) {
    parts.push(`<text x="${left - 4}" y="${Y(t) + 3}" text-anchor="end" font-size="10">${formatMetric(t)}</text>`);
    parts.push(`<line x1="${left}" x2="${left + w}" y1="${Y(t)}" y2="${Y(t)}" stroke="#ddd" stroke-width="0.6"/>`);
  }
  parts.push(`<text x="${left}" y="${height - 5}" font-size="10">0</text><text x="${left + w}" y="${height - 5}" text-anchor="end" font-size="10">${n - 1}</text>`);
  series.forEach(([name, v], k) => {
    const stride = Math.max(1, Math.ceil(v.length / 400));
    const pts: string[] = [];
    for (let i = 0; i < v.length; i += stride) if (Number.isFinite(v[i])) pts.push(`${X(i).toFixed(1)},${Y(v[i]).toFixed(1)}`);
    const lastI = v.length - 1;
    if (lastI % stride !== 0 && Number.isFinite(v[lastI])) pts.push(`${X(lastI).toFixed(1)},${Y(v[lastI]).toFixed(1)}`);
    const color = TAB10[k % TAB10.length];
    parts.push(`<polyline fill="none" stroke="${color}" stroke-width="1.6" points="${pts.join(' ')}"/>`);
    parts.push(`<text x="${left + w - 6}" y="${top + 12 + 12 * k}" text-anchor="end" font-size="10" fill="${color}">${escapeHtml(name)} ${formatMetric(v[v.length - 1])}</text>`);
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="DejaVu Sans, sans-serif">${parts.join('')}</svg>`;
}
