import { pixelSpanLayer, values, type Artist, type Extent, type Layer, type LayerContext, type LegendKind, type Mappable } from './artist';
import { TAB10, colormap, resolveColor } from '../color/colormaps';
import { finiteExtent, isTensorLike, linspace, shapeOf, toGrid, toNumbers, type Values1D, type Values2D } from './data';
import { parseFmt } from './style';
import { niceLevels } from './ticks';
import { Line2D, ReferenceLine, type LineOptions, type RefLineOptions } from './artists/line';
import { FillBetween, type FillOptions } from './artists/fill';
import { Scatter, type ScatterOptions } from './artists/scatter';
import { Bars, histogram, type BarOptions, type Histogram, type HistOptions } from './artists/bars';
import { ImageArtist, type ImshowOptions } from './artists/image';
import { ContourSet, type ContourOptions } from './artists/contour';
import { Annotation, ArrowArtist, TextArtist, type AnnotateOptions, type ArrowOptions, type TextOptions } from './artists/text';
import { Patch } from './artists/patch';
import { Span, type SpanOptions } from './artists/span';

/** `'linear'`, `'log'` or `'symlog'` (log either side of a linear region around 0). */
export type ScaleName = 'linear' | 'log' | 'symlog';

/** Options of `ax.errorbar`. */
export interface ErrorbarOptions extends LineOptions {
  /** Symmetric error per point (or one for all); `[lower[], upper[]]` for asymmetric errors. */
  yerr?: number | number[] | [number[], number[]];
  xerr?: number | number[] | [number[], number[]];
  fmt?: string;
  ecolor?: string;
  elinewidth?: number;
  /** Cap length in points (default 0: no caps, as in matplotlib). */
  capsize?: number;
}

/** Options of `ax.legend`. */
export interface LegendOptions {
  /** `'best'` (upper right), `'upper right'`, `'upper left'`, `'lower left'`, `'lower right'`, `'right'`, `'center right'`... */
  loc?: string;
  title?: string;
  fontsize?: number;
  /** Draw the frame (default true). */
  frameon?: boolean;
}

/** Options of `ax.setTitle` / labels. */
export interface LabelOptions {
  fontsize?: number;
  fontweight?: 'normal' | 'bold';
  color?: string;
  loc?: 'center' | 'left' | 'right';
}

/** Options of `setXticks` / `plt.xticks`. */
export interface TickOptions {
  rotation?: number;
  fontsize?: number;
  /** Horizontal alignment of the labels to their tick (matplotlib's `ha`); rotated labels default to `'right'`. */
  ha?: 'left' | 'center' | 'right';
}

/** Sizes, in pixels, the figure decides for an axes. */
export interface AxesBox {
  width: number;
  height: number;
  /** Pixels per point (dpi / 72). */
  pt: number;
}

/**
 * A plotting area with x and y axes: matplotlib's `Axes`, with method names camelCased (`setTitle`,
 * `setXlabel`, `fillBetween`...). Get one from `plt.subplots()`, `plt.gca()` or `fig.addSubplot()`.
 *
 * Example:
 * ```ts
 * const [fig, ax] = plt.subplots();
 * ax.plot([1, 2, 3], [1, 4, 9], 'o-', { label: 'squares' });
 * ax.setXlabel('n'); ax.legend();
 * fig  // as a cell's value shows the figure
 * ```
 */
export class Axes {
  readonly artists: Artist[] = [];
  title?: { text: string; options: LabelOptions };
  xlabel?: { text: string; options: LabelOptions };
  ylabel?: { text: string; options: LabelOptions };
  xlim: [number | undefined, number | undefined] = [undefined, undefined];
  ylim: [number | undefined, number | undefined] = [undefined, undefined];
  xscale: ScaleName = 'linear';
  yscale: ScaleName = 'linear';
  xscaleConstant = 1;
  yscaleConstant = 1;
  gridOn: boolean | 'x' | 'y' = false;
  legendOptions?: LegendOptions;
  xticks?: { values: number[]; labels?: string[]; options: TickOptions };
  yticks?: { values: number[]; labels?: string[]; options: TickOptions };
  aspect: 'auto' | 'equal' | number = 'auto';
  axisOn = true;
  colorbarSpec?: { mappable: Mappable; label?: string };
  /** Set when two axes share limits (`subplots({ sharex: true })`): the group computes one domain. */
  sharedX?: Axes[];
  sharedY?: Axes[];
  private cycleIndex = 0;

  /** Position in the figure grid: row, column and spans (from `subplots` / `addSubplot`). */
  constructor(readonly position: { row: number; col: number; rowspan: number; colspan: number } = { row: 0, col: 0, rowspan: 1, colspan: 1 }) {}

  /** Next colour of matplotlib's default cycle (tab10). */
  nextColor(): string {
    return TAB10[this.cycleIndex++ % TAB10.length];
  }

  /**
   * Plots y versus x as lines and/or markers. Forms: `plot(y)`, `plot(x, y)`, `plot(x, y, fmt)`, each with
   * options last. `fmt` is matplotlib's `'[marker][line][color]'`, e.g. `'r--'`, `'o-'`, `'k.'`.
   *
   * Shapes: x and y 1-D of the same length (tensors are flattened). Returns the line.
   */
  plot(y: Values1D, options?: LineOptions): Line2D;
  plot(y: Values1D, fmt: string, options?: LineOptions): Line2D;
  plot(x: Values1D, y: Values1D, options?: LineOptions): Line2D;
  plot(x: Values1D, y: Values1D, fmt: string, options?: LineOptions): Line2D;
  plot(...args: unknown[]): Line2D {
    let options: LineOptions = {};
    if (args.length > 1 && isOptions(args[args.length - 1])) options = args.pop() as LineOptions;
    let fmt: string | undefined;
    if (typeof args[args.length - 1] === 'string') fmt = args.pop() as string;
    if (args.length === 0 || args.length > 2) throw new Error('plot: expected plot(y), plot(x, y) or plot(x, y, fmt), optionally with options last');
    const y = toNumbers(args[args.length - 1] as Values1D, 'plot y');
    const x = args.length === 2 ? toNumbers(args[0] as Values1D, 'plot x') : y.map((_, i) => i);
    const style = fmt ? parseFmt(fmt) : {};
    const merged: LineOptions = { ...style, ...stripUndefined(options) };
    const color = resolveColor(options.color ?? style.color ?? this.nextColor());
    const line = new Line2D(x, y, color, merged);
    this.artists.push(line);
    return line;
  }

