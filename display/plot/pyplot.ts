/**
 * `plt`: matplotlib's pyplot state machine (a current figure and current axes) with camelCased names, so
 * course code translates line by line:
 *
 * ```ts
 * plt.figure({ figsize: [8, 4] });
 * plt.plot(xs, ys, 'r--', { label: 'loss' });
 * plt.xlabel('epoch'); plt.legend(); plt.grid();
 * plt.show();
 * ```
 *
 * Figures render to Vega-Lite v5 with SVG and PNG fallbacks. `show()` displays the current figure and
 * starts a new one; a `Figure` as a cell's value displays too.
 */
import { Axes, type PlotArgs, type ErrorbarOptions, type LabelOptions, type LegendOptions, type ScaleName, type TickOptions } from './axes';
import { Axes3D } from './axes3d';
import { Figure, type FigureOptions, type SubplotsOptions } from './figure';
import type { Mappable } from './artist';
import type { Values1D, Values2D } from './data';
import type { LineOptions, RefLineOptions } from './artists/line';
import type { ScatterOptions } from './artists/scatter';
import type { BarOptions, HistOptions, Histogram } from './artists/bars';
import type { ImshowOptions } from './artists/image';
import type { FillOptions } from './artists/fill';
import type { SpanOptions } from './artists/span';
import type { ContourSet } from './artists/contour';
import type { AnnotateOptions, ArrowOptions, TextOptions } from './artists/text';
import { show as showOutput } from '../output';

export { Axes, Axes3D, Figure };
export { Circle, Rectangle, Polygon, Patch } from './artists/patch';
export { colormap, colormapNames } from '../color/colormaps';
export type { PlotArgs, SpanOptions, FigureOptions, SubplotsOptions, LineOptions, ScatterOptions, HistOptions, ImshowOptions, TextOptions };

let current: Figure | undefined;
const open: Figure[] = [];

/** Starts a new figure and makes it current. */
export function figure(options: FigureOptions = {}): Figure {
  current = new Figure(options);
  open.push(current);
  return current;
}

/** The current figure (created on first use). */
export function gcf(): Figure {
  return current ?? figure();
}

/** The current axes (created on first use). */
export function gca(): Axes {
  const fig = gcf();
  return currentAxes.get(fig) ?? setCurrentAxes(fig, fig.axes[fig.axes.length - 1] ?? fig.addSubplot(1, 1, 1));
}

const currentAxes = new WeakMap<Figure, Axes>();
function setCurrentAxes(fig: Figure, ax: Axes): Axes {
  currentAxes.set(fig, ax);
  return ax;
}

/** Makes subplot `index` (1-based) of an `nrows × ncols` grid current: `subplot(2, 3, 1)` or `subplot(231)`. */
export function subplot(nrows: number, ncols: number, index: number, options: { projection: '3d' }): Axes3D;
export function subplot(nrows: number, ncols?: number, index?: number, options?: { projection?: '3d' }): Axes;
export function subplot(nrows: number, ncols?: number, index?: number, options?: { projection?: '3d' }): Axes {
  const fig = gcf();
  const ax = ncols === undefined ? fig.addSubplot(nrows) : fig.addSubplot(nrows, ncols, index ?? 1, options);
  return setCurrentAxes(fig, ax);
}

/** A new figure with a grid of axes; the axes are squeezed like matplotlib (single → Axes, one row/column → Axes[]). */
export function subplots(options?: SubplotsOptions): [Figure, Axes];
export function subplots(nrows: 1, ncols?: 1, options?: SubplotsOptions): [Figure, Axes];
export function subplots(nrows: 1, ncols: number, options?: SubplotsOptions): [Figure, Axes[]];
export function subplots(nrows: number, ncols?: 1, options?: SubplotsOptions): [Figure, Axes[]];
export function subplots(nrows: number, ncols: number, options?: SubplotsOptions): [Figure, Axes[][]];
export function subplots(...args: unknown[]): [Figure, Axes | Axes[] | Axes[][]] {
  const options = (typeof args[args.length - 1] === 'object' ? args.pop() : {}) as SubplotsOptions;
  const nrows = (args[0] as number | undefined) ?? 1;
  const ncols = (args[1] as number | undefined) ?? 1;
  const fig = figure(options);
  const grid = fig.subplots(nrows, ncols, options);
  setCurrentAxes(fig, grid[0][0]);
  if (options.squeeze === false) return [fig, grid];
  if (nrows === 1 && ncols === 1) return [fig, grid[0][0]];
  if (nrows === 1) return [fig, grid[0]];
  if (ncols === 1) return [fig, grid.map((r) => r[0])];
  return [fig, grid];
}

