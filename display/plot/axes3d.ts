import { pixelShapes, values, type Layer, type Mappable } from './artist';
import { Axes, isOptions, type AxesBox, type LabelOptions } from './axes';
import { colormap, resolveColor } from '../color/colormaps';
import { finiteExtent, toGrid, toNumbers, type Values1D, type Values2D } from './data';
import { niceLevels } from './ticks';

/** Options of `plotSurface`. */
export interface SurfaceOptions {
  cmap?: string;
  /** One colour for the whole surface (shaded by facet orientation), used when no cmap is given. */
  color?: string;
  alpha?: number;
  /** Edge colour of the facets (default none). */
  edgecolor?: string;
  linewidth?: number;
  /** Maximum number of facet rows / columns (default 50, like matplotlib's rcount/ccount). */
  rcount?: number;
  ccount?: number;
  /** Take every n-th row / column (overrides rcount/ccount). */
  rstride?: number;
  cstride?: number;
  vmin?: number;
  vmax?: number;
}

/** Options of `plotWireframe`. */
export interface WireframeOptions {
  color?: string;
  linewidth?: number;
  alpha?: number;
  rstride?: number;
  cstride?: number;
  rcount?: number;
  ccount?: number;
}

type Vec3 = [number, number, number];

interface Surface3D {
  kind: 'surface' | 'wireframe';
  rows: number;
  cols: number;
  x: number[];
  y: number[];
  z: number[];
  options: SurfaceOptions & WireframeOptions;
  mappable?: Mappable;
}

interface Line3D {
  xs: number[];
  ys: number[];
  zs: number[];
  color: string;
  linewidth: number;
  marker?: boolean;
  size?: number;
  label?: string;
}

/**
 * 3-D axes (`fig.addSubplot(111, { projection: '3d' })`): surfaces, wireframes, 3-D lines and points,
 * drawn as an orthographic projection with the painter's algorithm (far facets first) into pixel-space
 * polygons, with matplotlib's default view (elev 30°, azim -60°) and its grey back panes.
 *
 * Example:
 * ```ts
 * const ax = plt.figure().addSubplot(111, { projection: '3d' }) as plt.Axes3D;
 * ax.plotSurface(X, Y, Z, { cmap: 'viridis' });
 * ax.viewInit(40, -120);
 * ```
 */
export class Axes3D extends Axes {
  elev = 30;
  azim = -60;
  zlabel?: { text: string; options: LabelOptions };
  zlim: [number | undefined, number | undefined] = [undefined, undefined];
  private readonly surfaces: Surface3D[] = [];
  private readonly lines3d: Line3D[] = [];

  /** Sets the camera: elevation above the x-y plane and azimuth around z, in degrees. */
  viewInit(elev = 30, azim = -60): void {
    this.elev = elev;
    this.azim = azim;
  }

  setZlabel(text: string, options: LabelOptions = {}): void { this.zlabel = { text, options }; }

  setZlim(bottom?: number | [number, number], top?: number): void {
    this.zlim = Array.isArray(bottom) ? [bottom[0], bottom[1]] : [bottom, top];
  }

  /**
   * A surface z = f(x, y) over a grid. X, Y and Z are 2-D `[rows, cols]` (meshgrid) or X, Y 1-D.
   * Facets are coloured by their mean height through `cmap`, or shaded from `color`.
   */
  plotSurface(X: Values2D | Values1D, Y: Values2D | Values1D, Z: Values2D, options: SurfaceOptions = {}): { mappable?: Mappable } {
    const s = this.grid3d('plotSurface', X, Y, Z, options, 'surface');
    if (options.cmap || !options.color) {
      const [lo, hi] = finiteExtent(s.z);
      s.mappable = { cmap: options.cmap ?? 'viridis', vmin: options.vmin ?? lo, vmax: options.vmax ?? hi };
    }
    this.surfaces.push(s);
    const artist = { mappable: s.mappable, extent: () => null, layers: () => [] };
    this.artists.push(artist);
    return artist;
  }

  /** A wireframe over a grid (same inputs as {@link plotSurface}). */
  plotWireframe(X: Values2D | Values1D, Y: Values2D | Values1D, Z: Values2D, options: WireframeOptions = {}): void {
    this.surfaces.push(this.grid3d('plotWireframe', X, Y, Z, options, 'wireframe'));
  }

  /** A line through 3-D points. */
  plot3D(xs: Values1D, ys: Values1D, zs: Values1D, options: { color?: string; linewidth?: number; label?: string; marker?: string } = {}): void {
    const l = this.line3d('plot3D', xs, ys, zs);
    this.lines3d.push({ ...l, color: resolveColor(options.color ?? this.nextColor()), linewidth: options.linewidth ?? 1.5, marker: !!options.marker, label: options.label });
  }