  /**
   * A scatter plot of y versus x. `c` colours the points: numbers are mapped through `cmap` (add
   * `plt.colorbar()` for a scale), a list of colour names gives each point its colour, a string colours all.
   *
   * Example: `ax.scatter(X0, X1, { c: labels, cmap: 'coolwarm', edgecolor: 'k' })`
   */
  scatter(x: Values1D, y: Values1D, options: Omit<ScatterOptions, 'c'> & { c?: Values1D | string | string[] } = {}): Scatter {
    const xs = toNumbers(x, 'scatter x');
    const ys = toNumbers(y, 'scatter y');
    let cValues: number[] | undefined;
    let colors: string[] | undefined;
    let color = options.color;
    const c = options.c;
    if (typeof c === 'string') color = c;
    else if (Array.isArray(c) && c.length > 0 && typeof c[0] === 'string') {
      if (!c.every((v) => typeof v === 'string')) throw new Error('scatter: c mixes colour names and numbers; give one or the other');
      colors = (c as string[]).map(resolveColor);
    } else if (c !== undefined) cValues = toNumbers(c as Values1D, 'scatter c');
    const artist = new Scatter(xs, ys, resolveColor(color ?? this.nextColor()), { ...options, c: undefined }, cValues, colors);
    this.artists.push(artist);
    return artist;
  }

  /**
   * Vertical bars at positions x (numbers, or strings for categories placed at 0, 1, 2...) with heights.
   * Options: `width` (default 0.8), `bottom`, `align` (`'center'`), colours, `label`.
   */
  bar(x: Values1D | string[], height: Values1D | number, options: BarOptions & { width?: number | number[]; bottom?: number | number[]; align?: 'center' | 'edge' } = {}): Bars {
    return this.addBars('v', x, height, options.width ?? 0.8, options.bottom ?? 0, options.align ?? 'center', options);
  }

  /** Horizontal bars at positions y with widths (matplotlib's `barh`). Options: `height` (0.8), `left`. */
  barh(y: Values1D | string[], width: Values1D | number, options: BarOptions & { height?: number | number[]; left?: number | number[]; align?: 'center' | 'edge' } = {}): Bars {
    return this.addBars('h', y, width, options.height ?? 0.8, options.left ?? 0, options.align ?? 'center', options);
  }

  private addBars(
    orientation: 'v' | 'h', pos: Values1D | string[], size: Values1D | number, thickness: number | number[],
    base: number | number[], align: 'center' | 'edge', options: BarOptions,
  ): Bars {
    const name = orientation === 'v' ? 'bar' : 'barh';
    let positions: number[];
    const categories = Array.isArray(pos) && pos.length > 0 && typeof pos[0] === 'string' ? (pos as string[]) : undefined;
    if (categories) {
      positions = categories.map((_, i) => i);
      const ticks = { values: positions, labels: categories, options: {} };
      if (orientation === 'v') this.xticks ??= ticks; else this.yticks ??= ticks;
    } else positions = toNumbers(pos as Values1D, `${name} positions`);
    const n = positions.length;
    const sizes = typeof size === 'number' ? new Array<number>(n).fill(size) : toNumbers(size, `${name} sizes`);
    if (sizes.length !== n) throw new Error(`${name}: got ${n} positions but ${sizes.length} sizes`);
    const th = (i: number): number => (Array.isArray(thickness) ? thickness[i] : thickness);
    const b = (i: number): number => (Array.isArray(base) ? base[i] : base);
    const lo = positions.map((p, i) => (align === 'center' ? p - th(i) / 2 : p));
    const hi = positions.map((p, i) => lo[i] + th(i));
    const bases = positions.map((_, i) => b(i));
    const tops = sizes.map((s, i) => bases[i] + s);
    const color = typeof options.color === 'string' ? resolveColor(options.color) : this.nextColor();
    const colors = Array.isArray(options.color) ? options.color.map(resolveColor) : undefined;
    const bars = new Bars(orientation, lo, hi, bases, tops, color, { ...options, color: colors });
    this.artists.push(bars);
    return bars;
  }

  /**
   * Histogram of values (any shape, flattened). Returns counts and bin edges like `plt.hist`.
   *
   * Example: `ax.hist(tensor, { bins: 50, density: true, alpha: 0.5, label: 'train' })`
   */
  hist(x: Values1D | Values2D, options: HistOptions = {}): Histogram {
    const data = toNumbers(x, 'hist x');
    const h = histogram(data, options.bins ?? 10, options.range, options.density ?? false);
    let counts = h.counts;
    if (options.cumulative) {
      let acc = 0;
      counts = counts.map((c) => (acc += c));
      if (options.density) counts = counts.map((c) => c * (h.edges[1] - h.edges[0]));
    }
    const color = typeof options.color === 'string' ? resolveColor(options.color) : this.nextColor();
    const horizontal = options.orientation === 'horizontal';
    if (options.histtype === 'step') {
      const xs: number[] = [];
      const ys: number[] = [];
      counts.forEach((c, i) => { xs.push(h.edges[i], h.edges[i + 1]); ys.push(c, c); });
      xs.unshift(h.edges[0]); ys.unshift(0);
      xs.push(h.edges[h.edges.length - 1]); ys.push(0);
      const line = new Line2D(horizontal ? ys : xs, horizontal ? xs : ys, color, { label: options.label, alpha: options.alpha, linewidth: options.linewidth });
      this.artists.push(line);
      return { counts, edges: h.edges };
    }
    const rw = options.rwidth ?? 1;
    const lo = counts.map((_, i) => h.edges[i] + ((1 - rw) / 2) * (h.edges[i + 1] - h.edges[i]));
    const hi = counts.map((_, i) => h.edges[i + 1] - ((1 - rw) / 2) * (h.edges[i + 1] - h.edges[i]));
    this.artists.push(new Bars(horizontal ? 'h' : 'v', lo, hi, counts.map(() => 0), counts, color, { ...options, color: undefined }));
    return { counts, edges: h.edges };
  }

