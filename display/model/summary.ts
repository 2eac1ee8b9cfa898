import * as tf from '@tensorflow/tfjs';
import { isModule, type Module } from '../../src/nn/module';
import { isParameter, type Parameter } from '../../src/nn/parameter';
import { DISPLAY_SYMBOL, displayable, type Displayable, type DisplayResult } from '../mime';
import { svgToPng } from '../plot/render';
import { shapeText, type SummaryData, type SummaryRow } from './summary_data';
import { summaryHtml, summarySvg, summaryText } from './summary_render';

/** Options of {@link summary}. */
export interface SummaryOptions {
  /** Input shape(s) for the traced forward pass (alternative to the second argument). */
  inputSize?: number[] | number[][];
  /** Real input tensor(s) to trace with instead of zeros. */
  inputData?: tf.Tensor | tf.Tensor[];
  /** dtype of the zeros fed to the model (default float32; use 'int32' for embeddings). */
  dtype?: 'float32' | 'int32';
  /** Deepest level of the tree to show (default: all). */
  depth?: number;
}

/**
 * A model summary (like torchinfo's `summary` and Keras's `model.summary()`): the layer tree with types,
 * output shapes (when an input size is given, from a traced forward pass), parameter counts, totals and a
 * memory estimate. Displays as HTML and text; `.diagram()` gives an SVG architecture diagram.
 */
export class ModelSummary implements Displayable {
  constructor(readonly data: SummaryData) {}

  get totalParams(): number { return this.data.totalParams; }
  get trainableParams(): number { return this.data.trainableParams; }
  get nonTrainableParams(): number { return this.data.nonTrainableParams; }

  toString(): string { return summaryText(this.data); }

  [DISPLAY_SYMBOL](): DisplayResult {
    return { 'text/plain': summaryText(this.data), 'text/html': summaryHtml(this.data) };
  }

  /** The architecture as a diagram (SVG with a PNG fallback for exports and slides). */
  diagram(): Displayable & { svg: string } {
    const svg = summarySvg(this.data);
    const png = svgToPng(svg, 2);
    const d = displayable(() => ({
      data: { 'image/svg+xml': svg, 'image/png': png.toString('base64'), 'text/plain': `<Architecture of ${this.data.title}>` },
      metadata: { 'image/png': { width: Number(/width="(\d+)"/.exec(svg)?.[1]), height: Number(/height="(\d+)"/.exec(svg)?.[1]) } },
    }));
    return Object.assign(d, { svg });
  }
}

/**
 * Summarises an `nn.Module` or a tfjs `LayersModel`.
 *
 * Example:
 * ```ts
 * const model = new nn.Sequential(new nn.Linear(2, 4), new nn.ReLU(), new nn.Linear(4, 1));
 * summary(model, [1, 2])   // Linear [1, 4] 12 · ReLU [1, 4] · Linear [1, 1] 5 · Total params: 17
 * ```
 */
export function summary(model: Module | tf.LayersModel, inputSize?: number[] | number[][] | SummaryOptions, options: SummaryOptions = {}): ModelSummary {
  const opts: SummaryOptions = Array.isArray(inputSize) ? { ...options, inputSize } : { ...(inputSize ?? {}), ...options };
  if (isModule(model)) return new ModelSummary(moduleSummary(model, opts));
  if (model instanceof tf.LayersModel) return new ModelSummary(layersModelSummary(model));
  throw new Error(`summary: expected an nn.Module or a tfjs LayersModel, got ${model === null ? 'null' : typeof model}`);
}