/** Creates axes on the current figure (`axes({ projection: '3d' })` for 3-D). */
export function axes(options: { projection: '3d' }): Axes3D;
export function axes(options?: { projection?: '3d' }): Axes;
export function axes(options: { projection?: '3d' } = {}): Axes {
  const fig = gcf();
  return setCurrentAxes(fig, fig.addSubplot(1, 1, 1, options));
}

/** Makes `ax` the current axes (matplotlib's `plt.sca`). */
export function sca(ax: Axes): void {
  const fig = open.find((f) => f.axes.includes(ax));
  if (!fig) throw new Error('sca: these axes belong to no open figure');
  current = fig;
  setCurrentAxes(fig, ax);
}

export function plot(y: Values1D, options?: LineOptions): ReturnType<Axes['plot']>;
export function plot(y: Values1D, fmt: string, options?: LineOptions): ReturnType<Axes['plot']>;
export function plot(x: Values1D, y: Values1D, options?: LineOptions): ReturnType<Axes['plot']>;
export function plot(x: Values1D, y: Values1D, fmt: string, options?: LineOptions): ReturnType<Axes['plot']>;
export function plot(...args: unknown[]): ReturnType<Axes['plot']> {
  return (gca().plot as (...a: unknown[]) => ReturnType<Axes['plot']>)(...args);
}
export const scatter = (x: Values1D, y: Values1D, options?: Parameters<Axes['scatter']>[2]): ReturnType<Axes['scatter']> => gca().scatter(x, y, options);
export const bar = (x: Values1D | string[], height: Values1D | number, options?: Parameters<Axes['bar']>[2]): ReturnType<Axes['bar']> => gca().bar(x, height, options);
export const barh = (y: Values1D | string[], width: Values1D | number, options?: Parameters<Axes['barh']>[2]): ReturnType<Axes['barh']> => gca().barh(y, width, options);
export const hist = (x: Values1D | Values2D, options?: HistOptions): Histogram => gca().hist(x, options);
export const fillBetween = (x: Values1D, y1: Values1D | number, y2?: Values1D | number, options?: FillOptions): ReturnType<Axes['fillBetween']> => gca().fillBetween(x, y1, y2, options);
export const errorbar = (x: Values1D, y: Values1D, options?: ErrorbarOptions): ReturnType<Axes['errorbar']> => gca().errorbar(x, y, options);
export const imshow = (image: Values2D | Values1D, options?: ImshowOptions): ReturnType<Axes['imshow']> => gca().imshow(image, options);
export const contour = (...args: Parameters<Axes['contour']>): ContourSet => gca().contour(...args);
export const contourf = (...args: Parameters<Axes['contourf']>): ContourSet => gca().contourf(...args);
export const clabel = (cs: ContourSet, options?: Parameters<Axes['clabel']>[1]): void => gca().clabel(cs, options);
export const axvspan = (x0: number, x1: number, options?: SpanOptions): ReturnType<Axes['axvspan']> => gca().axvspan(x0, x1, options);
export const axhspan = (y0: number, y1: number, options?: SpanOptions): ReturnType<Axes['axhspan']> => gca().axhspan(y0, y1, options);
/** `plot` with a log y axis. */
export const semilogy = (...args: PlotArgs): ReturnType<Axes['plot']> => gca().semilogy(...args);
/** `plot` with a log x axis. */
export const semilogx = (...args: PlotArgs): ReturnType<Axes['plot']> => gca().semilogx(...args);
/** `plot` with both axes logarithmic. */
export const loglog = (...args: PlotArgs): ReturnType<Axes['plot']> => gca().loglog(...args);
export const axhline = (y?: number, options?: RefLineOptions): ReturnType<Axes['axhline']> => gca().axhline(y, options);
export const axvline = (x?: number, options?: RefLineOptions): ReturnType<Axes['axvline']> => gca().axvline(x, options);
export const text = (x: number, y: number, s: string, options?: TextOptions): ReturnType<Axes['text']> => gca().text(x, y, s, options);
export const annotate = (s: string, xy: [number, number], options?: AnnotateOptions): ReturnType<Axes['annotate']> => gca().annotate(s, xy, options);
export const arrow = (x: number, y: number, dx: number, dy: number, options?: ArrowOptions): ReturnType<Axes['arrow']> => gca().arrow(x, y, dx, dy, options);
export const legend = (options?: LegendOptions): void => gca().legend(options);
export const title = (s: string, options?: LabelOptions): void => gca().setTitle(s, options);
export const xlabel = (s: string, options?: LabelOptions): void => gca().setXlabel(s, options);
export const ylabel = (s: string, options?: LabelOptions): void => gca().setYlabel(s, options);
export const suptitle = (s: string, options?: LabelOptions): void => gcf().suptitle(s, options);
export const xscale = (scale: ScaleName, options?: { linthresh?: number }): void => gca().setXscale(scale, options);
export const yscale = (scale: ScaleName, options?: { linthresh?: number }): void => gca().setYscale(scale, options);
export const xlim = (left?: number | [number, number], right?: number): void => gca().setXlim(left, right);
export const ylim = (bottom?: number | [number, number], top?: number): void => gca().setYlim(bottom, top);
export const grid = (visible = true, options?: { axis?: 'x' | 'y' | 'both' }): void => gca().grid(visible, options);
export const axis = (arg: Parameters<Axes['axis']>[0]): void => gca().axis(arg);
export const cla = (): void => gca().cla();