  /** Fills the area between y1 and y2 (default 0) over x. */
  fillBetween(x: Values1D, y1: Values1D | number, y2: Values1D | number = 0, options: FillOptions = {}): FillBetween {
    const xs = toNumbers(x, 'fillBetween x');
    const a = typeof y1 === 'number' ? xs.map(() => y1) : toNumbers(y1, 'fillBetween y1');
    const b = typeof y2 === 'number' ? xs.map(() => y2) : toNumbers(y2, 'fillBetween y2');
    const artist = new FillBetween(xs, a, b, resolveColor(options.color ?? this.nextColor()), options);
    this.artists.push(artist);
    return artist;
  }

  /** Points or a line with error bars (`yerr`, `xerr`: symmetric values or `[lower, upper]`). */
  errorbar(x: Values1D, y: Values1D, options: ErrorbarOptions = {}): Line2D {
    const xs = toNumbers(x, 'errorbar x');
    const ys = toNumbers(y, 'errorbar y');
    const style = options.fmt ? parseFmt(options.fmt) : {};
    const color = resolveColor(options.color ?? style.color ?? this.nextColor());
    const line = new Line2D(xs, ys, color, { ...style, ...stripUndefined({ ...options, yerr: undefined, xerr: undefined, fmt: undefined }) } as LineOptions);
    const spans = (err: ErrorbarOptions['yerr'], what: string): [number[], number[]] | undefined => {
      if (err === undefined) return undefined;
      if (typeof err === 'number') return [xs.map(() => err), xs.map(() => err)];
      if (Array.isArray(err[0])) {
        const [lo, hi] = err as [number[], number[]];
        if (lo.length !== xs.length || hi.length !== xs.length) throw new Error(`errorbar: ${what} needs ${xs.length} values per side`);
        return [lo, hi];
      }
      const e = err as number[];
      if (e.length !== xs.length) throw new Error(`errorbar: ${what} has ${e.length} values for ${xs.length} points`);
      return [e, e];
    };
    const ecolor = resolveColor(options.ecolor ?? color);
    const elw = options.elinewidth ?? options.linewidth ?? 1.5;
    const cap = options.capsize ?? 0;
    const yerr = spans(options.yerr, 'yerr');
    const xerr = spans(options.xerr, 'xerr');
    this.artists.push(new ErrorBars(xs, ys, yerr, xerr, ecolor, elw, cap));
    this.artists.push(line);
    return line;
  }

  /** Shows a 2-D array as an image through `cmap` (or an `[H, W, 3|4]` RGB(A) array as is). */
  imshow(image: Values2D | Values1D, options: ImshowOptions = {}): ImageArtist {
    const shape = shapeOf(image as Values2D);
    const data = toNumbers(image as Values2D, 'imshow');
    let rows: number; let cols: number; let channels: 1 | 3 | 4;
    const dims = shape.filter((d, i) => !(d === 1 && i < shape.length - 2));
    if (dims.length === 2) { [rows, cols] = dims; channels = 1; }
    else if (dims.length === 3 && (dims[2] === 3 || dims[2] === 4)) { [rows, cols] = dims; channels = dims[2] as 3 | 4; }
    else if (dims.length === 3 && dims[2] === 1) { [rows, cols] = dims; channels = 1; }
    else throw new Error(`imshow: expected a 2-D array or [H, W, 3|4] image, got shape [${shape.join(', ')}]`);
    const artist = new ImageArtist(rows, cols, channels, data, options);
    if ((options.aspect ?? 'equal') === 'equal' && this.aspect === 'auto') this.aspect = 'equal';
    this.artists.push(artist);
    return artist;
  }

  /** Contour lines of Z over a grid (see {@link contourf} for the argument forms). */
  contour(...args: ContourArgs): ContourSet {
    return this.addContour(false, args);
  }

  /**
   * Filled contours of Z: `contourf(Z)`, `contourf(X, Y, Z)`, `contourf(X, Y, Z, levels)`, options last.
   * X and Y are 1-D coordinates or 2-D meshgrids (`[rows, cols]` like Z). Good for decision boundaries.
   *
   * Example: `ax.contourf(xx, yy, probs, { levels: 20, cmap: 'RdBu', alpha: 0.4 })`
   */
  contourf(...args: ContourArgs): ContourSet {
    return this.addContour(true, args);
  }

  private addContour(filled: boolean, input: ContourArgs): ContourSet {
    const name = filled ? 'contourf' : 'contour';
    const args = [...input] as unknown[];
    let options: ContourOptions = {};
    if (args.length > 1 && isOptions(args[args.length - 1])) options = { ...(args.pop() as ContourOptions) };
    if (args.length === 2 || args.length === 4) {
      const lv = args.pop();
      options.levels = typeof lv === 'number' ? lv : toNumbers(lv as Values1D, `${name} levels`);
    }
    if (args.length !== 1 && args.length !== 3) throw new Error(`${name}: expected (Z) or (X, Y, Z), optionally levels, then options`);
    const grid = toGrid(args[args.length - 1] as Values2D, `${name} Z`);
    let xs: number[]; let ys: number[];
    if (args.length === 3) {
      xs = axisCoordinates(args[0] as Values2D, grid.rows, grid.cols, 'x', name);
      ys = axisCoordinates(args[1] as Values2D, grid.rows, grid.cols, 'y', name);
    } else {
      xs = linspace(0, grid.cols - 1, grid.cols);
      ys = linspace(0, grid.rows - 1, grid.rows);
    }
    const cs = new ContourSet(filled, xs, ys, grid.values, options);
    this.artists.push(cs);
    return cs;
  }

  /** Labels contour lines with their level (on the longest line of each level). */
  clabel(cs: ContourSet, options: { fontsize?: number; fmt?: string | ((v: number) => string); inline?: boolean } = {}): void {
    const fmt = options.fmt;
    const format = typeof fmt === 'function' ? fmt : (v: number) => (fmt ? formatPrintf(fmt, v) : trimNumber(v));
    cs.labels = { fontsize: options.fontsize ?? 10, format };
  }

  /** A horizontal line across the axes at y. */
  axhline(y = 0, options: RefLineOptions = {}): ReferenceLine {
    const line = new ReferenceLine('h', y, resolveColor(options.color ?? this.nextColor()), options);
    this.artists.push(line);
    return line;
  }

  /** A vertical line across the axes at x. */
  axvline(x = 0, options: RefLineOptions = {}): ReferenceLine {
    const line = new ReferenceLine('v', x, resolveColor(options.color ?? this.nextColor()), options);
    this.artists.push(line);
    return line;
  }

