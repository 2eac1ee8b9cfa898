/**
 * What every plotted thing (line, bars, image, contours, text...) provides to its axes: the data extent it
 * covers (for automatic limits) and the Vega-Lite layers that draw it, given the axes' scales.
 */

/** A Vega-Lite layer (unit spec) as plain JSON. */
export type Layer = Record<string, unknown>;

/** Data extent of an artist. `sticky*` values are edges the automatic margins never cross (bar bases, image edges). */
export interface Extent {
  x: [number, number];
  y: [number, number];
  stickyX?: number[];
  stickyY?: number[];
  /** Smallest positive values, for log scales (the extent's minimum may be 0 or negative). */
  xMinPositive?: number;
  yMinPositive?: number;
}

/** Smallest positive finite value (Infinity if none). */
export function minPositive(values: ArrayLike<number>): number {
  let m = Infinity;
  for (let i = 0; i < values.length; i++) if (values[i] > 0 && values[i] < m) m = values[i];
  return m;
}

/** Scales and size of the axes an artist is drawn in. */
export interface LayerContext {
  /** Encoding properties (type, scale, axis, title) every x field must carry so layers merge cleanly. */
  x: Record<string, unknown>;
  y: Record<string, unknown>;
  width: number;
  height: number;
  xDomain: [number, number];
  yDomain: [number, number];
  /** Data coordinates to pixels inside the plot area (origin top-left). */
  px(x: number, y: number): [number, number];
  /** Pixels per typographic point (dpi / 72). */
  pt: number;
  /** Colour encoding for a legend entry, or undefined when the axes shows no legend / the artist has no label. */
  legendColor(label: string | undefined): Record<string, unknown> | undefined;
}

/** Colour information of an artist that can have a colorbar (scatter with `c`, imshow, contour, surface). */
export interface Mappable {
  cmap: string;
  vmin: number;
  vmax: number;
  /** Discrete boundaries (contour levels) drawn as a stepped colorbar. */
  levels?: number[];
}

/** Kind of legend symbol an artist wants. */
export type LegendKind = 'line' | 'marker' | 'patch';

export interface Artist {
  label?: string;
  legendKind?: LegendKind;
  color?: string;
  mappable?: Mappable;
  extent(): Extent | null;
  layers(ctx: LayerContext): Layer[];
}

/** Inline data for a layer. */
export function values(rows: Record<string, unknown>[]): { values: Record<string, unknown>[] } {
  return { values: rows };
}

/** A GeoJSON feature list drawn in pixel coordinates (identity projection), used for polygons and paths. */
export function pixelShapes(
  features: { geometry: Record<string, unknown>; color?: string }[],
  mark: Record<string, unknown>,
  channel: 'fill' | 'stroke' | ('fill' | 'stroke')[],
): Layer {
  const channels = Array.isArray(channel) ? channel : [channel];
  return {
    data: values(features.map((f) => ({ type: 'Feature', geometry: f.geometry, properties: { color: f.color ?? '#000' } }))),
    mark: { type: 'geoshape', clip: true, ...mark },
    projection: { type: 'identity', scale: 1, translate: [0, 0] },
    encoding: Object.fromEntries(channels.map((c) => [c, { field: 'properties.color', type: 'nominal', scale: null, legend: null }])),
  };
}

/**
 * A layer of rules or rectangles placed in pixels of the plot area (`x`, `x2`, `y`, `y2` per row), outside
 * the axes' scales: reference lines, spans, error bars. `color` is a legend encoding, when labelled.
 */
export function pixelSpanLayer(rows: Record<string, number>[], mark: Record<string, unknown>, color?: Record<string, unknown>): Layer {
  return {
    data: values(rows),
    mark,
    encoding: {
      x: { field: 'x', type: 'quantitative', scale: null }, x2: { field: 'x2' },
      y: { field: 'y', type: 'quantitative', scale: null }, y2: { field: 'y2' },
      ...(color ? { color } : {}),
    },
  };
}

/** Rounds to 0.1 px to keep specs small. */
export function r1(v: number): number {
  return Math.round(v * 10) / 10;
}
