import * as tf from '@tensorflow/tfjs';
import { overrideKernel } from './kernel_override';
import { onnxRuntime, type OnnxFeed, type OnnxRuntime, type OnnxSession } from './onnx/onnx_runtime';
import { batchMatMulModel, conv2dFilterGradModel, conv2dInputGradModel, conv2dModel, gemmModel, type Pads } from './onnx/kernel_models';
import { blockedConvolutionSetting, nchwcApplies, nchwcImageValues } from './onnx/nchwc_convolution';

/**
 * Large convolutions and matrix products of the wasm backend on ONNX Runtime's native CPU kernels.
 *
 * tfjs-wasm's XNNPACK is single-threaded under Node and limited to WebAssembly's 4-wide SIMD; ONNX Runtime's MLAS
 * uses the CPU's own vector width (AVX2, AVX-512) and every core. Measured on this project's 2-core AVX-512
 * machine (`bench/ab.ts <workload> native-kernels`): a 1024×1024 product 80 → 12 ms, the MNIST CNN's 32→64 3×3
 * convolution of 64 images (NHWC, with the transposes ONNX needs) 11 → 3.3 ms, its input gradient 17 → 6 ms; MNIST
 * GAN steps 82 → 42 ms. The wasm `Conv2D`, `Conv2DBackpropInput`, `Conv2DBackpropFilter` and `BatchMatMul` kernels
 * hand a call of at least `MIN_NATIVE_MACS` multiply-adds to ONNX Runtime (`onnx/onnx_runtime.ts`), reading the
 * operands in the wasm heap and writing the result into a tensor made there, so the rest of tfjs sees an ordinary
 * wasm tensor; smaller calls, and any ONNX Runtime cannot take, go to the kernel that was there before. Results
 * equal XNNPACK's to float32 rounding (summation order differs). tsdl's own convolutions (`F.conv2d`) skip the NHWC
 * kernels and their transposes: they run in PyTorch's layout (`native_conv.ts`).
 *
 * It is on when `onnxruntime-node` (an optional dependency) loads; `TSDL_NATIVE_KERNELS=0` turns it off.
 */

/** Multiply-adds from which a call goes to ONNX Runtime (a call costs it ~15 µs more than XNNPACK's). */
export const MIN_NATIVE_MACS = 1 << 18;

type TensorInfo = { dataId: tf.DataId; shape: number[]; dtype: tf.DataType };
interface WasmBackendLike {
  makeOutput(shape: number[], dtype: tf.DataType): TensorInfo;
  typedArrayFromHeap(t: TensorInfo): Float32Array;
  disposeData(dataId: tf.DataId): void;
}
type Pad = 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
interface ConvAttrs {
  strides: number | [number, number];
  pad: Pad;
  dataFormat: 'NHWC' | 'NCHW';
  dilations?: number | [number, number];
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  inputShape?: [number, number, number, number];
  filterShape?: [number, number, number, number];
}
type Args<I> = { inputs: I; attrs: ConvAttrs & { transposeA?: boolean; transposeB?: boolean }; backend: WasmBackendLike };

let restores: (() => void)[] = [];
let enabled = true;
let failureNote: (line: string) => void = () => undefined;
const reported = new Set<string>();

/** Whether ONNX Runtime is wanted (`TSDL_NATIVE_KERNELS=0` says no). */
export function nativeKernelsWanted(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.TSDL_NATIVE_KERNELS !== '0';
}

/** Turns the native path on or off without touching the kernels (for A/B benchmarks and tests). */
export function useNativeKernels(on: boolean): void {
  enabled = on;
}

/** Whether ONNX Runtime takes the wasm backend's large convolutions and products now. */
export function nativeKernelsActive(): boolean {
  return enabled && restores.length > 0 && tf.getBackend() === 'wasm';
}

/** Whether the kernels are replaced (for tests; ONNX Runtime counts its models' runs: `OnnxRuntime.runCount`). */
export function nativeKernelStatus(): { installed: boolean } {
  return { installed: restores.length > 0 };
}

function report(line: string): void {
  if (reported.has(line)) return;
  reported.add(line);
  failureNote(line);
}

const size = (shape: number[]): number => shape.reduce((a, b) => a * b, 1);
const float32 = (...ts: TensorInfo[]): boolean => ts.every((t) => t.dtype === 'float32');

/**
 * Runs `session` on `inputs` into a new float32 tensor of `outShape`; null (and a note) when ONNX Runtime fails,
 * so the caller falls back.
 */
function runInto(session: OnnxSession | Error, backend: WasmBackendLike, inputs: Record<string, TensorInfo>, outName: string, outShape: number[],
  onnxOutDims = outShape): TensorInfo | null {
  if (session instanceof Error) {
    report(`${session.message}; tfjs-wasm computes it instead`);
    return null;
  }
  const out = backend.makeOutput(outShape, 'float32');
  try {
    // Views made after the output's allocation, which may have grown (and so moved) the wasm heap.
    const feeds: Record<string, OnnxFeed> = {};
    for (const [name, t] of Object.entries(inputs)) feeds[name] = { data: backend.typedArrayFromHeap(t), dims: t.shape };
    session.run(feeds, { [outName]: { data: backend.typedArrayFromHeap(out), dims: onnxOutDims } });
  } catch (err) {
    backend.disposeData(out.dataId);
    report(`ONNX Runtime failed on ${session.key} (${(err as Error).message.split('\n')[0]}); tfjs-wasm computes it instead`);
    return null;
  }
  return out;
}