/** Tick positions with optional labels: `xticks(range, names, { rotation: 90 })`. */
export function xticks(ticks: Values1D, labels?: string[], options?: TickOptions): void {
  gca().setXticks(ticks, labels, options);
}
export function yticks(ticks: Values1D, labels?: string[], options?: TickOptions): void {
  gca().setYticks(ticks, labels, options);
}

/** A colorbar for `mappable` (default: the latest colour-mapped artist of the current axes). */
export function colorbar(mappable?: { mappable?: Mappable }, options: { label?: string; ax?: Axes } = {}): void {
  const ax = options.ax ?? gca();
  gcf().colorbar(mappable, { ...options, ax });
}

/** Kept for matplotlib compatibility (layout always avoids overlaps). */
export function tightLayout(): void {
  gcf().tightLayout();
}

/** Displays the current figure (in a notebook: one output; in a terminal: its text) and starts afresh. */
export function show(): void {
  if (!current) return;
  const fig = current;
  close(fig);
  showOutput(fig);
}

/** Saves the current figure (`.png`, `.svg`, `.html`, `.json`). */
export function savefig(path: string, options?: { dpi?: number }): void {
  gcf().savefig(path, options);
}

/** Closes a figure (default: the current one; `'all'` closes every figure). */
export function close(fig?: Figure | 'all'): void {
  if (fig === 'all') { open.length = 0; current = undefined; return; }
  const target = fig ?? current;
  const i = target ? open.indexOf(target) : -1;
  if (i >= 0) open.splice(i, 1);
  if (target === current) current = open[open.length - 1];
}

/** Clears the current figure. */
export function clf(): void {
  const fig = gcf();
  fig.axes.length = 0;
  fig.suptitleSpec = undefined;
  currentAxes.delete(fig);
}

/**
 * For the kernel, after each cell (like matplotlib-inline): the figures the cell drew and did not show,
 * which the kernel displays; they are closed so the next cell starts a fresh figure.
 */
export function takeUnshownFigures(): Figure[] {
  const figs = open.filter((f) => f.axes.some((a) => a.artists.length > 0) || f.axes.length > 0);
  close('all');
  return figs;
}
