import { DISPLAY_SYMBOL, displayable, escapeHtml, type Displayable, type DisplayResult } from '../mime';
import { inNotebook, show, type OutputHandle } from '../output';
import { formatDuration, formatMetric, formatRate } from './format';
import { liveChartSvg, type History } from './live_chart';
import { finalChartPng } from './final_chart';

/** Options of {@link progress}. */
export interface ProgressOptions {
  /** Number of items (default: the iterable's length/size when it has one). */
  total?: number;
  /** Label before the bar (e.g. `'epoch'`). */
  desc?: string;
  /** Name of one item in the rate (default `'it'`). */
  unit?: string;
  /** Keep the finished bar (default: true for outer bars, false for nested ones, like tqdm). */
  leave?: boolean;
  /** Minimum seconds between two redraws (default 0.25: at most 4 updates per second). */
  minInterval?: number;
  /** Show a live chart of logged metrics (default true). */
  chart?: boolean;
}

/** The bars that are running, outermost first: nested bars draw into their root's output. */
const active: ProgressBar<unknown>[] = [];

/**
 * A progress bar over an iterable (or a count) that shows one output updated in place: a bar with counts,
 * rate, ETA and the latest metrics, plus a live chart of logged metrics. When it ends, a static chart and a
 * table of the logged metrics stay. Nested bars (epochs over batches) share their root's output. Without a
 * notebook it prints plain text progress instead.
 *
 * Example:
 * ```ts
 * for (const epoch of progress(range(10), { desc: 'epoch' })) {
 *   const bar = progress(loader, { desc: 'batch' });
 *   for (const [x, y] of bar) { const loss = step(x, y); bar.setPostfix({ loss }); }
 *   epochs.log({ loss: epochLoss, valAcc });   // adds a point to the chart
 * }
 * ```
 */
export class ProgressBar<T> implements Iterable<T>, Displayable {
  readonly desc: string;
  readonly unit: string;
  total?: number;
  n = 0;
  postfix: Record<string, unknown> = {};
  /** Logged metric histories (on the root bar, which owns the chart). */
  readonly history: History = new Map();
  private readonly started = Date.now();
  private lastDraw = 0;
  private closed = false;
  private handle?: OutputHandle;
  private readonly root: ProgressBar<unknown>;
  private readonly leave: boolean;
  private readonly minInterval: number;
  private readonly chart: boolean;
  private readonly notebook: boolean;
  private lastTextLength = 0;
  private endedAt?: number;

  constructor(private readonly source: Iterable<T> | undefined, options: ProgressOptions = {}) {
    this.desc = options.desc ?? '';
    this.unit = options.unit ?? 'it';
    this.total = options.total ?? lengthOf(source);
    if (this.total !== undefined && !(Number.isFinite(this.total) && this.total >= 0)) {
      throw new Error(`progress: total must be a non-negative number, got ${this.total}`);
    }
    this.root = (active[0] as ProgressBar<unknown> | undefined) ?? (this as ProgressBar<unknown>);
    this.leave = options.leave ?? this.root === (this as ProgressBar<unknown>);
    this.minInterval = (options.minInterval ?? 0.25) * 1000;
    this.chart = options.chart ?? true;
    this.notebook = inNotebook();
    active.push(this as ProgressBar<unknown>);
    this.draw(true);
  }

  *[Symbol.iterator](): Iterator<T> {
    if (!this.source) throw new Error('progress: created with a count; call update() instead of iterating');
    try {
      for (const item of this.source) {
        yield item;
        this.update(1);
      }
    } finally {
      this.close();
    }
  }

  /** Advances by `n` items and redraws if the last redraw is older than `minInterval`. */
  update(n = 1): void {
    this.n += n;
    const now = Date.now();
    if (now - this.root.lastDraw >= this.minInterval || (this.total !== undefined && this.n >= this.total)) this.draw(false, now);
  }

  /** Sets the metrics shown after the bar (`loss=0.1234`) without adding them to the chart. */
  setPostfix(metrics: Record<string, unknown>): void {
    this.postfix = { ...metrics };
  }