function convInfo(xShape: number[], filterShape: number[], a: ConvAttrs): tf.backend_util.Conv2DInfo {
  return tf.backend_util.computeConv2DInfo(xShape as [number, number, number, number], filterShape as [number, number, number, number],
    a.strides, a.dilations ?? 1, a.pad as 'valid', a.dimRoundingMode, false, 'channelsLast');
}

const padKey = (p: Pads): string => `${p.top},${p.bottom},${p.left},${p.right}`;
const nonNegative = (p: Pads): boolean => p.top >= 0 && p.bottom >= 0 && p.left >= 0 && p.right >= 0;

/** The most reordered values (image and result, 16 MB) a blocked NHWC convolution may hold in one call. */
export const MAX_UNCHUNKED_BLOCKED_VALUES = 1 << 22;

function conv2d(rt: OnnxRuntime, { inputs: { x, filter }, attrs, backend }: Args<{ x: TensorInfo; filter: TensorInfo }>): TensorInfo | null {
  if (!float32(x, filter) || attrs.dataFormat !== 'NHWC') return null;
  const info = convInfo(x.shape, filter.shape, attrs);
  if (info.batchSize * info.outHeight * info.outWidth * info.outChannels * info.filterHeight * info.filterWidth * info.inChannels < MIN_NATIVE_MACS) return null;
  const p = info.padInfo;
  // ONNX's output size (floor) must be tfjs's.
  const onnxOut = (n: number, pads: number, k: number, s: number) => Math.floor((n + pads - k) / s) + 1;
  if (!nonNegative(p) || onnxOut(info.inHeight, p.top + p.bottom, info.effectiveFilterHeight, info.strideHeight) !== info.outHeight
    || onnxOut(info.inWidth, p.left + p.right, info.effectiveFilterWidth, info.strideWidth) !== info.outWidth) return null;
  const strides: [number, number] = [info.strideHeight, info.strideWidth];
  const dilations: [number, number] = [info.dilationHeight, info.dilationWidth];
  // ONNX Runtime's blocked convolution (`onnx/nchwc_convolution.ts`) when the input channels fit its blocks; the
  // channel counts then belong to the model. Batches are not chunked here as `F.conv2d`'s are: a call whose
  // reordered image and result would be large stays plain, so ONNX Runtime keeps no large blocked buffers.
  const blockSize = blockedConvolutionSetting.on ? rt.nchwcBlockSize() : 0;
  const blocked = nchwcApplies(blockSize, info.inChannels) && info.batchSize
    * nchwcImageValues(blockSize, info.inChannels, info.inHeight * info.inWidth, info.outChannels, info.outHeight * info.outWidth) <= MAX_UNCHUNKED_BLOCKED_VALUES
    ? { blockSize, inChannels: info.inChannels, outChannels: info.outChannels, kernel: [info.filterHeight, info.filterWidth] as [number, number] }
    : undefined;
  const key = `conv2d s${strides} d${dilations} p${padKey(p)}${blocked ? ` blocked ${blockSize} c${info.inChannels} o${info.outChannels} k${blocked.kernel}` : ''}`;
  const session = rt.session(key, () => conv2dModel(strides, dilations, p, blocked));
  return runInto(session, backend, { x, filter }, 'y', info.outShape);
}

function conv2dInputGrad(rt: OnnxRuntime, { inputs: { dy, filter }, attrs, backend }: Args<{ dy: TensorInfo; filter: TensorInfo }>): TensorInfo | null {
  if (!float32(dy, filter) || attrs.dataFormat !== 'NHWC' || !attrs.inputShape) return null;
  const info = convInfo(attrs.inputShape, filter.shape, attrs);
  if (size(attrs.inputShape) * info.outChannels * info.filterHeight * info.filterWidth < MIN_NATIVE_MACS) return null;
  const p = info.padInfo;
  // ConvTranspose's output is stride·(in − 1) + kernel − pads + outputPadding; the padding covers what the
  // forward convolution's stride left out at the bottom/right, and must stay below the stride.
  const outPadH = info.inHeight - (info.strideHeight * (info.outHeight - 1) + info.filterHeight - p.top - p.bottom);
  const outPadW = info.inWidth - (info.strideWidth * (info.outWidth - 1) + info.filterWidth - p.left - p.right);
  if (!nonNegative(p) || outPadH < 0 || outPadW < 0 || outPadH >= info.strideHeight || outPadW >= info.strideWidth) return null;
  const strides: [number, number] = [info.strideHeight, info.strideWidth];
  const session = rt.session(`conv2d-input-grad s${strides} p${padKey(p)} o${outPadH},${outPadW}`,
    () => conv2dInputGradModel(strides, p, [outPadH, outPadW]));
  return runInto(session, backend, { dy, filter }, 'dx', attrs.inputShape);
}

