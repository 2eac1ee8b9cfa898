import { contours } from 'd3-contour';

/** A closed ring or open polyline in pixel coordinates. */
export type Path = [number, number][];

/** Maps grid coordinates (column u, row v; cell centres at i + 0.5 as d3-contour uses) to pixels. */
export type GridToPixel = (u: number, v: number) => [number, number];

/**
 * Filled contour bands: for each pair of consecutive levels, the rings of the region ≥ lower level plus the
 * reversed rings of the region ≥ upper level, so a non-zero fill paints exactly the band (holes included).
 * Rings are simplified to `tolerance` pixels, which keeps a 300x300 grid's bands to a few kB.
 *
 * Shapes: `values` has `rows * cols` entries, row-major; returns one ring list per band (levels.length - 1).
 */
export function contourBands(values: ArrayLike<number>, rows: number, cols: number, levels: number[], toPixel: GridToPixel, tolerance = 0.25): Path[][] {
  const regions = regionRings(values, rows, cols, levels, toPixel, tolerance);
  const bands: Path[][] = [];
  for (let k = 0; k < levels.length - 1; k++) {
    // The top band keeps the maximum itself (matplotlib's bands are (lo, hi], the lowest also holding lo).
    const above = k === levels.length - 2 ? [] : regions[k + 1];
    bands.push([...regions[k], ...above.map((ring) => [...ring].reverse())]);
  }
  return bands;
}

/**
 * Contour lines at each level: the region boundaries with the parts that run along the grid's border
 * removed (those are not iso-lines), as open polylines in pixels.
 */
export function contourLines(values: ArrayLike<number>, rows: number, cols: number, levels: number[], toPixel: GridToPixel, tolerance = 0.1): Path[][] {
  const clean = sanitize(values);
  const gen = contours().size([cols, rows]).smooth(true);
  return levels.map((level) => {
    const lines: Path[] = [];
    for (const polygon of gen.contour(clean, level).coordinates) {
      for (const ring of polygon) {
        for (const piece of splitAtBorder(ring as [number, number][], rows, cols)) {
          const px = simplify(piece.map(([u, v]) => toPixel(u, v)), tolerance);
          if (px.length >= 2) lines.push(px);
        }
      }
    }
    return lines;
  });
}

function regionRings(values: ArrayLike<number>, rows: number, cols: number, levels: number[], toPixel: GridToPixel, tolerance: number): Path[][] {
  const clean = sanitize(values);
  const gen = contours().size([cols, rows]).smooth(true);
  return levels.map((level) => {
    const rings: Path[] = [];
    for (const polygon of gen.contour(clean, level).coordinates) {
      for (const ring of polygon) {
        const px = simplify((ring as [number, number][]).map(([u, v]) => toPixel(u, v)), tolerance);
        if (px.length >= 3) rings.push(px);
      }
    }
    return rings;
  });
}

function sanitize(values: ArrayLike<number>): number[] {
  const out = new Array<number>(values.length);
  for (let i = 0; i < values.length; i++) out[i] = Number.isFinite(values[i]) ? values[i] : -Infinity;
  return out;
}

function onBorder([u, v]: [number, number], rows: number, cols: number): boolean {
  return u <= 0 || v <= 0 || u >= cols || v >= rows;
}

/** Splits a ring into the runs that are not on the grid border. */
function splitAtBorder(ring: [number, number][], rows: number, cols: number): [number, number][][] {
  const pieces: [number, number][][] = [];
  let current: [number, number][] = [];
  const points = ring.slice(0, -1);
  const start = points.findIndex((p) => onBorder(p, rows, cols));
  if (start < 0) return [ring];
  for (let k = 0; k <= points.length; k++) {
    const p = points[(start + k) % points.length];
    if (onBorder(p, rows, cols)) {
      if (current.length > 0) { current.push(p); pieces.push(current); }
      current = [p];
    } else current.push(p);
  }
  return pieces.filter((piece) => piece.length >= 3 || (piece.length === 2 && !(onBorder(piece[0], rows, cols) && onBorder(piece[1], rows, cols))));
}

/** Douglas–Peucker simplification with a pixel tolerance, coordinates rounded to 0.1 px. */
export function simplify(points: [number, number][], tolerance: number): [number, number][] {
  const rounded = points.map(([x, y]) => [Math.round(x * 10) / 10, Math.round(y * 10) / 10] as [number, number]);
  if (rounded.length <= 3 || tolerance <= 0) return rounded;
  const keep = new Uint8Array(rounded.length);
  keep[0] = 1;
  keep[rounded.length - 1] = 1;
  const stack: [number, number][] = [[0, rounded.length - 1]];
  while (stack.length) {
    const [a, b] = stack.pop()!;
    let worst = -1;
    let worstDist = tolerance;
    for (let i = a + 1; i < b; i++) {
      const d = distanceToSegment(rounded[i], rounded[a], rounded[b]);
      if (d > worstDist) { worstDist = d; worst = i; }
    }
    if (worst >= 0) {
      keep[worst] = 1;
      stack.push([a, worst], [worst, b]);
    }
  }
  return rounded.filter((_, i) => keep[i]);
}

function distanceToSegment(p: [number, number], a: [number, number], b: [number, number]): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  if (len2 === 0) return Math.hypot(p[0] - a[0], p[1] - a[1]);
  const t = Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2));
  return Math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy));
}