  /** Shows the metrics after the bar and appends them to the chart's histories. */
  log(metrics: Record<string, number>): void {
    this.setPostfix({ ...this.postfix, ...metrics });
    for (const [k, v] of Object.entries(metrics)) {
      if (typeof v !== 'number') continue;
      const h = this.root.history.get(k) ?? [];
      h.push(v);
      this.root.history.set(k, h);
    }
  }

  /** Sets the label before the bar. */
  setDescription(desc: string): void {
    (this as { desc: string }).desc = desc;
  }

  /** Finishes the bar (called automatically when iteration ends or breaks). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.endedAt = Date.now();
    const i = active.indexOf(this as ProgressBar<unknown>);
    if (i >= 0) active.splice(i, 1);
    if (this.root === (this as ProgressBar<unknown>)) this.finish();
    else this.root.draw(true);
  }

  /** Seconds since the bar started. */
  get elapsed(): number {
    return ((this.endedAt ?? Date.now()) - this.started) / 1000;
  }

  /** One line of text: `desc: 45%|████▌     | 45/100 [00:03<00:04, 12.50 it/s, loss=0.123]`. */
  line(): string {
    const rate = this.n / Math.max(1e-9, this.elapsed);
    const post = Object.entries(this.postfix).map(([k, v]) => `${k}=${formatMetric(v)}`).join(', ');
    const timing = this.total !== undefined
      ? `${formatDuration(this.elapsed)}<${formatDuration(this.closed ? 0 : (this.total - this.n) / rate)}`
      : formatDuration(this.elapsed);
    const tail = `[${timing}, ${formatRate(rate, this.unit)}${post ? ', ' + post : ''}]`;
    const prefix = this.desc ? `${this.desc}: ` : '';
    if (this.total === undefined || this.total === 0) return `${prefix}${this.n}${this.unit} ${tail}`;
    const frac = Math.min(1, this.n / this.total);
    return `${prefix}${String(Math.floor(frac * 100)).padStart(3)}%|${textBar(frac, 20)}| ${this.n}/${this.total} ${tail}`;
  }

  [DISPLAY_SYMBOL](): DisplayResult {
    return this.bundle(false);
  }

  /** Lines of this bar and its running children. */
  private lines(): ProgressBar<unknown>[] {
    return [this as ProgressBar<unknown>, ...active.filter((b) => b !== (this as ProgressBar<unknown>) && b.root === (this as ProgressBar<unknown>))];
  }

  private bundle(final: boolean): Record<string, unknown> {
    const bars = final ? [this as ProgressBar<unknown>] : this.lines();
    const text = bars.map((b) => b.line()).join('\n');
    const rows = bars.map((b) => b.htmlRow()).join('');
    let chart = '';
    if (this.chart && this.history.size > 0) {
      if (final) {
        const png = finalChartPng(this.history);
        chart = `<img alt="metrics" width="${png.width}" height="${png.height}" src="data:image/png;base64,${png.png.toString('base64')}"/>`;
      } else chart = liveChartSvg(this.history);
    }
    const table = final && this.history.size > 0 ? historyTable(this.history) : '';
    const html = `<div class="tsdl-progress" style="font-family:monospace;font-size:12px">${rows}${chart ? `<div>${chart}</div>` : ''}${table}</div>`;
    return { 'text/html': html, 'text/plain': text };
  }

  private htmlRow(): string {
    const frac = this.total ? Math.min(1, this.n / this.total) : 0;
    const color = this.closed && this.total !== undefined && this.n < this.total ? '#d62728' : this.closed ? '#2ca02c' : '#1f77b4';
    const bar = this.total
      ? `<span style="display:inline-block;width:200px;height:10px;background:#e6e6e6;vertical-align:middle;margin:0 6px">`
        + `<span style="display:block;width:${(frac * 100).toFixed(1)}%;height:100%;background:${color}"></span></span>`
      : '';
    const line = this.line();
    const pipe = line.indexOf('|');
    const head = this.total ? line.slice(0, pipe) : '';
    const tail = this.total ? line.slice(line.indexOf('|', pipe + 1) + 1) : line;
    return `<div style="white-space:pre">${escapeHtml(head)}${bar}${escapeHtml(tail)}</div>`;
  }

