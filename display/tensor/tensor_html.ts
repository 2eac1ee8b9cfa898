import { escapeHtml } from '../mime';
import { formatTensor, type TensorData } from './format_text';
import { printOptions } from './print_options';

/** Summary statistics of a numeric tensor (finite values only; NaN/Inf counted apart). */
export interface TensorStats {
  min: number;
  max: number;
  mean: number;
  std: number;
  nonFinite: number;
}

/** Min, max, mean and standard deviation over the finite values. */
export function tensorStats(values: ArrayLike<number>): TensorStats {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let sumSq = 0;
  let n = 0;
  let nonFinite = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) { nonFinite++; continue; }
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
    n++;
  }
  const mean = n ? sum / n : NaN;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isFinite(v)) sumSq += (v - mean) * (v - mean);
  }
  return { min: n ? min : NaN, max: n ? max : NaN, mean, std: n ? Math.sqrt(sumSq / n) : NaN, nonFinite };
}

const MAX_ROWS = 12;
const MAX_COLS = 12;

/**
 * The HTML view of a tensor: a header line (shape, dtype, backend), statistics, and a compact table of
 * the values (the last two dimensions of the first slice, at most 12x12 with ellipses).
 */
export function tensorHtml(t: TensorData, backend: string, extra: { requiresGrad?: boolean; name?: string } = {}): string {
  const numel = t.shape.reduce((a, b) => a * b, 1);
  const header = `<b>${escapeHtml(extra.name ?? 'Tensor')}</b> shape [${t.shape.join(', ')}] · ${escapeHtml(t.dtype)} · ${escapeHtml(backend)}`
    + ` · ${numel.toLocaleString('en-US')} element${numel === 1 ? '' : 's'}${extra.requiresGrad ? ' · requires grad' : ''}`;
  let stats = '';
  if (numel > 0 && t.dtype !== 'string') {
    const s = tensorStats(t.values as ArrayLike<number>);
    const f = (v: number): string => (Number.isFinite(v) ? formatNumber(v) : String(v));
    stats = `<div style="color:#555">min ${f(s.min)} · max ${f(s.max)} · mean ${f(s.mean)} · std ${f(s.std)}`
      + `${s.nonFinite ? ` · <span style="color:#c00">${s.nonFinite} NaN/Inf</span>` : ''}</div>`;
  }
  let body: string;
  if (t.shape.length === 0) {
    body = `<pre style="margin:2px 0">${escapeHtml(formatTensor(t))}</pre>`;
  } else {
    body = valuesTable(t);
  }
  return `<div class="tsdl-tensor" style="font-family:monospace;font-size:12px">${header}${stats}${body}</div>`;
}

function valuesTable(t: TensorData): string {
  const shape = t.shape;
  const rows = shape.length >= 2 ? shape[shape.length - 2] : 1;
  const cols = shape[shape.length - 1];
  const lead = shape.length > 2 ? `<div style="color:#555">showing [${shape.slice(0, -2).map(() => '0').join(', ')}, :, :]</div>` : '';
  const rowIdx = pickIndices(rows, MAX_ROWS);
  const colIdx = pickIndices(cols, MAX_COLS);
  const cell = (v: unknown): string => {
    if (t.dtype === 'bool') return v ? 'True' : 'False';
    if (typeof v === 'number') return t.dtype === 'int32' ? String(v) : formatNumber(v, printOptions.precision);
    return escapeHtml(String(v));
  };
  const values = t.values as ArrayLike<unknown>;
  const td = 'style="padding:1px 6px;text-align:right;border:none"';
  const th = 'style="padding:1px 6px;text-align:right;color:#888;font-weight:normal;border:none"';
  const head = `<tr><th ${th}></th>${colIdx.map((c) => `<th ${th}>${c < 0 ? '…' : c}</th>`).join('')}</tr>`;
  const bodyRows = rowIdx.map((r) => {
    const cells = colIdx.map((c) => (r < 0 || c < 0 ? `<td ${td}>…</td>` : `<td ${td}>${cell(values[r * cols + c])}</td>`));
    return `<tr><th ${th}>${r < 0 ? '⋮' : r}</th>${cells.join('')}</tr>`;
  });
  return `${lead}<table style="border-collapse:collapse;margin-top:3px">${head}${bodyRows.join('')}</table>`;
}

/** Indices to show along a dimension: all, or the first and last few with -1 for the gap. */
function pickIndices(n: number, max: number): number[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  const half = Math.floor(max / 2);
  return [...Array.from({ length: half }, (_, i) => i), -1, ...Array.from({ length: half }, (_, i) => n - half + i)];
}

function formatNumber(v: number, precision = 4): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e5 || a < 1e-3) return v.toExponential(precision - 1);
  return Number(v.toFixed(precision)).toString();
}
