import { writeFileSync } from 'fs';
import { extname } from 'path';
import { Axes, type LabelOptions } from './axes';
import { Axes3D } from './axes3d';
import type { Mappable } from './artist';
import { renderSvg, svgSize, svgToPng, type VegaLiteSpec } from './render';
import { DISPLAY_SYMBOL, escapeHtml, type DisplayResult } from '../mime';

/** Options of `plt.figure` / `plt.subplots`. */
export interface FigureOptions {
  /** Width and height in inches (default [6.4, 4.8], matplotlib's). */
  figsize?: [number, number];
  /** Pixels per inch (default 72, the inline backend's: a 6.4 in figure is 461 px wide). */
  dpi?: number;
}

/** Options of `plt.subplots`. */
export interface SubplotsOptions extends FigureOptions {
  /** Share x limits between all axes (`true` / `'all'`), per column (`'col'`) or per row (`'row'`). */
  sharex?: boolean | 'all' | 'col' | 'row' | 'none';
  sharey?: boolean | 'all' | 'col' | 'row' | 'none';
  /** Always return a 2-D array of axes (default false: squeeze like matplotlib). */
  squeeze?: boolean;
  subplotKw?: { projection?: '3d' };
}

/** What a rendered figure is made of. */
export interface RenderedFigure {
  spec: VegaLiteSpec;
  svg: string;
  png: Buffer;
  width: number;
  height: number;
}

/** PNGs are rendered at this multiple of the figure's pixel size (sharp on high-density screens). */
export const PNG_SCALE = 2;

/**
 * A figure: a grid of axes with an optional overall title. Shown as a Vega-Lite chart with SVG and PNG
 * fallbacks (a cell ending in `fig` displays it); `savefig` writes .svg, .png, .html or .json.
 *
 * Example:
 * ```ts
 * const fig = plt.figure({ figsize: [8, 3] });
 * const ax = fig.addSubplot(1, 2, 1);
 * ax.plot([0, 1], [1, 0]);
 * fig.savefig('lines.png');
 * ```
 */
export class Figure {
  readonly axes: Axes[] = [];
  readonly figsize: [number, number];
  readonly dpi: number;
  nrows = 1;
  ncols = 1;
  suptitleSpec?: { text: string; options: LabelOptions };
  private cached?: { key: string; rendered: RenderedFigure };

  constructor(options: FigureOptions = {}) {
    const [w, h] = options.figsize ?? [6.4, 4.8];
    if (!(w > 0 && h > 0)) throw new Error(`figure: figsize must be two positive numbers (inches), got [${w}, ${h}]`);
    this.figsize = [w, h];
    this.dpi = options.dpi ?? 72;
    if (!(this.dpi > 0)) throw new Error(`figure: dpi must be positive, got ${this.dpi}`);
  }

  /** Width and height in pixels (figsize × dpi). */
  get pixelSize(): [number, number] {
    return [Math.round(this.figsize[0] * this.dpi), Math.round(this.figsize[1] * this.dpi)];
  }

