import { displayable, escapeHtml, type Displayable } from '../mime';

/** Options of {@link table}. */
export interface TableOptions {
  /** Columns to show, in order (default: every key seen, in first-seen order). */
  columns?: string[];
  /** Decimals for non-integer numbers (default 4). */
  precision?: number;
  /** A caption above the table. */
  title?: string;
  /** Rows shown before eliding the middle (default 40: first 20 and last 20). */
  maxRows?: number;
  /** Name of the index column when rows come from an object keyed by name (default ''). */
  indexName?: string;
}

type Cell = unknown;

/**
 * Arrays of records (or a metric report keyed by row name) as an HTML table with a text fallback.
 *
 * Example:
 * ```ts
 * display.table([{ epoch: 1, loss: 0.52, acc: 0.81 }, { epoch: 2, loss: 0.31, acc: 0.9 }])
 * display.table({ cat: { precision: 0.9, recall: 0.8 }, dog: { precision: 0.85, recall: 0.92 } })
 * ```
 */
export function table(data: Record<string, Cell>[] | Record<string, Record<string, Cell>>, options: TableOptions = {}): Displayable & { text: string; html: string } {
  let records: Record<string, Cell>[];
  if (Array.isArray(data)) records = data;
  else if (data !== null && typeof data === 'object') {
    const index = options.indexName ?? '';
    records = Object.entries(data).map(([key, row]) => (row !== null && typeof row === 'object' ? { [index]: key, ...(row as Record<string, Cell>) } : { [index]: key, value: row }));
  } else throw new Error(`table: expected an array of records or an object of rows, got ${typeof data}`);
  for (const [i, r] of records.entries()) {
    if (r === null || typeof r !== 'object') throw new Error(`table: row ${i} is not an object (got ${r === null ? 'null' : typeof r})`);
  }
  const columns = options.columns ?? [...new Set(records.flatMap((r) => Object.keys(r)))];
  const precision = options.precision ?? 4;
  const maxRows = options.maxRows ?? 40;
  const shown: (Record<string, Cell> | null)[] = records.length > maxRows
    ? [...records.slice(0, Math.ceil(maxRows / 2)), null, ...records.slice(records.length - Math.floor(maxRows / 2))]
    : records;
  const fmt = (v: Cell): string => formatCell(v, precision);
  const numeric = columns.map((c) => records.every((r) => r[c] === undefined || r[c] === null || typeof r[c] === 'number'));
  // Text: aligned columns, numbers right-aligned.
  const cellsText = shown.map((r) => (r ? columns.map((c) => fmt(r[c])) : columns.map(() => '...')));
  const widths = columns.map((c, j) => Math.max(c.length, ...cellsText.map((row) => row[j].length)));
  const line = (cells: string[]): string => cells.map((s, j) => (numeric[j] ? s.padStart(widths[j]) : s.padEnd(widths[j]))).join('  ').trimEnd();
  const text = [
    ...(options.title ? [options.title] : []),
    line(columns),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...cellsText.map(line),
    ...(records.length > maxRows ? [`[${records.length} rows x ${columns.length} columns]`] : []),
  ].join('\n');
  const th = (c: string, j: number): string => `<th style="text-align:${numeric[j] ? 'right' : 'left'}">${escapeHtml(c)}</th>`;
  const td = (v: Cell, j: number): string => `<td style="text-align:${numeric[j] ? 'right' : 'left'}">${escapeHtml(fmt(v))}</td>`;
  const body = shown.map((r) => (r
    ? `<tr>${columns.map((c, j) => td(r[c], j)).join('')}</tr>`
    : `<tr>${columns.map(() => '<td style="text-align:center">…</td>').join('')}</tr>`)).join('');
  const html = `<table class="tsdl-table">${options.title ? `<caption>${escapeHtml(options.title)}</caption>` : ''}`
    + `<thead><tr>${columns.map(th).join('')}</tr></thead><tbody>${body}</tbody></table>`
    + (records.length > maxRows ? `<p>${records.length} rows × ${columns.length} columns</p>` : '');
  const d = displayable(() => ({ 'text/plain': text, 'text/html': html }), text);
  return Object.assign(d, { text, html });
}

function formatCell(v: Cell, precision: number): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'number') {
    if (Number.isInteger(v)) return v.toString();
    if (!Number.isFinite(v)) return String(v);
    const a = Math.abs(v);
    if (a !== 0 && (a < 10 ** -precision || a >= 1e9)) return v.toExponential(Math.max(1, precision - 1));
    return v.toFixed(precision);
  }
  if (Array.isArray(v)) return `[${v.map((x) => formatCell(x, precision)).join(', ')}]`;
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}
