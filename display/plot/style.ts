import { resolveColor } from '../color/colormaps';

/** Line and marker style parsed from a matplotlib format string such as `'r--'`, `'o-'`, `'g^'`. */
export interface FmtStyle {
  color?: string;
  marker?: string;
  linestyle?: string;
}

const MARKERS = new Set(['.', ',', 'o', 'v', '^', '<', '>', 's', 'p', '*', 'h', 'H', '+', 'x', 'X', 'D', 'd', '|', '_']);
const COLORS = new Set(['b', 'g', 'r', 'c', 'm', 'y', 'k', 'w']);

/**
 * Parses a matplotlib fmt string `[marker][line][color]` (any order). With a marker but no line style,
 * no line is drawn (`'o'` is a scatter of dots), as in matplotlib.
 *
 * Example: `parseFmt('r--')` is `{ color: '#ff0000', linestyle: '--' }`.
 */
export function parseFmt(fmt: string): FmtStyle {
  const style: FmtStyle = {};
  let rest = fmt;
  for (const ls of ['--', '-.', '-', ':']) {
    if (rest.includes(ls)) { style.linestyle = ls; rest = rest.replace(ls, ''); break; }
  }
  const cycle = /C\d/.exec(rest);
  if (cycle) { style.color = resolveColor(cycle[0]); rest = rest.replace(cycle[0], ''); }
  for (const ch of rest) {
    if (COLORS.has(ch) && !style.color) style.color = resolveColor(ch);
    else if (MARKERS.has(ch) && !style.marker) style.marker = ch;
    else throw new Error(`Unrecognised character '${ch}' in format string '${fmt}'`);
  }
  if (style.marker && !style.linestyle) style.linestyle = 'None';
  return style;
}

/** Vega point shape for a matplotlib marker (SVG path for the ones Vega lacks). */
export function vegaShape(marker: string): string {
  switch (marker) {
    case 'o': case '.': case ',': case 'h': case 'H': case 'p': return 'circle';
    case 's': return 'square';
    case '^': return 'triangle-up';
    case 'v': return 'triangle-down';
    case '<': return 'triangle-left';
    case '>': return 'triangle-right';
    case 'D': case 'd': return 'diamond';
    case '+': return 'cross';
    case 'x': case 'X': return 'M-1,-1L1,1M1,-1L-1,1';
    case '*': return 'M0,-1L0.235,-0.324L0.951,-0.309L0.38,0.124L0.588,0.809L0,0.4L-0.588,0.809L-0.38,0.124L-0.951,-0.309L-0.235,-0.324Z';
    case '|': return 'M0,-1L0,1';
    case '_': return 'M-1,0L1,0';
    default: throw new Error(`Unknown marker '${marker}'`);
  }
}

/** Whether a marker is drawn as strokes only (plus, x, bars). */
export function isStrokeMarker(marker: string): boolean {
  return ['+', 'x', 'X', '|', '_'].includes(marker);
}

/** SVG dash pattern (px) for a matplotlib line style at the given line width. */
export function dashFor(linestyle: string | undefined, linewidth: number): number[] | undefined {
  const lw = Math.max(1, linewidth);
  switch (linestyle) {
    case '--': case 'dashed': return [3.7 * lw, 1.6 * lw];
    case ':': case 'dotted': return [1 * lw, 1.65 * lw];
    case '-.': case 'dashdot': return [6.4 * lw, 1.6 * lw, 1 * lw, 1.6 * lw];
    default: return undefined;
  }
}

/** True when the style draws no line (`'None'`, `''`, `' '`). */
export function isNoLine(linestyle: string | undefined): boolean {
  return linestyle === 'None' || linestyle === 'none' || linestyle === '' || linestyle === ' ';
}