  /** A vertical band from x0 to x1 across the axes' height (e.g. to shade an interval); `alpha` to see through. */
  axvspan(x0: number, x1: number, options: SpanOptions = {}): Span {
    const span = new Span('v', x0, x1, resolveColor(options.facecolor ?? options.color ?? this.nextColor()), options);
    this.artists.push(span);
    return span;
  }

  /** A horizontal band from y0 to y1 across the axes' width. */
  axhspan(y0: number, y1: number, options: SpanOptions = {}): Span {
    const span = new Span('h', y0, y1, resolveColor(options.facecolor ?? options.color ?? this.nextColor()), options);
    this.artists.push(span);
    return span;
  }

  /** `plot` with a log y axis (matplotlib's `semilogy`); same arguments as {@link plot}. */
  semilogy(...args: PlotArgs): Line2D {
    const line = (this.plot as (...a: unknown[]) => Line2D)(...args);
    this.setYscale('log');
    return line;
  }

  /** `plot` with a log x axis. */
  semilogx(...args: PlotArgs): Line2D {
    const line = (this.plot as (...a: unknown[]) => Line2D)(...args);
    this.setXscale('log');
    return line;
  }

  /** `plot` with both axes logarithmic. */
  loglog(...args: PlotArgs): Line2D {
    const line = (this.plot as (...a: unknown[]) => Line2D)(...args);
    this.setXscale('log');
    this.setYscale('log');
    return line;
  }

  /** Text at data position (x, y); `{ transform: 'axes' }` takes fractions of the axes instead. */
  text(x: number, y: number, s: string, options: TextOptions = {}): TextArtist {
    const t = new TextArtist(x, y, s, options);
    this.artists.push(t);
    return t;
  }

  /** Text pointing at `xy`, optionally from `xytext` with an arrow (`arrowprops: {}`). */
  annotate(text: string, xy: [number, number], options: AnnotateOptions = {}): Annotation {
    const a = new Annotation(text, xy, options);
    this.artists.push(a);
    return a;
  }

  /** An arrow from (x, y) to (x + dx, y + dy). */
  arrow(x: number, y: number, dx: number, dy: number, options: ArrowOptions = {}): ArrowArtist {
    const a = new ArrowArtist(x, y, dx, dy, options);
    this.artists.push(a);
    return a;
  }

  /** Adds a patch (`plt.Circle`, `plt.Rectangle`, `plt.Polygon`). */
  addPatch(patch: Patch): Patch {
    this.artists.push(patch);
    return patch;
  }

  /** Shows a legend of the labelled artists. */
  legend(options: LegendOptions = {}): void {
    this.legendOptions = options;
  }

  setTitle(text: string, options: LabelOptions = {}): void { this.title = { text, options }; }
  setXlabel(text: string, options: LabelOptions = {}): void { this.xlabel = { text, options }; }
  setYlabel(text: string, options: LabelOptions = {}): void { this.ylabel = { text, options }; }
  getTitle(): string { return this.title?.text ?? ''; }

  /** Sets the x limits; pass `undefined` for a side to keep it automatic. `setXlim([lo, hi])` works too. */
  setXlim(left?: number | [number, number], right?: number): void {
    this.xlim = Array.isArray(left) ? [left[0], left[1]] : [left, right];
  }

  setYlim(bottom?: number | [number, number], top?: number): void {
    this.ylim = Array.isArray(bottom) ? [bottom[0], bottom[1]] : [bottom, top];
  }

  /** The current limits (computed from the data when automatic). */
  getXlim(): [number, number] { return this.domains().x; }
  getYlim(): [number, number] { return this.domains().y; }

  /** `'linear'`, `'log'` or `'symlog'` (`linthresh` sets the linear range around 0, default 1). */
  setXscale(scale: ScaleName, options: { linthresh?: number } = {}): void {
    checkScale(scale);
    this.xscale = scale;
    this.xscaleConstant = options.linthresh ?? 1;
  }

  setYscale(scale: ScaleName, options: { linthresh?: number } = {}): void {
    checkScale(scale);
    this.yscale = scale;
    this.yscaleConstant = options.linthresh ?? 1;
  }

  /** Turns grid lines on (default) or off; `axis` limits them to `'x'` or `'y'`. */
  grid(visible = true, options: { axis?: 'x' | 'y' | 'both' } = {}): void {
    this.gridOn = !visible ? false : options.axis && options.axis !== 'both' ? options.axis : true;
  }

  /** Tick positions and optional labels for x (`rotation` in degrees). */
  setXticks(ticks: Values1D, labels?: string[], options: TickOptions = {}): void {
    this.xticks = { values: toNumbers(ticks, 'xticks'), labels, options };
  }

  setYticks(ticks: Values1D, labels?: string[], options: TickOptions = {}): void {
    this.yticks = { values: toNumbers(ticks, 'yticks'), labels, options };
  }

  setXticklabels(labels: string[], options: TickOptions = {}): void {
    const values = this.xticks?.values ?? labels.map((_, i) => i);
    this.xticks = { values, labels, options };
  }

  setYticklabels(labels: string[], options: TickOptions = {}): void {
    const values = this.yticks?.values ?? labels.map((_, i) => i);
    this.yticks = { values, labels, options };
  }

  /** `'equal'` makes one data unit the same length on both axes (the axes box shrinks to fit). */
  setAspect(aspect: 'auto' | 'equal' | number): void { this.aspect = aspect; }

  /** `axis('off')` hides the axes; `axis('equal')`; `axis([xmin, xmax, ymin, ymax])` sets the limits. */
  axis(arg: 'off' | 'on' | 'equal' | 'scaled' | 'tight' | 'auto' | [number, number, number, number]): void {
    if (Array.isArray(arg)) { this.setXlim(arg[0], arg[1]); this.setYlim(arg[2], arg[3]); return; }
    if (arg === 'off') this.axisOn = false;
    else if (arg === 'on') this.axisOn = true;
    else if (arg === 'equal' || arg === 'scaled') this.aspect = 'equal';
    else if (arg === 'tight') { const d = this.dataDomains(0); this.xlim = d.x; this.ylim = d.y; }
    else if (arg === 'auto') this.aspect = 'auto';
    else throw new Error(`axis: unknown option '${String(arg)}'`);
  }

