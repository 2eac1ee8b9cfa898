import * as tf from '@tensorflow/tfjs';
import { hostFloat32Views, uninitialized } from './host_memory';
import { gemmSession, nativeKernelsActive } from './wasm_native_kernels';
import { onnxRuntime, OnnxSession } from './onnx/onnx_runtime';
import { blockedConvolutionSetting, nchwcImageValues } from './onnx/nchwc_convolution';
import { conv2dNchwBiasGradModel, conv2dNchwFilterGradModel, conv2dNchwInputGradModel, conv2dNchwModel,
  convRunsBlocked, inputGradRunsBlocked, type ConvNchwGeometry } from './onnx/kernel_models';
import { simdKernels } from './simd/simd_kernels';

/**
 * PyTorch-layout convolutions (NCHW images, OIHW weights) on ONNX Runtime, forward and backward, with no layout
 * change: ONNX's Conv takes that layout, with groups, dilation and asymmetric padding as attributes. tfjs's
 * convolutions are NHWC, so `F.conv2d` otherwise transposes the input, the output and both their gradients
 * (5.2 ms of the MNIST CNN's ~48 ms step) and dilates and splits filters itself. `F.conv2d` asks `nativeConvPlan`
 * for the models of a convolution and, when it gets them, runs the `TsdlConv2dNCHW` kernel
 * (`nn/functional/conv2d_native_kernel.ts`) whose forward and gradients are the functions here.
 */

/** The three models of one convolution geometry. */
export interface NativeConvPlan {
  geometry: ConvNchwGeometry;
  forward: OnnxSession;
  forwardWithBias: OnnxSession;
  inputGrad: OnnxSession;
  filterGrad: OnnxSession;
  /** Whether the filter gradient's inputs are laid out by `im2col.wat` (filters of `MIN_IM2COL_ROWS` values or more). */
  im2colFilterGrad: boolean;
  biasGrad: OnnxSession;
  /** Images per ONNX Runtime run of the forward models and of the input gradient's (`MAX_BLOCKED_VALUES`). */
  forwardImages: number;
  inputGradImages: number;
}

/**
 * Values of a blocked convolution's reordered input and output (`onnx/nchwc_convolution.ts`) per run. ONNX Runtime
 * keeps each model's largest buffers, and unlike the plain convolution's per-image ones these are the whole
 * batch's: a CIFAR-sized network of 128 images kept 750 MB more. Larger batches run in chunks of images (each
 * image's result is computed the same either way).
 */
export const MAX_BLOCKED_VALUES = 1 << 20;

/**
 * Geometries whose models stay loaded. A model's input sizes are part of its geometry, so a network applied to
 * images or sequences of ever new sizes would otherwise load models without end; the least recently used go.
 */
export const MAX_CONV_PLANS = 48;

/**
 * Filters of at least this many values per output channel (C·KH·KW: the input-pixel matrix's rows) have that
 * matrix, and dy's values channel by channel, laid out by tsdl's SIMD kernel (`simd/im2col.wat`) in the wasm heap;
 * ONNX Runtime then runs only the product (the `gemm` model of tfjs's matrix products), instead of its Transpose,
 * Slice and Concat operators and the product.
 * Filter gradients alone, per 128 CIFAR images in the same chunks: 64 → 64 channels at 32 × 32 145 → 96 ms, a
 * CIFAR-like network's six layers 490–584 → 428–483 ms; whole training steps, alternating the two in one process:
 * that network 1171 → 1087 ms (batch 128), 641 → 582 ms (64), 365 → 359 ms (32), the MNIST CNN 29.3 → 27.3 and
 * 33.4 → 32.8 ms (`bench/ab.ts mnist_cnn im2col-filter-grads`). With 1 or 3 input channels (9 or 27 rows) dy's
 * rearrangement costs more than the layout saves (3 → 64 channels: 12.7 → 16.4 ms against the single product of
 * ONNX Runtime's layout then), so those keep ONNX Runtime's model, now a product per image that leaves dy as it is
 * (`conv2dNchwFilterGradModel`).
 */
export const MIN_IM2COL_ROWS = 64;

let im2colFilterGrads = process.env.TSDL_WASM_IM2COL !== '0';

