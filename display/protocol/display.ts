import { randomBytes } from 'crypto';
import { toMimeBundle, type DisplayOutput, type MimeBundle } from './mime_bundle';
import { currentSink } from './sink';

/** A shown output that can be replaced in place (Jupyter `update_display_data`). */
export interface DisplayHandle<T = unknown> {
  /** The Jupyter display id of this output. */
  readonly displayId: string;
  /** Re-renders the output in place with a new value of the same kind as the one first shown. */
  update(value: T): void;
}

/** Options of `clearOutput`. */
export interface ClearOutputOptions {
  /** Wait until the next output arrives before clearing (no flicker in loops). Default false. */
  wait?: boolean;
}

/** Turns the argument of one display kind into a bundle. */
type Render<T> = (value: T) => DisplayOutput;

function newDisplayId(): string {
  return randomBytes(8).toString('hex');
}

/** Shows through the kernel sink, or prints text/plain when there is none. */
function show<T>(render: Render<T>, value: T): DisplayHandle<T> {
  const displayId = newDisplayId();
  emit(render(value), displayId, false);
  const handle = {
    displayId,
    update: (next: T) => emit(render(next), displayId, true),
  };
  Object.defineProperty(handle, HANDLE_MARK, { value: true });
  return handle;
}

const HANDLE_MARK = Symbol.for('tsdl.display.handle');

/**
 * Whether a value is a handle returned by `display` (a cell ending in `display(x)` shows x once, not the
 * handle as well).
 */
export function isDisplayHandle(value: unknown): value is DisplayHandle {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[HANDLE_MARK] === true;
}

function emit(output: DisplayOutput, displayId: string, isUpdate: boolean): void {
  const sink = currentSink();
  if (!sink) {
    process.stdout.write(String(output.data['text/plain']) + '\n');
    return;
  }
  if (isUpdate) sink.update(output, displayId);
  else sink.display(output, displayId);
}

function textKind(mime: string, plain: (s: string) => string): Render<string> {
  return (value: string) => {
    if (typeof value !== 'string') throw new TypeError(`display: ${mime} content must be a string, got ${typeof value}`);
    return { data: { [mime]: value, 'text/plain': plain(value) }, metadata: {} };
  };
}

function imageKind(mime: string): Render<Uint8Array | string> {
  return (value: Uint8Array | string) => {
    let base64: string;
    if (typeof value === 'string') base64 = value;
    else if (value instanceof Uint8Array) base64 = Buffer.from(value).toString('base64');
    else throw new TypeError(`display: ${mime} content must be bytes (Uint8Array/Buffer) or a base64 string, got ${typeof value}`);
    return { data: { [mime]: base64, 'text/plain': `<${mime} image>` }, metadata: {} };
  };
}

function jsonKind(mime: string, label: string): Render<object> {
  return (value: object) => {
    if (typeof value !== 'object' || value === null) {
      throw new TypeError(`display: ${label} content must be an object, got ${value === null ? 'null' : typeof value}`);
    }
    return { data: { [mime]: value, 'text/plain': `<${label}>` }, metadata: {} };
  };
}

const renderValue: Render<unknown> = (value) => toMimeBundle(value);

const renderBundle: Render<MimeBundle> = (bundle) => {
  if (typeof bundle !== 'object' || bundle === null || Object.keys(bundle).length === 0) {
    throw new TypeError('display.mime: bundle must be a non-empty object of mime type to data');
  }
  for (const key of Object.keys(bundle)) {
    if (!key.includes('/')) throw new TypeError(`display.mime: "${key}" is not a mime type (expected e.g. "text/html")`);
  }
  const data: MimeBundle = { ...bundle };
  if (data['text/plain'] === undefined) data['text/plain'] = `<${Object.keys(bundle).join(', ')}>`;
  return { data, metadata: {} };
};

const firstLine = (s: string): string => {
  const line = s.split('\n', 1)[0];
  return line.length > 80 ? line.slice(0, 77) + '...' : line;
};

/**
 * Shows a value in the notebook and returns a handle to update it in place. Objects with a
 * `[Symbol.for('Jupyter.display')]()` method are shown with their bundle; other values with Node's inspect.
 *
 * Example:
 * ```ts
 * const h = display('step 1');
 * h.update('step 2');
 * ```
 */
export const display = Object.assign(<T>(value: T): DisplayHandle<T> => show(renderValue, value) as DisplayHandle<T>, {
  /** Shows HTML: `display.html('<b>hi</b>')`. */
  html: (html: string): DisplayHandle<string> => show(textKind('text/html', firstLine), html),
  /** Shows Markdown: `display.markdown('# Title')`. */
  markdown: (md: string): DisplayHandle<string> => show(textKind('text/markdown', (s) => s), md),
  /** Shows an SVG document given as a string. */
  svg: (svg: string): DisplayHandle<string> => show(textKind('image/svg+xml', () => '<SVG image>'), svg),
  /** Shows a PNG given as bytes or base64. */
  png: (png: Uint8Array | string): DisplayHandle<Uint8Array | string> => show(imageKind('image/png'), png),
  /** Shows a JPEG given as bytes or base64. */
  jpeg: (jpeg: Uint8Array | string): DisplayHandle<Uint8Array | string> => show(imageKind('image/jpeg'), jpeg),
  /** Shows JSON as an interactive tree (application/json). */
  json: (value: object): DisplayHandle<object> => show(jsonKind('application/json', 'JSON'), value),
  /** Shows LaTeX maths, e.g. `display.latex('$e^{i\\pi} + 1 = 0$')`. */
  latex: (tex: string): DisplayHandle<string> => show(textKind('text/latex', (s) => s), tex),
  /** Shows a Vega-Lite (v5) chart spec. */
  vegalite: (spec: object): DisplayHandle<object> =>
    show(jsonKind('application/vnd.vegalite.v5+json', 'Vega-Lite chart'), spec),
  /** Shows a raw mime bundle: `display.mime({ 'text/html': '<i>x</i>', 'text/plain': 'x' })`. */
  mime: (bundle: MimeBundle): DisplayHandle<MimeBundle> => show(renderBundle, bundle),
});

/**
 * Clears the current cell's output. With `{ wait: true }` the clearing happens when the next output arrives.
 *
 * Example: `for (...) { clearOutput({ wait: true }); display(progress); }`
 */
export function clearOutput(options: ClearOutputOptions = {}): void {
  const sink = currentSink();
  if (sink) sink.clear(Boolean(options.wait));
}