  /** Removes everything drawn so far (matplotlib's `cla`). */
  cla(): void {
    this.artists.length = 0;
    this.title = this.xlabel = this.ylabel = undefined;
    this.legendOptions = undefined;
    this.colorbarSpec = undefined;
    this.cycleIndex = 0;
  }

  /** The latest artist with colours from a colormap, for `colorbar()`. */
  lastMappable(): Mappable | undefined {
    for (let i = this.artists.length - 1; i >= 0; i--) if (this.artists[i].mappable) return this.artists[i].mappable;
    return undefined;
  }

  /** Limits from the data: union of artist extents plus matplotlib's 5% margins, respecting sticky edges. */
  dataDomains(margin = 0.05): { x: [number, number]; y: [number, number] } {
    const extents = this.artists.map((a) => a.extent()).filter((e): e is Extent => e !== null);
    return {
      x: autoDomain(extents.map((e) => e.x), extents.flatMap((e) => e.stickyX ?? []), margin, this.xscale, Math.min(...extents.map((e) => e.xMinPositive ?? Infinity))),
      y: autoDomain(extents.map((e) => e.y), extents.flatMap((e) => e.stickyY ?? []), margin, this.yscale, Math.min(...extents.map((e) => e.yMinPositive ?? Infinity))),
    };
  }

  /** Final domains: shared groups, user limits, image orientation. */
  domains(): { x: [number, number]; y: [number, number] } {
    const unionOf = (group: Axes[] | undefined, pick: 'x' | 'y'): [number, number] => {
      const doms = (group ?? [this]).map((a) => a.dataDomains()[pick]);
      return [Math.min(...doms.map((d) => d[0])), Math.max(...doms.map((d) => d[1]))];
    };
    const x = unionOf(this.sharedX, 'x');
    let y = unionOf(this.sharedY, 'y');
    const userX = this.sharedX?.find((a) => a.xlim.some((v) => v !== undefined))?.xlim ?? this.xlim;
    const userY = this.sharedY?.find((a) => a.ylim.some((v) => v !== undefined))?.ylim ?? this.ylim;
    const images = this.artists.filter((a): a is ImageArtist => a instanceof ImageArtist);
    if (images.length > 0 && images[images.length - 1].invertsY && userY.every((v) => v === undefined)) y = [y[1], y[0]];
    return {
      x: [userX[0] ?? x[0], userX[1] ?? x[1]],
      y: [userY[0] ?? y[0], userY[1] ?? y[1]],
    };
  }

  /**
   * The axes as a Vega-Lite layer spec of the given size (plot area in pixels).
   * A transparent frame layer carries the axes; every artist adds its layers.
   */
  toSpec(box: AxesBox): Layer {
    const { x: xDomain, y: yDomain } = this.domains();
    let { width, height } = box;
    if (this.aspect !== 'auto') {
      const ratio = (this.aspect === 'equal' ? 1 : this.aspect) * Math.abs((yDomain[1] - yDomain[0]) / (xDomain[1] - xDomain[0] || 1));
      if (height / width > ratio) height = width * ratio; else width = height / ratio;
    }
    const pt = box.pt;
    const xEnc = this.encodingFor('x', xDomain, pt, width);
    const yEnc = this.encodingFor('y', yDomain, pt, height);
    const mapX = scaleFunction(this.xscale, this.xscaleConstant, xDomain, [0, width]);
    const mapY = scaleFunction(this.yscale, this.yscaleConstant, yDomain, [height, 0]);
    const legendEntries = this.legendOptions
      ? this.artists.filter((a) => a.label && !a.label.startsWith('_')).map((a) => ({ label: a.label!, color: a.color ?? '#000', kind: a.legendKind ?? 'line' }))
      : [];
    const px = (x: number, y: number): [number, number] => [mapX(x), mapY(y)];
    const legendEncoding = legendEntries.length > 0 ? this.legendEncoding(legendEntries, pt, { width, height, px }) : undefined;
    const ctx: LayerContext = {
      x: xEnc, y: yEnc, width, height, xDomain, yDomain, pt,
      px,
      legendColor: (label) => (legendEncoding && label && legendEntries.some((e) => e.label === label) ? { datum: label, ...legendEncoding } : undefined),
    };
    const frame: Layer = {
      data: values([{ x: xDomain[0], y: yDomain[0] }, { x: xDomain[1], y: yDomain[1] }]),
      mark: { type: 'point', opacity: 0 },
      encoding: { x: { field: 'x', ...xEnc }, y: { field: 'y', ...yEnc } },
    };
    const layers: Layer[] = [frame, ...this.artists.flatMap((a) => a.layers(ctx)).map(datumToField).map(dropNonPositive)];
    if (this.colorbarSpec) layers.push(colorbarLayer(this.colorbarSpec, height, pt));
    const spec: Layer = {
      width: Math.round(width), height: Math.round(height), layer: layers,
      resolve: { scale: { fill: 'independent', stroke: 'independent', size: 'independent', opacity: 'independent' }, legend: { fill: 'independent' } },
    };
    if (this.title) spec.title = titleSpec(this.title.text, this.title.options, 12 * pt);
    if (!this.axisOn) spec.view = { stroke: null };
    return spec;
  }