/**
 * Turns the SIMD kernel's input-pixel matrix for filter gradients (`MIN_IM2COL_ROWS`) on or off (`TSDL_WASM_IM2COL=0`:
 * off at start), for A/B timing and tests.
 */
export function useIm2colFilterGrads(on: boolean): void {
  im2colFilterGrads = on;
}

/** Plans by geometry, least recently used first. */
const plans = new Map<string, NativeConvPlan | null>();

/**
 * Turns ONNX Runtime's blocked convolutions (`onnx/nchwc_convolution.ts`) on or off (`TSDL_NCHWC=0`: off at start)
 * for the geometries met from now on and for tfjs's Conv2D kernel (for A/B timing and tests; plans made so far are
 * dropped).
 */
export function useBlockedConvolutions(on: boolean): void {
  blockedConvolutionSetting.on = on;
  const rt = onnxRuntime();
  for (const plan of plans.values()) if (plan && rt) for (const s of modelsOf(plan)) rt.forget(s.key);
  plans.clear();
}

/**
 * The models for the convolution geometry whose `JSON.stringify` is `key` (the key is what callers keep: the
 * forward and backward passes look a plan up by it without re-encoding the geometry), or null when ONNX Runtime
 * is not in use or declined a model (the caller then uses tfjs's kernels). Loaded on first use, kept per geometry
 * (a network has a few).
 */
export function nativeConvPlan(key: string): NativeConvPlan | null {
  if (!nativeKernelsActive()) return null;
  const rt = onnxRuntime();
  if (!rt) return null;
  const known = plans.get(key);
  if (known !== undefined) {
    plans.delete(key); // now the most recently used
    plans.set(key, known);
    return known;
  }
  if (plans.size >= MAX_CONV_PLANS) {
    const [oldest, plan] = plans.entries().next().value as [string, NativeConvPlan | null];
    plans.delete(oldest);
    if (plan) for (const s of modelsOf(plan)) rt.forget(s.key);
  }
  const g = JSON.parse(key) as ConvNchwGeometry;
  // Grouped convolutions keep tfjs's kernels: their filter gradient would need a product per group.
  if (g.groups !== 1) {
    plans.set(key, null);
    return null;
  }
  const block = blockedConvolutionSetting.on ? rt.nchwcBlockSize() : 0;
  const convBlocked = convRunsBlocked(g, block);
  const inputGradBlocked = inputGradRunsBlocked(g, block);
  // A model's key says whether it convolves in blocks (the same geometry has both kinds when they are toggled).
  const blockedKey = `${key} blocked ${block}`;
  const inPixels = g.height * g.width;
  const outPixels = g.out[0] * g.out[1];
  const imagesPerRun = (values: number) => Math.max(1, Math.floor(MAX_BLOCKED_VALUES / values));
  const plan = {
    geometry: g,
    forward: rt.session(`conv2d-nchw ${convBlocked ? blockedKey : key}`, () => conv2dNchwModel(g, false, block)),
    forwardWithBias: rt.session(`conv2d-nchw-bias ${convBlocked ? blockedKey : key}`, () => conv2dNchwModel(g, true, block)),
    inputGrad: rt.session(`conv2d-nchw-input-grad ${inputGradBlocked ? blockedKey : key}`, () => conv2dNchwInputGradModel(g, block)),
    filterGrad: rt.session(`conv2d-nchw-filter-grad ${key}`, () => conv2dNchwFilterGradModel(g)),
    im2colFilterGrad: filterRows(g) >= MIN_IM2COL_ROWS,
    biasGrad: rt.session(`conv2d-nchw-bias-grad ${key}`, () => conv2dNchwBiasGradModel(g)),
    forwardImages: convBlocked ? imagesPerRun(nchwcImageValues(block, g.inChannels, inPixels, g.outChannels, outPixels)) : Infinity,
    // dx convolves dy (O channels, output pixels) into the input's C channels.
    inputGradImages: inputGradBlocked ? imagesPerRun(nchwcImageValues(block, g.outChannels, outPixels, g.inChannels, inPixels)) : Infinity,
  };
  const loaded = modelsOf(plan as NativeConvPlan).every((s) => !(s instanceof Error)) ? plan as NativeConvPlan : null;
  plans.set(key, loaded);
  return loaded;
}