  /**
   * Adds axes at position `index` (1-based, row-major) of an `nrows × ncols` grid: `addSubplot(2, 2, 1)` or
   * `addSubplot(221)`. `{ projection: '3d' }` gives 3-D axes. Returns the existing axes at that spot if any.
   */
  addSubplot(nrows: number, ncols: number, index: number, options: { projection: '3d' }): Axes3D;
  addSubplot(code: number, options: { projection: '3d' }): Axes3D;
  addSubplot(nrows?: number, ncols?: number, index?: number, options?: { projection?: '3d' }): Axes;
  addSubplot(code: number, options?: { projection?: '3d' }): Axes;
  addSubplot(...args: unknown[]): Axes {
    let options: { projection?: '3d' } = {};
    while (args.length > 0 && args[args.length - 1] === undefined) args.pop();
    if (typeof args[args.length - 1] === 'object' && args[args.length - 1] !== null) options = args.pop() as { projection?: '3d' };
    let [nrows, ncols, index] = args as number[];
    if (args.length === 0) { nrows = 1; ncols = 1; index = 1; }
    else if (args.length === 1) {
      const code = args[0] as number;
      if (!Number.isInteger(code) || code < 111 || code > 999) throw new Error(`addSubplot: a three-digit code like 221 is expected, got ${code}`);
      nrows = Math.floor(code / 100); ncols = Math.floor(code / 10) % 10; index = code % 10;
    } else if (args.length !== 3) throw new Error('addSubplot: expected (nrows, ncols, index) or a code like 221');
    if (!Number.isInteger(nrows) || !Number.isInteger(ncols) || nrows < 1 || ncols < 1) {
      throw new Error(`addSubplot: nrows and ncols must be positive integers, got ${nrows}, ${ncols}`);
    }
    if (!Number.isInteger(index) || index < 1 || index > nrows * ncols) {
      throw new Error(`addSubplot: index must be in 1..${nrows * ncols}, got ${index}`);
    }
    this.setGrid(nrows, ncols);
    const row = Math.floor((index - 1) / ncols);
    const col = (index - 1) % ncols;
    const existing = this.axes.find((a) => a.position.row === row && a.position.col === col);
    if (existing && (options.projection === '3d') === existing instanceof Axes3D) return existing;
    if (existing) this.axes.splice(this.axes.indexOf(existing), 1);
    const ax = options.projection === '3d' ? new Axes3D({ row, col, rowspan: 1, colspan: 1 }) : new Axes({ row, col, rowspan: 1, colspan: 1 });
    this.axes.push(ax);
    return ax;
  }

  /** Creates an `nrows × ncols` grid of axes (row-major), with optional shared limits. */
  subplots(nrows: number, ncols: number, options: SubplotsOptions = {}): Axes[][] {
    if (!Number.isInteger(nrows) || !Number.isInteger(ncols) || nrows < 1 || ncols < 1) {
      throw new Error(`subplots: nrows and ncols must be positive integers, got ${nrows}, ${ncols}`);
    }
    this.axes.length = 0;
    this.nrows = nrows;
    this.ncols = ncols;
    const grid: Axes[][] = [];
    for (let r = 0; r < nrows; r++) {
      grid.push([]);
      for (let c = 0; c < ncols; c++) {
        const position = { row: r, col: c, rowspan: 1, colspan: 1 };
        const ax = options.subplotKw?.projection === '3d' ? new Axes3D(position) : new Axes(position);
        this.axes.push(ax);
        grid[r].push(ax);
      }
    }
    share(grid, options.sharex, 'sharedX');
    share(grid, options.sharey, 'sharedY');
    return grid;
  }

  private setGrid(nrows: number, ncols: number): void {
    if (this.axes.length === 0 || (nrows === this.nrows && ncols === this.ncols)) {
      this.nrows = nrows; this.ncols = ncols;
      return;
    }
    // Mixing grids (e.g. 2x2 then 1x2): keep the finer grid so existing axes stay where they are.
    this.nrows = Math.max(this.nrows, nrows);
    this.ncols = Math.max(this.ncols, ncols);
  }

  /** A title above all subplots. */
  suptitle(text: string, options: LabelOptions = {}): void {
    this.suptitleSpec = { text, options };
  }

  /** Adds a colorbar for a mappable (default: the latest colour-mapped artist of `ax`). */
  colorbar(mappable?: { mappable?: Mappable } | Mappable, options: { ax?: Axes; label?: string } = {}): void {
    const ax = options.ax ?? this.axes.find((a) => mappable && a.artists.includes(mappable as never)) ?? this.axes[this.axes.length - 1];
    if (!ax) throw new Error('colorbar: the figure has no axes');
    const m = mappable ? ('mappable' in mappable && mappable.mappable ? mappable.mappable : (mappable as Mappable)) : ax.lastMappable();
    if (!m || typeof (m as Mappable).cmap !== 'string') throw new Error('colorbar: no colour-mapped artist (scatter with c, imshow, contour, contourf, plotSurface) to describe');
    ax.colorbarSpec = { mappable: m as Mappable, label: options.label };
  }