  private encodingFor(which: 'x' | 'y', domain: [number, number], pt: number, length: number): Record<string, unknown> {
    const scaleName = which === 'x' ? this.xscale : this.yscale;
    const constant = which === 'x' ? this.xscaleConstant : this.yscaleConstant;
    const label = which === 'x' ? this.xlabel : this.ylabel;
    const ticks = which === 'x' ? this.xticks : this.yticks;
    const scale: Record<string, unknown> = { type: scaleName, domain, nice: false };
    if (scaleName !== 'log') scale.zero = false;
    if (scaleName === 'symlog') scale.constant = constant;
    if (!this.axisOn) return { type: 'quantitative', scale, axis: null };
    const axis: Record<string, unknown> = {
      title: label ? label.text : null,
      grid: this.gridOn === true || this.gridOn === which,
    };
    if (label?.options.fontsize) axis.titleFontSize = label.options.fontsize * pt;
    if (label?.options.fontweight) axis.titleFontWeight = label.options.fontweight;
    if (scaleName === 'linear' && !ticks) {
      // matplotlib's default locator (MaxNLocator, nbins 'auto'): at most one interval per three (x) or two (y)
      // label heights of the axis length, never more than 9, on steps of 1, 2, 2.5, 5, 10 × 10ⁿ. (Vega's own
      // choice, one tick per 40 px, crowds long axes and then hides every other label but keeps its grid
      // line.) Labels are written as matplotlib writes them: 1000, not 1,000.
      const nbins = Math.min(9, Math.max(1, Math.floor(length / pt / ((which === 'x' ? 3 : 2) * 10))));
      const lo = Math.min(domain[0], domain[1]);
      const hi = Math.max(domain[0], domain[1]);
      const slack = (hi - lo) * 1e-9;
      const values = hi > lo ? niceLevels(lo, hi, nbins).filter((v) => v >= lo - slack && v <= hi + slack) : [];
      if (values.length > 1) {
        axis.values = values;
        // Every label with the decimals the step needs (-1.0, -0.5, 0.0 like matplotlib's ScalarFormatter), as
        // an expression: Vega would round a `format` to a precision derived from its own tick count.
        const large = Math.max(Math.abs(lo), Math.abs(hi)) >= 1e6 || hi - lo < 1e-4;
        axis.labelExpr = large ? "format(datum.value, '~g')" : `format(datum.value, '.${stepDecimals(values[1] - values[0])}f')`;
      }
    }
    if (scaleName === 'log') {
      axis.format = '~g';
      // Over more than a decade Vega ticks every 2..9 multiple; like matplotlib, label only the powers of ten.
      const lo = Math.min(domain[0], domain[1]);
      const hi = Math.max(domain[0], domain[1]);
      if (!ticks && lo > 0 && Math.log10(hi / lo) > 1.2) {
        axis.labelExpr = `abs(log(datum.value) / LN10 - round(log(datum.value) / LN10)) < 1e-6 ? ${SUPERSCRIPT_DECADE} : ''`;
        axis.labelOverlap = false;
      }
    }
    if (ticks) {
      axis.values = ticks.values;
      if (ticks.labels) {
        const names = JSON.stringify(ticks.labels).replace(/"/g, "'");
        const positions = JSON.stringify(ticks.values);
        axis.labelExpr = `${names}[indexof(${positions}, datum.value)]`;
        axis.labelLimit = 0; // category names in full, as matplotlib writes them (Vega cuts at 180 px)
      }
      const rotation = ticks.options.rotation ?? 0;
      if (rotation) { axis.labelAngle = -rotation; axis.labelAlign = rotation % 180 === 0 ? 'center' : 'right'; axis.labelBaseline = 'middle'; }
      if (ticks.options.ha) axis.labelAlign = ticks.options.ha;
      if (ticks.options.fontsize) axis.labelFontSize = ticks.options.fontsize * pt;
    }
    return { type: 'quantitative', scale, axis };
  }

  private legendEncoding(
    entries: { label: string; color: string; kind: LegendKind }[], pt: number,
    area: { width: number; height: number; px: (x: number, y: number) => [number, number] },
  ): Record<string, unknown> {
    const o = this.legendOptions ?? {};
    const kinds = new Set(entries.map((e) => e.kind));
    const symbolType = kinds.size === 1 && kinds.has('line') ? 'stroke' : kinds.size === 1 && kinds.has('marker') ? 'circle' : 'square';
    const fontSize = (o.fontsize ?? 10) * pt;
    const padding = o.frameon === false ? 0 : 5 * pt;
    const place = (o.loc ?? 'best') === 'best'
      ? this.bestLegendPlace(entries, fontSize, padding, area)
      : LEGEND_ORIENT[o.loc!] ? { orient: LEGEND_ORIENT[o.loc!] } : undefined;
    if (!place) throw new Error(`legend: unknown loc '${o.loc}'; use one of ${Object.keys(LEGEND_ORIENT).join(', ')}`);
    return {
      type: 'nominal',
      scale: { domain: entries.map((e) => e.label), range: entries.map((e) => e.color) },
      legend: {
        ...place, title: o.title ?? null, symbolType, symbolStrokeWidth: 2 * pt, symbolOpacity: 1, labelFontSize: fontSize, labelLimit: 0,
        ...(o.frameon === false ? {} : { fillColor: 'rgba(255,255,255,0.8)', strokeColor: '#cccccc', padding, cornerRadius: 3 }),
        offset: LEGEND_OFFSET,
      },
    };
  }

  /**
   * matplotlib's `loc: 'best'`: of its places, in its order (the four corners, then right — the same as center
   * right —, center left, lower center, upper center, center), the first whose legend box covers the least of the plotted data —
   * points and the lines between them, sampled every few pixels. Corners use Vega's inside orients; the other
   * places an explicit position. The box size is estimated from the labels' length, the font size and padding.
   */
  private bestLegendPlace(
    entries: { label: string }[], fontSize: number, padding: number,
    area: { width: number; height: number; px: (x: number, y: number) => [number, number] },
  ): Record<string, unknown> {
    const boxW = Math.max(...entries.map((e) => e.label.length)) * fontSize * 0.6 + 3 * fontSize + 2 * padding;
    const boxH = entries.length * fontSize * 1.3 + 0.5 * fontSize + 2 * padding;
    const left = LEGEND_OFFSET;
    const right = area.width - boxW - LEGEND_OFFSET;
    const top = LEGEND_OFFSET;
    const bottom = area.height - boxH - LEGEND_OFFSET;
    const midX = (area.width - boxW) / 2;
    const midY = (area.height - boxH) / 2;
    const at = (x: number, y: number): Record<string, unknown> => ({ orient: 'none', legendX: Math.round(x), legendY: Math.round(y) });
    const places: [Record<string, unknown>, number, number][] = [
      [{ orient: 'top-right' }, right, top], [{ orient: 'top-left' }, left, top],
      [{ orient: 'bottom-left' }, left, bottom], [{ orient: 'bottom-right' }, right, bottom],
      [at(right, midY), right, midY], [at(left, midY), left, midY],
      [at(midX, bottom), midX, bottom], [at(midX, top), midX, top], [at(midX, midY), midX, midY],
    ];
    const covered = places.map(() => 0);
    const count = (x: number, y: number): void => {
      places.forEach(([, x0, y0], k) => { if (x >= x0 && x <= x0 + boxW && y >= y0 && y <= y0 + boxH) covered[k]++; });
    };
    for (const artist of this.artists) {
      const pts = pointsOf(artist);
      if (!pts) continue;
      const step = Math.max(1, Math.floor(pts.xs.length / 400)); // long series: every n-th point
      let prev: [number, number] | undefined;
      for (let i = 0; i < pts.xs.length; i += step) {
        if (!Number.isFinite(pts.xs[i]) || !Number.isFinite(pts.ys[i])) { prev = undefined; continue; }
        const p = area.px(pts.xs[i], pts.ys[i]);
        // A line crossing a box counts even between its points: sample each segment every 4 px.
        const n = prev ? Math.min(200, Math.max(1, Math.ceil(Math.hypot(p[0] - prev[0], p[1] - prev[1]) / 4))) : 1;
        for (let j = 1; j <= n; j++) {
          const t = j / n;
          count(prev ? prev[0] + (p[0] - prev[0]) * t : p[0], prev ? prev[1] + (p[1] - prev[1]) * t : p[1]);
        }
        prev = p;
      }
    }
    let best = 0;
    covered.forEach((c, k) => { if (c < covered[best]) best = k; });
    return places[best][0];
  }
}

/** Pixels between a legend inside the plot and the plot's edge. */
const LEGEND_OFFSET = 6;

type ContourArgs = [Values2D, ...unknown[]];

/** Data points of the artists that have them, for placing the legend. */
function pointsOf(artist: Artist): { xs: number[]; ys: number[] } | undefined {
  const a = artist as Partial<{ xs: unknown; ys: unknown }>;
  return Array.isArray(a.xs) && Array.isArray(a.ys) ? { xs: a.xs as number[], ys: a.ys as number[] } : undefined;
}

/** The argument forms of `plot` (and `semilogy`, `semilogx`, `loglog`). */
export type PlotArgs =
  | [y: Values1D, options?: LineOptions]
  | [y: Values1D, fmt: string, options?: LineOptions]
  | [x: Values1D, y: Values1D, options?: LineOptions]
  | [x: Values1D, y: Values1D, fmt: string, options?: LineOptions];

/** A Vega expression writing the decade `datum.value` as 10 with a superscript exponent (10⁻⁶), like matplotlib's log axes. */
const SUPERSCRIPT_DECADE = (() => {
  const sup: Record<string, string> = { '-': '⁻', '−': '⁻', 0: '⁰', 1: '¹', 2: '²', 3: '³', 4: '⁴', 5: '⁵', 6: '⁶', 7: '⁷', 8: '⁸', 9: '⁹' };
  let expr = "format(round(log(datum.value) / LN10), 'd')"; // d3-format writes U+2212 for minus
  for (const [plain, raised] of Object.entries(sup)) expr = `replace(${expr}, regexp('${plain}', 'g'), '${raised}')`;
  return `'10' + ${expr}`;
})();

const LEGEND_ORIENT: Record<string, string> = {
  best: 'top-right', 'upper right': 'top-right', 'upper left': 'top-left', 'lower left': 'bottom-left',
  'lower right': 'bottom-right', right: 'right', 'center right': 'right', 'center left': 'left', 'upper center': 'top',
  'lower center': 'bottom', center: 'top-right', outside: 'right',
};

/** Error bars as rule marks (plus caps), drawn under their line. */
class ErrorBars implements Artist {
  constructor(
    readonly xs: number[], readonly ys: number[], readonly yerr: [number[], number[]] | undefined,
    readonly xerr: [number[], number[]] | undefined, readonly color: string, readonly linewidth: number, readonly capsize: number,
  ) {}