function modelsOf(plan: NativeConvPlan): OnnxSession[] {
  return [plan.forward, plan.forwardWithBias, plan.inputGrad, plan.filterGrad, plan.biasGrad];
}

/** C·KH·KW: the values of one output channel's filter, the rows of the filter gradient's input-pixel matrix. */
function filterRows(g: ConvNchwGeometry): number {
  return g.inChannels * g.kernel[0] * g.kernel[1];
}

/** Images `start` … `start + count` of a batch `view` of shape `dims`, as ONNX Runtime takes a tensor. */
function imageRange(view: Float32Array, dims: readonly number[], start: number, count: number): { data: Float32Array; dims: number[] } {
  const perImage = view.length / dims[0];
  return { data: view.subarray(start * perImage, (start + count) * perImage), dims: [count, ...dims.slice(1)] };
}

/**
 * Runs `session` on float32 tensors into a new tensor of `outShape`. With `images`, the first input and the output
 * are batches whose images the model treats independently, run at most `images` at a time.
 */
function run(session: OnnxSession, inputs: Record<string, tf.Tensor>, outName: string, outShape: number[], images = Infinity): tf.Tensor {
  const out = uninitialized(outShape); // before the views: an allocation may move the wasm heap
  const names = Object.keys(inputs);
  const views = hostFloat32Views([...names.map((n) => inputs[n]), out]);
  if (views === null) throw new Error(`${session.key}: the tensors are not float32 tensors in the wasm heap`);
  const n = outShape[0];
  try {
    if (images >= n) {
      session.run(Object.fromEntries(names.map((name, i) => [name, { data: views[i], dims: inputs[name].shape }])),
        { [outName]: { data: views[names.length], dims: outShape } });
    } else {
      for (let start = 0; start < n; start += images) {
        const m = Math.min(images, n - start);
        session.run(Object.fromEntries(names.map((name, i) => [name, i === 0 ? imageRange(views[i], inputs[name].shape, start, m)
          : { data: views[i], dims: inputs[name].shape }])), { [outName]: imageRange(views[names.length], outShape, start, m) });
      }
    }
  } catch (err) {
    out.dispose();
    throw failure(err, session);
  }
  return out;
}

function failure(err: unknown, session: OnnxSession): Error {
  return new Error(`F.conv2d: ONNX Runtime failed (${(err as Error).message.split('\n')[0]}) on ${session.key}`);
}

/** y [N, O, OH, OW] = conv2d(x, w) + b. */
export function nativeConv2d(plan: NativeConvPlan, x: tf.Tensor, w: tf.Tensor, b?: tf.Tensor): tf.Tensor {
  const { out, outChannels } = plan.geometry;
  const shape = [x.shape[0], outChannels, ...out];
  return b ? run(plan.forwardWithBias, { x, w, b }, 'y', shape, plan.forwardImages) : run(plan.forward, { x, w }, 'y', shape, plan.forwardImages);
}

/** dx [N, C, H, W] from dy [N, O, OH, OW]. */
export function nativeConv2dInputGrad(plan: NativeConvPlan, dy: tf.Tensor, w: tf.Tensor): tf.Tensor {
  const { inChannels, height, width } = plan.geometry;
  return run(plan.inputGrad, { dy, w }, 'dx', [dy.shape[0], inChannels, height, width], plan.inputGradImages);
}

/**
 * Values of the filter gradient's input-pixel matrix (`conv2dNchwFilterGradModel`) computed at once: C·KH·KW rows
 * of N·OH·OW values, 302 MB for 128 CIFAR images through a 64-channel 3×3 layer, and ONNX Runtime keeps what a
 * model once needed. Larger batches go in chunks of images whose gradients are summed.
 */
export const MAX_FILTER_GRAD_COLUMNS_VALUES = 1 << 22;

/**
 * dw [O, C, KH, KW] from x and dy. With the SIMD layout, ONNX Runtime multiplies cols [C·KH·KW, P] by
 * dyRows [O, P]ᵀ, giving dwᵀ, which the SIMD transpose turns into dw: its product kernel packs the second operand,
 * and dyRows is the smaller (the MNIST CNN's 32 → 64 layer: 64 × 7,744 values against 288 × 7,744). Measured on
 * that layer's 64 images, layout included, three alternating rounds: 4.06 / 3.93 / 3.99 → 3.52 / 3.58 / 3.80 ms.
 */