  /** Points in 3-D. */
  scatter3D(xs: Values1D, ys: Values1D, zs: Values1D, options: { color?: string; s?: number; label?: string } = {}): void {
    const l = this.line3d('scatter3D', xs, ys, zs);
    this.lines3d.push({ ...l, color: resolveColor(options.color ?? this.nextColor()), linewidth: 0, marker: true, size: options.s ?? 20, label: options.label });
  }

  private line3d(name: string, xs: Values1D, ys: Values1D, zs: Values1D): { xs: number[]; ys: number[]; zs: number[] } {
    const a = toNumbers(xs, `${name} xs`);
    const b = toNumbers(ys, `${name} ys`);
    const c = toNumbers(zs, `${name} zs`);
    if (a.length !== b.length || a.length !== c.length) throw new Error(`${name}: xs, ys and zs must have the same length, got ${a.length}, ${b.length}, ${c.length}`);
    return { xs: a, ys: b, zs: c };
  }

  private grid3d(name: string, X: Values2D | Values1D, Y: Values2D | Values1D, Z: Values2D, options: SurfaceOptions & WireframeOptions, kind: 'surface' | 'wireframe'): Surface3D {
    const g = toGrid(Z, `${name} Z`);
    const xs = toNumbers(X as Values2D, `${name} X`);
    const ys = toNumbers(Y as Values2D, `${name} Y`);
    const n = g.rows * g.cols;
    const x = xs.length === n ? xs : xs.length === g.cols ? Array.from({ length: n }, (_, i) => xs[i % g.cols]) : undefined;
    const y = ys.length === n ? ys : ys.length === g.rows ? Array.from({ length: n }, (_, i) => ys[Math.floor(i / g.cols)]) : undefined;
    if (!x || !y) throw new Error(`${name}: X and Y must be [rows, cols] like Z (${g.rows}x${g.cols}) or 1-D of length cols / rows`);
    // Down-sample to at most rcount x ccount facets (matplotlib's default 50).
    const rstride = options.rstride ?? Math.max(1, Math.ceil((g.rows - 1) / (options.rcount ?? 50)));
    const cstride = options.cstride ?? Math.max(1, Math.ceil((g.cols - 1) / (options.ccount ?? 50)));
    const rowIdx = strided(g.rows, rstride);
    const colIdx = strided(g.cols, cstride);
    const pick = (arr: number[]): number[] => rowIdx.flatMap((r) => colIdx.map((c) => arr[r * g.cols + c]));
    return { kind, rows: rowIdx.length, cols: colIdx.length, x: pick(x), y: pick(y), z: pick(g.values), options };
  }