  extent(): Extent | null {
    const ylo = this.ys.map((y, i) => y - (this.yerr?.[0][i] ?? 0));
    const yhi = this.ys.map((y, i) => y + (this.yerr?.[1][i] ?? 0));
    const xlo = this.xs.map((x, i) => x - (this.xerr?.[0][i] ?? 0));
    const xhi = this.xs.map((x, i) => x + (this.xerr?.[1][i] ?? 0));
    return { x: finiteExtent([...xlo, ...xhi]), y: finiteExtent([...ylo, ...yhi]) };
  }

  layers(ctx: LayerContext): Layer[] {
    const rows: Record<string, number>[] = [];
    const caps: Record<string, number>[] = [];
    const half = (this.capsize * ctx.pt) / 2;
    this.xs.forEach((x, i) => {
      const y = this.ys[i];
      if (this.yerr) {
        const [px, p0] = ctx.px(x, y - this.yerr[0][i]);
        const [, p1] = ctx.px(x, y + this.yerr[1][i]);
        rows.push({ x: px, x2: px, y: p0, y2: p1 });
        if (half > 0) caps.push({ x: px - half, x2: px + half, y: p0, y2: p0 }, { x: px - half, x2: px + half, y: p1, y2: p1 });
      }
      if (this.xerr) {
        const [p0, py] = ctx.px(x - this.xerr[0][i], y);
        const [p1] = ctx.px(x + this.xerr[1][i], y);
        rows.push({ x: p0, x2: p1, y: py, y2: py });
        if (half > 0) caps.push({ x: p0, x2: p0, y: py - half, y2: py + half }, { x: p1, x2: p1, y: py - half, y2: py + half });
      }
    });
    return [pixelSpanLayer([...rows, ...caps], { type: 'rule', color: this.color, strokeWidth: this.linewidth * ctx.pt })];
  }
}

function colorbarLayer(spec: { mappable: Mappable; label?: string }, height: number, pt: number): Layer {
  const { cmap, vmin, vmax } = spec.mappable;
  const stops = colormap(cmap).stops;
  const domain = vmin === vmax ? [vmin - 0.5, vmax + 0.5] : [vmin, vmax];
  return {
    data: values([{ v: domain[0] }, { v: domain[1] }]),
    mark: { type: 'point', opacity: 0, size: 0 },
    encoding: {
      fill: {
        field: 'v', type: 'quantitative',
        scale: { domain, range: stops, zero: false, nice: false },
        legend: {
          orient: 'right', direction: 'vertical', gradientLength: Math.max(40, height), gradientThickness: 0.05 * height,
          title: spec.label ?? null, titleOrient: 'right', titleAnchor: 'middle',
          labelFontSize: 10 * pt, titleFontSize: 10 * pt, titleFontWeight: 'normal', gradientStrokeColor: '#000', gradientStrokeWidth: 0.8 * pt,
          tickCount: 6, labelOverlap: true,
        },
      },
    },
  };
}

/**
 * Legend entries are encoded as `color: { datum: label }` while building; the v5 schema only allows a scale
 * on field definitions, so the label becomes a calculated field of the layer.
 */
function datumToField(layer: Layer): Layer {
  const enc = layer.encoding as Record<string, Record<string, unknown>> | undefined;
  const color = enc?.color;
  if (!color || !('datum' in color)) return layer;
  const { datum, ...rest } = color;
  const transform = [...((layer.transform as unknown[]) ?? []), { calculate: JSON.stringify(String(datum)), as: '__legend' }];
  return { ...layer, transform, encoding: { ...enc, color: { field: '__legend', ...rest } } };
}

/** On log axes, rows with values ≤ 0 cannot be placed; drop them as matplotlib does (masks them). */
function dropNonPositive(layer: Layer): Layer {
  const enc = layer.encoding as Record<string, { field?: string; scale?: { type?: string } | null }> | undefined;
  const data = layer.data as { values?: Record<string, unknown>[] } | undefined;
  if (!enc || !data?.values) return layer;
  const logFields = (['x', 'y'] as const)
    .filter((ch) => enc[ch]?.scale?.type === 'log' && enc[ch]?.field)
    .flatMap((ch) => [enc[ch]!.field!, ...(enc[`${ch}2`]?.field ? [enc[`${ch}2`]!.field!] : [])]);
  if (logFields.length === 0) return layer;
  return { ...layer, data: { ...data, values: data.values.filter((row) => logFields.every((f) => !(typeof row[f] === 'number' && (row[f] as number) <= 0))) } };
}

function titleSpec(text: string, o: LabelOptions, defaultSize: number): Record<string, unknown> {
  const lines = text.split('\n');
  return {
    text: lines.length > 1 ? lines : text,
    fontSize: o.fontsize ? o.fontsize * (defaultSize / 12) : defaultSize,
    fontWeight: o.fontweight ?? 'normal',
    anchor: o.loc === 'left' ? 'start' : o.loc === 'right' ? 'end' : 'middle',
    ...(o.color ? { color: resolveColor(o.color) } : {}),
  };
}

function autoDomain(ranges: [number, number][], sticky: number[], margin: number, scale: ScaleName, positiveMin = Infinity): [number, number] {
  let lo = scale === 'log' ? positiveMin : Infinity;
  let hi = -Infinity;
  for (const [a, b] of ranges) {
    for (const v of [a, b]) {
      if (!Number.isFinite(v) || (scale === 'log' && v <= 0)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  if (lo > hi) return scale === 'log' ? [1, 10] : [0, 1];
  if (lo === hi) {
    const d = scale === 'log' ? lo * 0.1 : Math.abs(lo) * 0.055 || 0.055;
    return [lo - d, hi + d];
  }
  const fwd = scale === 'log' ? Math.log10 : (v: number): number => v;
  const inv = scale === 'log' ? (v: number): number => Math.pow(10, v) : (v: number): number => v;
  const span = fwd(hi) - fwd(lo);
  let a = inv(fwd(lo) - margin * span);
  let b = inv(fwd(hi) + margin * span);
  for (const s of sticky) {
    if (s <= lo + 1e-12 * Math.abs(span) && s >= lo - 1e-12 * Math.abs(span) && a < s) a = s;
    if (s >= hi - 1e-12 * Math.abs(span) && s <= hi + 1e-12 * Math.abs(span) && b > s) b = s;
  }
  return [a, b];
}

/** Decimals that print every multiple of `step` exactly: 0 for 200, 1 for 0.5 and 2.5, 2 for 0.25. */
function stepDecimals(step: number): number {
  for (let d = 0; d < 10; d++) {
    const m = Math.abs(step) * 10 ** d;
    if (Math.abs(m - Math.round(m)) < 1e-6 * Math.max(1, m)) return d;
  }
  return 10;
}

function scaleFunction(scale: ScaleName, constant: number, domain: [number, number], range: [number, number]): (v: number) => number {
  const f = scale === 'log' ? Math.log10
    : scale === 'symlog' ? (v: number): number => Math.sign(v) * Math.log1p(Math.abs(v) / constant)
    : (v: number): number => v;
  const d0 = f(domain[0]);
  const d1 = f(domain[1]);
  const span = d1 - d0 || 1;
  return (v) => range[0] + ((f(v) - d0) / span) * (range[1] - range[0]);
}

function checkScale(scale: string): void {
  if (!['linear', 'log', 'symlog'].includes(scale)) throw new Error(`Unknown scale '${scale}'; use 'linear', 'log' or 'symlog'`);
}

/** Coordinates along one axis of a grid from a 1-D vector or a 2-D meshgrid. */
function axisCoordinates(v: Values2D, rows: number, cols: number, which: 'x' | 'y', name: string): number[] {
  const shape = shapeOf(v);
  const nums = toNumbers(v, `${name} ${which.toUpperCase()}`);
  const n = which === 'x' ? cols : rows;
  if (shape.length === 1 || shape.filter((d) => d > 1).length <= 1) {
    if (nums.length !== n) throw new Error(`${name}: ${which.toUpperCase()} has ${nums.length} values but Z has ${n} ${which === 'x' ? 'columns' : 'rows'}`);
    return nums;
  }
  if (nums.length !== rows * cols) throw new Error(`${name}: ${which.toUpperCase()} has shape [${shape.join(', ')}] but Z is ${rows}x${cols}`);
  return which === 'x' ? nums.slice(0, cols) : Array.from({ length: rows }, (_, r) => nums[r * cols]);
}

export function isOptions(v: unknown): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !ArrayBuffer.isView(v) && !isTensorLike(v);
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function trimNumber(v: number): string {
  return Number(v.toPrecision(4)).toString();
}

/** A tiny printf for clabel formats such as `'%.2f'` or `'%1.1f'`. */
function formatPrintf(fmt: string, v: number): string {
  return fmt.replace(/%(\d*)\.?(\d*)([fgde])/, (_, _w, p, kind) => {
    const digits = p === '' ? 6 : Number(p);
    if (kind === 'f') return v.toFixed(digits);
    if (kind === 'e') return v.toExponential(digits);
    if (kind === 'd') return Math.round(v).toString();
    return Number(v.toPrecision(digits || 1)).toString();
  });
}