  /** Redraws the root's output (notebook) or the terminal line. */
  private draw(force: boolean, now = Date.now()): void {
    const root = this.root;
    if (!force && now - root.lastDraw < this.minInterval && !(this.total !== undefined && this.n >= this.total)) return;
    root.lastDraw = now;
    if (root.notebook) {
      const obj = displayable(() => root.bundle(false));
      if (!root.handle) root.handle = show(obj);
      else root.handle.update(obj);
      return;
    }
    const text = root.lines().map((b) => b.line()).join(' | ');
    if (process.stdout.isTTY) {
      const pad = Math.max(0, root.lastTextLength - text.length);
      process.stdout.write('\r' + text + ' '.repeat(pad));
      root.lastTextLength = text.length;
    } else if (force || now - root.lastPrinted >= 2000) {
      root.lastPrinted = now;
      process.stdout.write(text + '\n');
    }
  }

  private lastPrinted = 0;

  /** The final state: a static chart and a metrics table in the notebook, a last line in the terminal. */
  private finish(): void {
    if (this.notebook) {
      const obj = displayable(() => this.bundle(true));
      if (!this.leave && this.handle) this.handle.update(displayable(() => ({ 'text/plain': '', 'text/html': '' })));
      else if (this.handle) this.handle.update(obj);
      else show(obj);
      return;
    }
    const text = this.line();
    if (process.stdout.isTTY) process.stdout.write('\r' + text + ' '.repeat(Math.max(0, this.lastTextLength - text.length)) + '\n');
    else process.stdout.write(text + '\n');
  }
}

function textBar(frac: number, width: number): string {
  const blocks = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];
  const full = Math.floor(frac * width);
  const rest = Math.floor((frac * width - full) * 8);
  return ('█'.repeat(full) + (full < width ? blocks[rest] : '')).padEnd(width);
}

function lengthOf(source: unknown): number | undefined {
  if (source === undefined || source === null) return undefined;
  const s = source as { length?: unknown; size?: unknown };
  if (typeof s.length === 'number') return s.length;
  if (typeof s.size === 'number') return s.size;
  if (typeof (s as { len?: () => number }).len === 'function') return (s as { len: () => number }).len();
  return undefined;
}

function historyTable(history: History): string {
  const keys = [...history.keys()];
  const n = Math.max(...keys.map((k) => history.get(k)!.length));
  const rows: string[] = [];
  const idx = n <= 12 ? Array.from({ length: n }, (_, i) => i) : [0, 1, 2, 3, 4, -1, n - 5, n - 4, n - 3, n - 2, n - 1];
  for (const i of idx) {
    rows.push(i < 0
      ? `<tr><td>…</td>${keys.map(() => '<td>…</td>').join('')}</tr>`
      : `<tr><td>${i + 1}</td>${keys.map((k) => `<td style="text-align:right">${history.get(k)![i] === undefined ? '' : formatMetric(history.get(k)![i])}</td>`).join('')}</tr>`);
  }
  return `<table style="margin-top:4px"><thead><tr><th>#</th>${keys.map((k) => `<th>${escapeHtml(k)}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** Creates a bar (see {@link ProgressBar}); a number means "a bar over 0..n-1". */
export function createProgress<T>(iterableOrTotal: Iterable<T> | number, options: ProgressOptions = {}): ProgressBar<T> {
  if (typeof iterableOrTotal === 'number') {
    if (!Number.isInteger(iterableOrTotal) || iterableOrTotal < 0) {
      throw new Error(`progress: a count must be a non-negative integer, got ${iterableOrTotal}`);
    }
    const n = iterableOrTotal;
    const range = { *[Symbol.iterator]() { for (let i = 0; i < n; i++) yield i; }, length: n };
    return new ProgressBar(range as unknown as Iterable<T>, { total: n, ...options });
  }
  if (iterableOrTotal === null || typeof (iterableOrTotal as Iterable<T>)?.[Symbol.iterator] !== 'function') {
    throw new Error(`progress: expected an iterable or a count, got ${iterableOrTotal === null ? 'null' : typeof iterableOrTotal}`);
  }
  return new ProgressBar(iterableOrTotal, options);
}
