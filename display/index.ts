/**
 * `display/`: rich output for the tsdl kernel.
 *
 * - `display(obj)` / `clearOutput()` (the kernel's display protocol) plus `display.table`, `display.image`,
 *   `display.imageGrid`, `display.heatmap`, `display.mermaid`, `display.summary` — these return objects that
 *   show when they are a cell's value or are passed to `display(...)`.
 * - `plt`: matplotlib-style plotting to Vega-Lite with SVG and PNG fallbacks.
 * - `progress`: live training progress bars and charts (`progress.kerasCallback()` for `model.fit`).
 * - `summary(model, inputSize)`: torchinfo-style model summaries.
 *
 * Importing this module makes tfjs tensors, `nn.Module` and tfjs `LayersModel` display richly.
 */
import { display as protocolDisplay, clearOutput } from './protocol';
import { Module } from '../src/nn/module';
import { registerTensorDisplay } from './tensor/tensor_display';
import { registerModelDisplay, summary, ModelSummary } from './model/summary';
import { table } from './table/table';
import { image, imageGrid } from './image/image_display';
import { heatmap } from './image/heatmap';
import { mermaid } from './mermaid/mermaid';
import * as plt from './plot';
import { progress, ProgressBar, FitProgress } from './progress';
import { setPrintOptions } from './tensor/print_options';

export { clearOutput, plt, progress, ProgressBar, FitProgress, summary, ModelSummary, table, image, imageGrid, heatmap, mermaid, setPrintOptions };
export { displaySymbol, toMimeBundle, setDisplaySink, hasSink, input } from './protocol';
export type { MimeBundle, DisplayOutput, DisplayHandle, ClearOutputOptions, DisplaySink, InputOptions } from './protocol';
export type { ProgressOptions } from './progress';
export type { SummaryOptions } from './model/summary';
export type { TableOptions } from './table/table';
export type { ImageOptions, ImageGridOptions } from './image/image_display';
export type { HeatmapOptions } from './image/heatmap';
export type { MermaidOptions } from './mermaid/mermaid';
export { tensorText } from './tensor/tensor_display';

/**
 * Shows a value in the notebook and returns a handle to update it in place; plus the kinds of the display
 * protocol (`display.html`, `.markdown`, `.svg`, `.png`, `.json`, `.latex`, `.vegalite`, `.mime`) and the
 * rich builders (`display.table`, `.image`, `.imageGrid`, `.heatmap`, `.mermaid`, `.summary`).
 *
 * Example:
 * ```ts
 * display(display.table([{ epoch: 1, loss: 0.5 }]));
 * display.heatmap(weights)      // as a cell's last value
 * ```
 */
export const display = Object.assign(<T>(value: T) => protocolDisplay(value), {
  html: protocolDisplay.html,
  markdown: protocolDisplay.markdown,
  svg: protocolDisplay.svg,
  png: protocolDisplay.png,
  jpeg: protocolDisplay.jpeg,
  json: protocolDisplay.json,
  latex: protocolDisplay.latex,
  vegalite: protocolDisplay.vegalite,
  mime: protocolDisplay.mime,
  table,
  image,
  imageGrid,
  heatmap,
  mermaid,
  summary,
});

registerTensorDisplay();
registerModelDisplay(Module);