  override toSpec(box: AxesBox): Layer {
    const pt = box.pt;
    const size = Math.min(box.width, box.height);
    const width = box.width;
    const height = box.height;
    const all = { x: [] as number[], y: [] as number[], z: [] as number[] };
    for (const s of this.surfaces) { all.x.push(...s.x); all.y.push(...s.y); all.z.push(...s.z); }
    for (const l of this.lines3d) { all.x.push(...l.xs); all.y.push(...l.ys); all.z.push(...l.zs); }
    const dom = (v: number[], lim: [number | undefined, number | undefined]): [number, number] => {
      const [lo, hi] = finiteExtent(v.length ? v : [0, 1]);
      const pad = lo === hi ? 0.5 : 0;
      return [lim[0] ?? lo - pad, lim[1] ?? hi + pad];
    };
    const xd = dom(all.x, this.xlim);
    const yd = dom(all.y, this.ylim);
    const zd = dom(all.z, this.zlim);
    // Normalised box: x, y in [-0.5, 0.5], z in [-0.375, 0.375] (matplotlib's 4:4:3 box aspect).
    const norm = (x: number, y: number, z: number): Vec3 => [
      (x - xd[0]) / (xd[1] - xd[0]) - 0.5, (y - yd[0]) / (yd[1] - yd[0]) - 0.5, ((z - zd[0]) / (zd[1] - zd[0]) - 0.5) * 0.75,
    ];
    const a = (this.azim * Math.PI) / 180;
    const e = (this.elev * Math.PI) / 180;
    const right: Vec3 = [-Math.sin(a), Math.cos(a), 0];
    const up: Vec3 = [-Math.sin(e) * Math.cos(a), -Math.sin(e) * Math.sin(a), Math.cos(e)];
    const toward: Vec3 = [Math.cos(e) * Math.cos(a), Math.cos(e) * Math.sin(a), Math.sin(e)];
    const scale = size / 1.25;
    const project = (p: Vec3): [number, number] => [width / 2 + scale * dot(p, right), height / 2 - scale * dot(p, up)];
    const depth = (p: Vec3): number => dot(p, toward);

    const layers: Layer[] = [{
      data: values([{ x: 0, y: 0 }, { x: width, y: height }]),
      mark: { type: 'point', opacity: 0 },
      encoding: { x: { field: 'x', type: 'quantitative', scale: null, axis: null }, y: { field: 'y', type: 'quantitative', scale: null, axis: null } },
    }];
    if (this.axisOn) layers.push(...this.boxLayers(xd, yd, zd, norm, project, toward, pt));

    // Facets of every surface, far to near.
    const facets: { ring: [number, number][]; depth: number; color: string }[] = [];
    const wires: { geometry: Record<string, unknown>; color: string }[] = [];
    for (const s of this.surfaces) {
      const P = s.x.map((_, i) => norm(s.x[i], s.y[i], s.z[i]));
      if (s.kind === 'wireframe') {
        const lines: [number, number][][] = [];
        for (let r = 0; r < s.rows; r++) lines.push(Array.from({ length: s.cols }, (_, c) => project(P[r * s.cols + c])));
        for (let c = 0; c < s.cols; c++) lines.push(Array.from({ length: s.rows }, (_, r) => project(P[r * s.cols + c])));
        wires.push({ geometry: { type: 'MultiLineString', coordinates: lines }, color: resolveColor(s.options.color ?? '#1f77b4') });
        continue;
      }
      const cm = s.mappable ? colormap(s.mappable.cmap) : undefined;
      const base = resolveColor(s.options.color ?? '#1f77b4');
      for (let r = 0; r + 1 < s.rows; r++) {
        for (let c = 0; c + 1 < s.cols; c++) {
          const ids = [r * s.cols + c, r * s.cols + c + 1, (r + 1) * s.cols + c + 1, (r + 1) * s.cols + c];
          const pts = ids.map((i) => P[i]);
          if (pts.some((p) => p.some((v) => !Number.isFinite(v)))) continue;
          const zMean = ids.reduce((acc, i) => acc + s.z[i], 0) / 4;
          let color: string;
          if (cm && s.mappable) {
            const span = s.mappable.vmax - s.mappable.vmin || 1;
            color = cm.hex((zMean - s.mappable.vmin) / span);
          } else color = shade(base, normal(pts));
          const ring = pts.map(project);
          ring.push(ring[0]);
          facets.push({ ring, depth: pts.reduce((acc, p) => acc + depth(p), 0) / 4, color });
        }
      }
    }
    facets.sort((p, q) => p.depth - q.depth);
    if (facets.length) {
      const surfaceOptions = this.surfaces.find((s) => s.kind === 'surface')?.options ?? {};
      const edge = surfaceOptions.edgecolor;
      const mark: Record<string, unknown> = { opacity: surfaceOptions.alpha ?? 1 };
      if (edge && edge !== 'none') Object.assign(mark, { stroke: resolveColor(edge), strokeWidth: (surfaceOptions.linewidth ?? 0.5) * pt });
      // Without explicit edges, a hairline in the facet's own colour closes the gaps between facets.
      const channels: ('fill' | 'stroke')[] = edge && edge !== 'none' ? ['fill'] : ['fill', 'stroke'];
      if (!(edge && edge !== 'none')) mark.strokeWidth = 0.5;
      layers.push(pixelShapes(facets.map((f) => ({ geometry: { type: 'Polygon', coordinates: [f.ring.map(([x, y]) => [r1(x), r1(y)])] }, color: f.color })), mark, channels));
    }
    if (wires.length) {
      const o = this.surfaces.find((s) => s.kind === 'wireframe')!.options;
      layers.push(pixelShapes(wires, { filled: false, fill: null, strokeWidth: (o.linewidth ?? 1) * pt, opacity: o.alpha ?? 1 }, 'stroke'));
    }
    for (const l of this.lines3d) {
      const rows = l.xs.map((_, i) => { const [px, py] = project(norm(l.xs[i], l.ys[i], l.zs[i])); return { px, py, i }; });
      const enc = { x: { field: 'px', type: 'quantitative', scale: null }, y: { field: 'py', type: 'quantitative', scale: null } };
      if (l.linewidth > 0) layers.push({ data: values(rows), mark: { type: 'line', color: l.color, strokeWidth: l.linewidth * pt }, encoding: { ...enc, order: { field: 'i' } } });
      if (l.marker) layers.push({ data: values(rows), mark: { type: 'point', filled: true, color: l.color, size: (l.size ?? 20) * pt * pt }, encoding: enc });
    }
    if (this.colorbarSpec) {
      const { cmap, vmin, vmax } = this.colorbarSpec.mappable;
      layers.push({
        data: values([{ v: vmin }, { v: vmax }]),
        mark: { type: 'point', opacity: 0, size: 0 },
        encoding: { fill: { field: 'v', type: 'quantitative', scale: { domain: [vmin, vmax], range: colormap(cmap).stops, zero: false, nice: false }, legend: { orient: 'right', gradientLength: height * 0.7, title: this.colorbarSpec.label ?? null, labelFontSize: 10 * pt } } },
      });
    }
    const spec: Layer = {
      width: Math.round(width), height: Math.round(height), layer: layers, view: { stroke: null },
      resolve: { scale: { fill: 'independent', stroke: 'independent' }, legend: { fill: 'independent' } },
    };
    if (this.title) spec.title = { text: this.title.text, fontSize: (this.title.options.fontsize ?? 12) * pt, fontWeight: this.title.options.fontweight ?? 'normal' };
    return spec;
  }