  /** Kept for matplotlib compatibility: layout is always computed to avoid overlaps. */
  tightLayout(): void {}

  /** The figure as one Vega-Lite v5 spec. */
  toSpec(): VegaLiteSpec {
    const [W, H] = this.pixelSize;
    const pt = this.dpi / 72;
    const rows: VegaLiteSpec[] = [];
    const hasTitle = !!this.suptitleSpec;
    const colGap = 24 * pt;
    const rowGap = 16 * pt;
    for (let r = 0; r < this.nrows; r++) {
      const cells: VegaLiteSpec[] = [];
      for (let c = 0; c < this.ncols; c++) {
        const ax = this.axes.find((a) => a.position.row === r && a.position.col === c);
        // Room for tick labels, axis titles and the axes title around each plot area (in pixels).
        const decoW = (ax instanceof Axes3D ? 10 : 52 * pt) + (ax?.colorbarSpec ? 60 * pt : 0);
        const decoH = (ax?.title ? 22 * pt : 6 * pt) + (ax instanceof Axes3D ? 0 : 36 * pt);
        const width = Math.max(40, (W - colGap * (this.ncols - 1)) / this.ncols - decoW);
        const height = Math.max(40, (H - (hasTitle ? 30 * pt : 0) - rowGap * (this.nrows - 1)) / this.nrows - decoH);
        cells.push(ax ? ax.toSpec({ width, height, pt }) : emptyCell(width, height));
      }
      // Each axes keeps its own scales and legend, at every level of nesting (a shared colour scale would
      // merge the legends of different subplots into one at the figure's corner).
      rows.push(cells.length === 1 ? cells[0] : { hconcat: cells, spacing: colGap, resolve: independentScales() });
    }
    const body: VegaLiteSpec = rows.length === 1 ? rows[0] : { vconcat: rows, spacing: rowGap };
    const spec: VegaLiteSpec = {
      $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
      ...body,
      background: 'white',
      padding: 5 * pt,
      config: matplotlibConfig(pt),
    };
    if (rows.length > 1 || 'hconcat' in body) {
      spec.resolve = independentScales();
    }
    if (this.suptitleSpec) {
      const o = this.suptitleSpec.options;
      const lines = this.suptitleSpec.text.split('\n');
      spec.title = { text: lines.length > 1 ? lines : lines[0], fontSize: (o.fontsize ?? 12) * pt, fontWeight: o.fontweight ?? 'normal', anchor: 'middle', offset: 8 * pt };
    }
    return spec;
  }

  /** Renders spec, SVG and PNG (cached until the figure changes). */
  render(): RenderedFigure {
    const spec = this.toSpec();
    const key = JSON.stringify(spec);
    if (this.cached && this.cached.key === key) return this.cached.rendered;
    const svg = renderSvg(spec);
    const { width, height } = svgSize(svg);
    const rendered = { spec, svg, png: svgToPng(svg, PNG_SCALE), width, height };
    this.cached = { key, rendered };
    return rendered;
  }

  /** The display bundle: Vega-Lite, SVG, PNG (2x, with its display size in metadata) and a text summary. No HTML. */
  [DISPLAY_SYMBOL](): DisplayResult {
    const r = this.render();
    return {
      data: {
        'application/vnd.vegalite.v5+json': r.spec,
        'image/svg+xml': r.svg,
        'image/png': r.png.toString('base64'),
        'text/plain': this.toString(),
      },
      metadata: { 'image/png': { width: r.width, height: r.height } },
    };
  }

  /** `<Figure size 461x346 with 1 Axes>` like matplotlib. */
  toString(): string {
    const [w, h] = this.pixelSize;
    return `<Figure size ${w}x${h} with ${this.axes.length} Axes>`;
  }