function conv2dFilterGrad(rt: OnnxRuntime, { inputs: { x, dy }, attrs, backend }: Args<{ x: TensorInfo; dy: TensorInfo }>): TensorInfo | null {
  if (!float32(x, dy) || attrs.dataFormat !== 'NHWC' || !attrs.filterShape) return null;
  const info = convInfo(x.shape, attrs.filterShape, attrs);
  if (size(dy.shape) * info.filterHeight * info.filterWidth * info.inChannels < MIN_NATIVE_MACS) return null;
  const p = info.padInfo;
  // The bottom/right padding that makes the swapped convolution's output exactly the filter's size.
  const bottom = info.filterHeight + info.strideHeight * (info.outHeight - 1) - info.inHeight - p.top;
  const right = info.filterWidth + info.strideWidth * (info.outWidth - 1) - info.inWidth - p.left;
  const pads = { top: p.top, bottom, left: p.left, right };
  if (!nonNegative(pads)) return null;
  const strides: [number, number] = [info.strideHeight, info.strideWidth];
  const session = rt.session(`conv2d-filter-grad s${strides} p${padKey(pads)}`, () => conv2dFilterGradModel(strides, pads));
  return runInto(session, backend, { x, dy }, 'dw', attrs.filterShape);
}

function batchMatMul(rt: OnnxRuntime, { inputs: { a, b }, attrs, backend }: Args<{ a: TensorInfo; b: TensorInfo }>): TensorInfo | null {
  if (!float32(a, b) || a.shape.length < 2 || b.shape.length < 2) return null;
  const tA = attrs.transposeA === true;
  const tB = attrs.transposeB === true;
  const [rowsA, colsA] = a.shape.slice(-2);
  const [rowsB, colsB] = b.shape.slice(-2);
  const [m, k] = tA ? [colsA, rowsA] : [rowsA, colsA];
  const n = tB ? rowsB : colsB;
  // Leading (batch) dimensions: the same on both sides, or none / all ones on one side (broadcast).
  const leadA = a.shape.slice(0, -2);
  const leadB = b.shape.slice(0, -2);
  const batchA = size(leadA);
  const batchB = size(leadB);
  const same = leadA.length === leadB.length && leadA.every((d, i) => d === leadB[i]);
  if (!same && batchA !== 1 && batchB !== 1) return null;
  const lead = batchA >= batchB ? leadA : leadB;
  const batch = Math.max(batchA, batchB);
  if (batch * m * n * k < MIN_NATIVE_MACS) return null;
  const outShape = [...lead, m, n];
  if (batch === 1) {
    const session = gemmSession(rt, tA, tB);
    return runInto(session, backend, { a: { ...a, shape: [rowsA, colsA] }, b: { ...b, shape: [rowsB, colsB] } }, 'c', outShape, [m, n]);
  }
  const session = rt.session(`batch-matmul ${tA} ${tB}`, () => batchMatMulModel(tA, tB));
  return runInto(session, backend, { a: { ...a, shape: [batchA, rowsA, colsA] }, b: { ...b, shape: [batchB, rowsB, colsB] } }, 'c', outShape,
    [batch, m, n]);
}

/** The model of c = op(a) @ op(b) for matrices (`gemmModel`), shared by every caller with the same transposes. */
export function gemmSession(rt: OnnxRuntime, transposeA: boolean, transposeB: boolean): OnnxSession | Error {
  return rt.session(`gemm ${transposeA} ${transposeB}`, () => gemmModel(transposeA, transposeB));
}

/**
 * Replaces the wasm kernels (once per process; `restoreNativeKernels` undoes it). `note` gets a line when ONNX
 * Runtime fails on a call (which then runs on tfjs-wasm). Returns whether ONNX Runtime is in use.
 */
export function speedUpWithNativeKernels(note: (line: string) => void = () => undefined): boolean {
  if (restores.length > 0) return true;
  if (!nativeKernelsWanted()) return false;
  const rt = onnxRuntime();
  if (!rt) return false;
  failureNote = note;
  const replace = <I>(name: string, kernel: (rt: OnnxRuntime, args: Args<I>) => TensorInfo | null) => {
    const restore = overrideKernel<Args<I>>(name, 'wasm', (args, previous) => (enabled ? kernel(rt, args) : null) ?? previous(args));
    if (restore) restores.push(restore);
  };
  replace('Conv2D', conv2d);
  replace('Conv2DBackpropInput', conv2dInputGrad);
  replace('Conv2DBackpropFilter', conv2dFilterGrad);
  replace('BatchMatMul', batchMatMul);
  return restores.length > 0;
}

/** Puts the previous kernels back (for tests). */
export function restoreNativeKernels(): void {
  for (const r of restores.reverse()) r();
  restores = [];
}