  /** Back panes, grid lines at nice ticks, tick labels and axis labels. */
  private boxLayers(
    xd: [number, number], yd: [number, number], zd: [number, number],
    norm: (x: number, y: number, z: number) => Vec3, project: (p: Vec3) => [number, number], toward: Vec3, pt: number,
  ): Layer[] {
    // The pane on each axis sits on the side facing away from the viewer.
    const backX = toward[0] > 0 ? xd[0] : xd[1];
    const backY = toward[1] > 0 ? yd[0] : yd[1];
    const frontX = backX === xd[0] ? xd[1] : xd[0];
    const frontY = backY === yd[0] ? yd[1] : yd[0];
    const floorZ = toward[2] > 0 ? zd[0] : zd[1];
    const P = (x: number, y: number, z: number): [number, number] => project(norm(x, y, z));
    const ring = (pts: [number, number][]): [number, number][] => [...pts, pts[0]];
    const panes = [
      ring([P(backX, yd[0], zd[0]), P(backX, yd[1], zd[0]), P(backX, yd[1], zd[1]), P(backX, yd[0], zd[1])]),
      ring([P(xd[0], backY, zd[0]), P(xd[1], backY, zd[0]), P(xd[1], backY, zd[1]), P(xd[0], backY, zd[1])]),
      ring([P(xd[0], yd[0], floorZ), P(xd[1], yd[0], floorZ), P(xd[1], yd[1], floorZ), P(xd[0], yd[1], floorZ)]),
    ];
    const paneColors = ['#f2f2f2', '#e6e6e6', '#ebebeb'];
    const layers: Layer[] = [pixelShapes(panes.map((p, i) => ({ geometry: { type: 'Polygon', coordinates: [p] }, color: paneColors[i] })), { stroke: '#d0d0d0', strokeWidth: 0.8 * pt }, 'fill')];
    const ticks = (d: [number, number]): number[] => niceLevels(d[0], d[1], 5).filter((v) => v >= d[0] - 1e-9 && v <= d[1] + 1e-9);
    const grid: [number, number][][] = [];
    const labels: Record<string, unknown>[] = [];
    const center = project([0, 0, 0]);
    const outward = (p: [number, number], dist: number): [number, number] => {
      const dx = p[0] - center[0];
      const dy = p[1] - center[1];
      const len = Math.hypot(dx, dy) || 1;
      return [p[0] + (dx / len) * dist, p[1] + (dy / len) * dist];
    };
    const fmt = (v: number): string => Number(v.toPrecision(6)).toString();
    for (const x of ticks(xd)) {
      grid.push([P(x, backY, zd[0]), P(x, backY, zd[1])], [P(x, yd[0], floorZ), P(x, yd[1], floorZ)]);
      const [lx, ly] = outward(P(x, frontY, floorZ), 14 * pt);
      labels.push({ px: lx, py: ly, text: fmt(x) });
    }
    for (const y of ticks(yd)) {
      grid.push([P(backX, y, zd[0]), P(backX, y, zd[1])], [P(xd[0], y, floorZ), P(xd[1], y, floorZ)]);
      const [lx, ly] = outward(P(frontX, y, floorZ), 14 * pt);
      labels.push({ px: lx, py: ly, text: fmt(y) });
    }
    // The z axis runs up the vertical edge at the front on the left of the picture.
    const corners: [number, number][] = [[backX, frontY], [frontX, backY]];
    const [zx, zy] = corners.reduce((best, c) => (P(c[0], c[1], zd[0])[0] < P(best[0], best[1], zd[0])[0] ? c : best));
    for (const z of ticks(zd)) {
      grid.push([P(backX, yd[0], z), P(backX, yd[1], z)], [P(xd[0], backY, z), P(xd[1], backY, z)]);
      const p = P(zx, zy, z);
      labels.push({ px: p[0] - 10 * pt, py: p[1], text: fmt(z), align: 'right' });
    }
    layers.push(pixelShapes([{ geometry: { type: 'MultiLineString', coordinates: grid }, color: '#ffffff' }], { filled: false, fill: null, strokeWidth: 0.8 * pt }, 'stroke'));
    // Drop tick labels that would overlap an earlier one (x first, then y, then z), e.g. at shared corners.
    const boxes: [number, number, number, number][] = [];
    const kept = labels.filter((l) => {
      const w = String(l.text).length * 5.6 * pt;
      const h = 10 * pt;
      const x0 = (l.px as number) - (l.align === 'right' ? w : w / 2);
      const y0 = (l.py as number) - h / 2;
      const box: [number, number, number, number] = [x0, y0, x0 + w, y0 + h];
      if (boxes.some((b) => box[0] < b[2] && b[0] < box[2] && box[1] < b[3] && b[1] < box[3])) return false;
      boxes.push(box);
      return true;
    });
    for (const align of ['center', 'right']) {
      const rows = kept.filter((l) => (l.align ?? 'center') === align);
      if (rows.length === 0) continue;
      layers.push({
        data: values(rows),
        mark: { type: 'text', fontSize: 9 * pt, baseline: 'middle', align },
        encoding: { x: { field: 'px', type: 'quantitative', scale: null }, y: { field: 'py', type: 'quantitative', scale: null }, text: { field: 'text' } },
      });
    }
    const axisLabels: Record<string, unknown>[] = [];
    const mid = (a: number, b: number): number => (a + b) / 2;
    if (this.xlabel) { const [lx, ly] = outward(P(mid(xd[0], xd[1]), frontY, floorZ), 34 * pt); axisLabels.push({ px: lx, py: ly, text: this.xlabel.text }); }
    if (this.ylabel) { const [lx, ly] = outward(P(frontX, mid(yd[0], yd[1]), floorZ), 34 * pt); axisLabels.push({ px: lx, py: ly, text: this.ylabel.text }); }
    if (this.zlabel) { const p = P(zx, zy, mid(zd[0], zd[1])); axisLabels.push({ px: p[0] - 42 * pt, py: p[1], text: this.zlabel.text }); }
    if (axisLabels.length) {
      layers.push({
        data: values(axisLabels),
        mark: { type: 'text', fontSize: 10 * pt, align: 'center', baseline: 'middle' },
        encoding: { x: { field: 'px', type: 'quantitative', scale: null }, y: { field: 'py', type: 'quantitative', scale: null }, text: { field: 'text' } },
      });
    }
    return layers;
  }
}