  /**
   * Writes the figure to `path`; the format follows the extension: `.svg`, `.png`, `.json` (the Vega-Lite
   * spec) or `.html` (a self-contained page: the spec for vega-embed when online plus the PNG inline, so
   * it shows offline too).
   */
  savefig(path: string, options: { dpi?: number } = {}): void {
    const r = this.render();
    const ext = extname(path).toLowerCase();
    switch (ext) {
      case '.svg': writeFileSync(path, r.svg); break;
      case '.png': writeFileSync(path, options.dpi ? svgToPng(r.svg, options.dpi / this.dpi) : r.png); break;
      case '.json': writeFileSync(path, JSON.stringify(r.spec, null, 1)); break;
      case '.html': writeFileSync(path, standaloneHtml(r, this.suptitleSpec?.text ?? 'figure')); break;
      default: throw new Error(`savefig: unsupported extension '${ext || path}'; use .png, .svg, .html or .json`);
    }
  }
}

function share(grid: Axes[][], mode: SubplotsOptions['sharex'], key: 'sharedX' | 'sharedY'): void {
  if (!mode || mode === 'none') return;
  const all = grid.flat();
  for (const row of grid) {
    for (const ax of row) {
      if (mode === true || mode === 'all') ax[key] = all;
      else if (mode === 'row') ax[key] = row;
      else if (mode === 'col') ax[key] = grid.map((r) => r[ax.position.col]);
    }
  }
}

function emptyCell(width: number, height: number): VegaLiteSpec {
  return { width, height, data: { values: [] }, mark: 'point', view: { stroke: null } };
}

/** Vega-Lite config that gives matplotlib's look: boxed axes, outward ticks, DejaVu Sans, tab10. */
export function matplotlibConfig(pt: number): Record<string, unknown> {
  const font = 'DejaVu Sans, Bitstream Vera Sans, Arial, sans-serif';
  return {
    font,
    aria: false,
    view: { stroke: '#000000', strokeWidth: 0.8 * pt, continuousWidth: 300, continuousHeight: 200 },
    range: { category: ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'] },
    axis: {
      domain: false, grid: false, ticks: true, tickColor: '#000000', tickSize: 3.5 * pt, tickWidth: 0.8 * pt,
      labelColor: '#000000', labelFontSize: 10 * pt, labelPadding: 3.5 * pt, labelFlush: false,
      titleFontSize: 10 * pt, titleFontWeight: 'normal', titleColor: '#000000', titlePadding: 4 * pt,
      gridColor: '#b0b0b0', gridWidth: 0.8 * pt, gridOpacity: 1, labelOverlap: true,
    },
    axisY: { titlePadding: 6 * pt },
    legend: { labelFontSize: 10 * pt, titleFontSize: 10 * pt, titleFontWeight: 'normal', labelColor: '#000000' },
    title: { fontSize: 12 * pt, fontWeight: 'normal', color: '#000000', offset: 6 * pt },
    text: { font },
  };
}

function standaloneHtml(r: RenderedFigure, title: string): string {
  const spec = JSON.stringify(r.spec).replace(/</g, '\\u003c');
  return `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<script src="https://cdn.jsdelivr.net/npm/vega@5"></script>
<script src="https://cdn.jsdelivr.net/npm/vega-lite@5"></script>
<script src="https://cdn.jsdelivr.net/npm/vega-embed@6"></script>
</head><body>
<div id="chart"><img alt="${escapeHtml(title)}" width="${r.width}" height="${r.height}" src="data:image/png;base64,${r.png.toString('base64')}"></div>
<script type="application/json" id="spec">${spec}</script>
<script>
  // Online: replace the static picture with the interactive chart. Offline the PNG above stays.
  if (window.vegaEmbed) vegaEmbed('#chart', JSON.parse(document.getElementById('spec').textContent), { actions: false });
</script>
</body></html>
`;
}

/** Vega-Lite `resolve` giving every subplot of a concatenation its own scales (hence its own legends). */
function independentScales(): VegaLiteSpec {
  const each = { x: 'independent', y: 'independent', fill: 'independent', stroke: 'independent', color: 'independent', size: 'independent', opacity: 'independent' };
  return { scale: each };
}
