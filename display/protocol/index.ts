/**
 * The display protocol: how values become Jupyter outputs.
 *
 * An object shows itself by having a method under `Symbol.for('Jupyter.display')` that returns a mime bundle
 * (`{ 'text/plain': ..., 'text/html': ... }`) or `{ data, metadata }`. `display(obj)` sends such a bundle to the
 * notebook through a sink that the kernel installs; outside a kernel (plain node, vitest) it prints text/plain.
 *
 * Example:
 * ```ts
 * const h = display.html('<b>epoch 1</b>');
 * h.update('<b>epoch 2</b>');          // replaces the output in place
 * display({ [displaySymbol]: () => ({ 'text/plain': 'hi', 'text/markdown': '**hi**' }) });
 * clearOutput({ wait: true });
 * ```
 */
export { displaySymbol, toMimeBundle, type MimeBundle, type DisplayOutput } from './mime_bundle';
export { display, clearOutput, isDisplayHandle, type DisplayHandle, type ClearOutputOptions } from './display';
export { setDisplaySink, hasSink, type DisplaySink } from './sink';
export { input, type InputOptions } from './input';