function strided(n: number, stride: number): number[] {
  const idx: number[] = [];
  for (let i = 0; i < n; i += stride) idx.push(i);
  if (idx[idx.length - 1] !== n - 1) idx.push(n - 1);
  return idx;
}

function dot(a: Vec3, b: Vec3): number {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

function normal(p: Vec3[]): Vec3 {
  const u: Vec3 = [p[2][0] - p[0][0], p[2][1] - p[0][1], p[2][2] - p[0][2]];
  const v: Vec3 = [p[3][0] - p[1][0], p[3][1] - p[1][1], p[3][2] - p[1][2]];
  const n: Vec3 = [u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]];
  const len = Math.hypot(...n) || 1;
  return [n[0] / len, n[1] / len, n[2] / len];
}

/** Lambert-style shading of a base colour by the facet normal (light from the upper left, like matplotlib). */
function shade(hex: string, n: Vec3): string {
  if (!/^#[0-9a-f]{6}$/i.test(hex)) return hex;
  const light: Vec3 = [-0.5, -0.5, 0.7071];
  const k = 0.55 + 0.45 * Math.abs(dot(n, light));
  const rgb = [1, 3, 5].map((i) => Math.round(parseInt(hex.slice(i, i + 2), 16) * k));
  return '#' + rgb.map((v) => Math.max(0, Math.min(255, v)).toString(16).padStart(2, '0')).join('');
}

function r1(v: number): number {
  return Math.round(v * 10) / 10;
}

export { isOptions };
