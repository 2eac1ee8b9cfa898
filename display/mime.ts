/**
 * The display protocol as seen from the objects that render themselves.
 *
 * An object shows itself in Jupyter by having a method under `Symbol.for('Jupyter.display')` that returns a
 * mime bundle (`{ 'text/plain': ..., 'image/png': ... }`) or `{ data, metadata }`. The kernel asks; each type
 * owns its rendering. This file holds the symbol and small helpers shared by every renderer in `display/`.
 */

/** The well-known symbol under which an object's display method lives (same as Deno's kernel). */
export const DISPLAY_SYMBOL: unique symbol = Symbol.for('Jupyter.display') as never;

/** A mime bundle: mime type to data (strings for text types, base64 strings for images, objects for JSON). */
export type Bundle = Record<string, unknown>;

/** What a display method may return: a bare bundle or one with per-type metadata. */
export type DisplayResult = Bundle | { data: Bundle; metadata?: Record<string, unknown> };

/** An object that knows how to display itself. */
export interface Displayable {
  [DISPLAY_SYMBOL](): DisplayResult;
}

/**
 * Wraps a lazily computed bundle in a displayable object, so `display(x)` or a cell ending in `x` shows it.
 *
 * Example:
 * ```ts
 * const d = displayable(() => ({ 'text/plain': 'hi', 'text/html': '<b>hi</b>' }));
 * ```
 */
export function displayable(render: () => DisplayResult, plain?: string): Displayable & { toString(): string } {
  return {
    [DISPLAY_SYMBOL]: render,
    toString: () => plain ?? String(bundleOf(render())['text/plain'] ?? ''),
  };
}

/** The data part of a display result, whether it came with metadata or not. */
export function bundleOf(result: DisplayResult): Bundle {
  if (isWithMetadata(result)) return result.data;
  return result;
}

function isWithMetadata(r: DisplayResult): r is { data: Bundle; metadata?: Record<string, unknown> } {
  return typeof r === 'object' && r !== null && 'data' in r && typeof (r as { data: unknown }).data === 'object'
    && !Object.keys(r).some((k) => k.includes('/'));
}

/** Escapes text for inclusion in HTML or SVG. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Formats an integer with thousands separators: 1234567 -> "1,234,567". */
export function withThousands(n: number): string {
  return Math.round(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Formats a byte count as B / kB / MB / GB (decimal, like torchinfo). */
export function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) { v /= 1000; i++; }
  return i === 0 ? `${v} B` : `${v.toFixed(2)} ${units[i]}`;
}