function numel(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function moduleSummary(model: Module, opts: SummaryOptions): SummaryData {
  const rows: SummaryRow[] = [];
  const rowOf = new Map<Module, SummaryRow[]>();
  const walk = (m: Module, name: string, depth: number, last: boolean, ancestors: boolean[]): number => {
    const own = m.parameters(false).reduce((acc, p) => acc + p.size, 0);
    const children = m.namedChildren();
    const row: SummaryRow = {
      name, type: m.constructor.name, depth, lastChild: last, ancestorsLast: ancestors, ownParams: own, totalParams: own,
      isContainer: children.length > 0, extra: safeExtra(m),
    };
    if (opts.depth === undefined || depth <= opts.depth) rows.push(row);
    const list = rowOf.get(m) ?? [];
    list.push(row);
    rowOf.set(m, list);
    children.forEach(([childName, child], i) => {
      row.totalParams += walk(child, childName, depth + 1, i === children.length - 1, [...ancestors, last]);
    });
    return row.totalParams;
  };
  walk(model, '', 0, true, []);
  // Parameters are counted once even when shared between modules.
  const unique = new Set<Parameter>(model.parameters());
  let total = 0;
  let trainable = 0;
  for (const p of unique) {
    total += p.size;
    if (isParameter(p) && p.requiresGrad) trainable += p.size;
  }
  const data: SummaryData = {
    title: model.constructor.name, rows, totalParams: total, trainableParams: trainable, nonTrainableParams: total - trainable,
    paramBytes: [...unique].reduce((acc, p) => acc + p.size * bytesPer(p.dtype), 0),
  };
  if (opts.inputSize || opts.inputData) traceShapes(model, opts, rowOf, data);
  return data;
}

function safeExtra(m: Module): string | undefined {
  try {
    return m.extraRepr() || undefined;
  } catch {
    return undefined;
  }
}

function bytesPer(dtype: string): number {
  return dtype === 'bool' ? 1 : 4;
}

/** Runs one forward pass in eval mode with hooks that record every module's output shape. */
function traceShapes(model: Module, opts: SummaryOptions, rowOf: Map<Module, SummaryRow[]>, data: SummaryData): void {
  const shapes = opts.inputData
    ? (Array.isArray(opts.inputData) ? opts.inputData : [opts.inputData]).map((t) => [...t.shape])
    : isShapeList(opts.inputSize!) ? (opts.inputSize as number[][]) : [opts.inputSize as number[]];
  for (const s of shapes) {
    if (!s.every((d) => Number.isInteger(d) && d > 0)) throw new Error(`summary: input size must be positive integers, got [${s.join(', ')}]`);
  }
  const wasTraining = model.training;
  let activationElems = 0;
  const handles = [...rowOf.keys()].map((m) => m.registerForwardHook((mod, _inputs, output) => {
    const outs = tensorsIn(output);
    if (outs.length === 0) return undefined;
    const text = outs.length === 1 ? shapeText([...outs[0].shape]) : shapeText(outs.map((t) => [...t.shape]));
    for (const row of rowOf.get(mod) ?? []) row.outputShape = text;
    if ((rowOf.get(mod)?.[0]?.isContainer ?? false) === false) activationElems += outs.reduce((acc, t) => acc + t.size, 0);
    return undefined;
  }));
  model.eval();
  try {
    tf.tidy(() => {
      const inputs = opts.inputData
        ? (Array.isArray(opts.inputData) ? opts.inputData : [opts.inputData])
        : shapes.map((s) => tf.zeros(s, opts.dtype ?? 'float32'));
      model.forward(...inputs);
    });
  } catch (e) {
    throw new Error(`summary: the traced forward pass with input ${shapes.map((s) => shapeText(s)).join(', ')} failed: ${(e as Error).message}`);
  } finally {
    for (const h of handles) h.remove();
    model.train(wasTraining);
  }
  data.inputShape = shapes.map((s) => shapeText(s)).join(', ');
  data.inputBytes = shapes.reduce((acc, s) => acc + numel(s) * 4, 0);
  // torchinfo counts every leaf output twice: once for the forward values, once for their gradients.
  data.activationBytes = activationElems * 4 * 2;
}

function isShapeList(v: number[] | number[][]): v is number[][] {
  return v.length > 0 && Array.isArray(v[0]);
}

function tensorsIn(output: unknown): tf.Tensor[] {
  if (output instanceof tf.Tensor) return [output];
  if (Array.isArray(output)) return output.flatMap(tensorsIn);
  return [];
}

function layersModelSummary(model: tf.LayersModel): SummaryData {
  const layers = model.layers;
  const rows: SummaryRow[] = [{
    name: model.name, type: model.getClassName(), depth: 0, lastChild: true, ancestorsLast: [], ownParams: 0,
    totalParams: model.countParams(), isContainer: true, outputShape: layerShape(model.outputs.map((o) => o.shape)),
  }];
  layers.forEach((layer, i) => {
    let shape: string | undefined;
    try { shape = layerShape(layer.outputShape as (number | null)[] | (number | null)[][]); } catch { shape = undefined; }
    const count = layer.countParams();
    rows.push({
      name: layer.name, type: layer.getClassName(), depth: 1, lastChild: i === layers.length - 1, ancestorsLast: [true],
      ownParams: count, totalParams: count, isContainer: false, outputShape: shape,
    });
  });
  const size = (ws: tf.LayerVariable[]): number => ws.reduce((acc, w) => acc + numel(w.shape as number[]), 0);
  const trainable = size(model.trainableWeights);
  const nonTrainable = size(model.nonTrainableWeights);
  const inputShape = model.inputs.map((t) => t.shape);
  return {
    title: model.name, rows, totalParams: trainable + nonTrainable, trainableParams: trainable, nonTrainableParams: nonTrainable,
    paramBytes: (trainable + nonTrainable) * 4, inputShape: layerShape(inputShape),
  };
}

function layerShape(shape: (number | null)[] | (number | null)[][]): string {
  if (shape.length === 1 && Array.isArray(shape[0])) return shapeText(shape[0] as (number | null)[]);
  return shapeText(shape);
}

let registered = false;

/**
 * Gives `nn.Module` and tfjs `LayersModel` their rich display (the summary as HTML and text). Installed by
 * `display/` (not by `src/`), when `display/` is imported; idempotent.
 */
export function registerModelDisplay(ModuleClass: { prototype: object }): void {
  if (registered) return;
  registered = true;
  Object.defineProperty(ModuleClass.prototype, DISPLAY_SYMBOL, {
    value: function (this: Module): DisplayResult { return summary(this)[DISPLAY_SYMBOL](); },
    configurable: true,
    writable: true,
  });
  Object.defineProperty(tf.LayersModel.prototype, DISPLAY_SYMBOL, {
    value: function (this: tf.LayersModel): DisplayResult { return summary(this)[DISPLAY_SYMBOL](); },
    configurable: true,
    writable: true,
  });
}
