import { inspect } from 'util';

/** The well-known symbol under which an object's display method lives (the same symbol as Deno's kernel). */
export const displaySymbol: unique symbol = Symbol.for('Jupyter.display') as never;

/** Mime type to data: strings for text and base64 images, plain objects for JSON types. */
export type MimeBundle = Record<string, unknown>;

/** A bundle ready to send: `data` always has `text/plain`; `metadata` is per mime type. */
export interface DisplayOutput {
  data: MimeBundle;
  metadata: Record<string, unknown>;
}

/** Options for Node's inspect used for the text/plain fallback. */
const INSPECT_OPTIONS = { depth: 4, maxArrayLength: 100, maxStringLength: 10_000, breakLength: 100 };

/**
 * The mime bundle for any value: the value's `[displaySymbol]()` result when it has that method (a bundle, or
 * `{ data, metadata }`), else Node's `util.inspect` as `text/plain`. `text/plain` is always present.
 *
 * Example:
 * ```ts
 * toMimeBundle(42);  // { data: { 'text/plain': '42' }, metadata: {} }
 * ```
 */
export function toMimeBundle(value: unknown): DisplayOutput {
  const method = displayMethodOf(value);
  if (!method) return { data: { 'text/plain': inspect(value, INSPECT_OPTIONS) }, metadata: {} };
  const result: unknown = method.call(value);
  if (typeof result !== 'object' || result === null) {
    throw new TypeError(`[Symbol.for('Jupyter.display')]() must return a mime bundle object, got ${describe(result)}`);
  }
  const { data, metadata } = splitMetadata(result as Record<string, unknown>);
  const bundle: MimeBundle = { ...data };
  if (bundle['text/plain'] === undefined) bundle['text/plain'] = plainFallback(value);
  return { data: bundle, metadata };
}

function displayMethodOf(value: unknown): ((this: unknown) => unknown) | undefined {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return undefined;
  try {
    const method = (value as Record<symbol, unknown>)[displaySymbol];
    return typeof method === 'function' ? (method as (this: unknown) => unknown) : undefined;
  } catch {
    return undefined;
  }
}

/** `{ data, metadata }` has no key with a slash; a bare bundle has only mime-type keys. */
function splitMetadata(result: Record<string, unknown>): DisplayOutput {
  const keys = Object.keys(result);
  const isWrapped = 'data' in result && typeof result.data === 'object' && result.data !== null
    && !keys.some((k) => k.includes('/'));
  if (!isWrapped) return { data: result, metadata: {} };
  const metadata = result.metadata;
  return {
    data: result.data as MimeBundle,
    metadata: typeof metadata === 'object' && metadata !== null ? (metadata as Record<string, unknown>) : {},
  };
}

function plainFallback(value: unknown): string {
  const own = (value as { toString?: unknown }).toString;
  if (typeof own === 'function' && own !== Object.prototype.toString) {
    try { return String(own.call(value)); } catch { /* fall through to inspect */ }
  }
  return inspect(value, INSPECT_OPTIONS);
}

function describe(v: unknown): string {
  return v === null ? 'null' : typeof v;
}