export function nativeConv2dFilterGrad(plan: NativeConvPlan, x: tf.Tensor, dy: tf.Tensor): tf.Tensor {
  const g = plan.geometry;
  const { inChannels, outChannels, kernel, out: [oh, ow] } = g;
  const rows = filterRows(g);
  const [n, , h, w] = x.shape as number[];
  const chunk = Math.min(n, Math.max(1, Math.floor(MAX_FILTER_GRAD_COLUMNS_VALUES / (rows * oh * ow))));
  // With the SIMD layout, ONNX Runtime runs only the product: the matrix-product kernel's own model.
  const rt = onnxRuntime();
  const product = plan.im2colFilterGrad && im2colFilterGrads && rt ? gemmSession(rt, false, true) : null;
  const im2col = product instanceof OnnxSession ? simdKernels('im2col') : null;
  const transpose = im2col ? simdKernels('transpose') : null;
  // The SIMD layout's kernels, when all three are there; else ONNX Runtime's own model of the whole gradient.
  const layout = product instanceof OnnxSession && im2col && transpose ? { product, im2col, transpose } : null;
  const session = layout ? layout.product : plan.filterGrad;
  // Allocations before the views: an allocation may move the wasm heap.
  const dw = uninitialized([outChannels, inChannels, ...kernel]);
  const scratch = layout
    ? [uninitialized([rows, chunk * oh * ow]), uninitialized([outChannels, chunk * oh * ow]), uninitialized([rows, outChannels])]
    : [];
  try {
    const views = hostFloat32Views([x, dy, dw, ...scratch]);
    if (views === null) throw new Error('the tensors are not float32 tensors in the wasm heap');
    const [xv, dyv, dwv, cols, dyRows, dwT] = views;
    // The product's result: dw itself, or dwᵀ with the SIMD layout. One chunk writes it; more are summed into it.
    const result = layout ? dwT : dwv;
    const part = chunk >= n ? result : new Float32Array(result.length);
    for (let i = 0; i < n; i += chunk) {
      const m = Math.min(chunk, n - i);
      const xs = imageRange(xv, [n, inChannels, h, w], i, m);
      const dys = imageRange(dyv, [n, outChannels, oh, ow], i, m);
      if (layout) {
        const [strideH, strideW] = g.strides;
        const [dilationH, dilationW] = g.dilations;
        const [padTop, , padLeft] = g.pads;
        layout.im2col.im2col(xs.data.byteOffset, cols.byteOffset, m, inChannels, h, w, kernel[0], kernel[1], oh, ow, strideH, strideW, dilationH, dilationW,
          padTop, padLeft);
        // dy [m, O, OH·OW] → [O, m·OH·OW]: the same kernel with a 1 × 1 filter.
        layout.im2col.im2col(dys.data.byteOffset, dyRows.byteOffset, m, outChannels, oh, ow, 1, 1, oh, ow, 1, 1, 1, 1, 0, 0);
        const p = m * oh * ow;
        // dwᵀ [C·KH·KW, O] = cols [C·KH·KW, P] @ dyRows [O, P]ᵀ
        session.run({ a: { data: cols.subarray(0, rows * p), dims: [rows, p] }, b: { data: dyRows.subarray(0, outChannels * p), dims: [outChannels, p] } },
          { c: { data: part, dims: [rows, outChannels] } });
      } else {
        session.run({ x: xs, dy: dys }, { dw: { data: part, dims: [outChannels, rows] } });
      }
      if (part === result) continue;
      if (i === 0) result.set(part);
      else for (let k = 0; k < part.length; k++) result[k] += part[k];
    }
    if (layout) layout.transpose.transposeBatch(dwT.byteOffset, dwv.byteOffset, 1, rows, outChannels);
  } catch (err) {
    dw.dispose();
    throw failure(err, session);
  } finally {
    tf.dispose(scratch);
  }
  return dw;
}

/** db [O] from dy. */
export function nativeConv2dBiasGrad(plan: NativeConvPlan, dy: tf.Tensor): tf.Tensor {
  return run(plan.biasGrad, { dy }, 'db', [plan.geometry.outChannels]);
}
