import * as tf from '@tensorflow/tfjs';
import { overrideKernel } from './kernel_override';
import { simdKernels } from './simd/simd_kernels';

type TensorInfo = { dataId: tf.DataId; shape: number[]; dtype: tf.DataType };

/** The parts of tfjs-backend-wasm's BackendWasm used here (public methods in 4.22). */
interface WasmBackendLike {
  makeOutput(shape: number[], dtype: tf.DataType): TensorInfo;
  typedArrayFromHeap(t: TensorInfo): Float32Array | Int32Array | Uint8Array;
}

let restore: (() => void) | null = null;

/**
 * A permutation that swaps two blocks of axes after leading ones it keeps — [0..b), then [s..n), then [b..s)
 * — is a batch of matrix transposes: batch = the product of dims [0, b), rows = of [b, s), cols = of [s, n).
 * NHWC → NCHW ([0, 3, 1, 2]), NCHW → NHWC ([0, 2, 3, 1]), a matrix ([1, 0]) and the last two axes are.
 */
export function asBatchedTranspose(shape: number[], perm: number[]): { batch: number; rows: number; cols: number } | null {
  const n = shape.length;
  if (perm.length !== n) return null;
  let b = 0;
  while (b < n && perm[b] === b) b++;
  if (b === n) return null;
  const s = perm[b];
  if (s <= b) return null;
  for (let j = 0; j < n - s; j++) if (perm[b + j] !== s + j) return null;
  for (let j = 0; j < s - b; j++) if (perm[b + n - s + j] !== b + j) return null;
  const prod = (from: number, to: number) => shape.slice(from, to).reduce((a, d) => a * d, 1);
  return { batch: prod(0, b), rows: prod(b, s), cols: prod(s, n) };
}

/**
 * Replaces the wasm backend's `Transpose` kernel, for float32 transposes that are batches of matrix
 * transposes (`asBatchedTranspose`: every layout change between PyTorch's NCHW and tfjs-wasm's NHWC around a
 * convolution, and the transposed operands of matrix products), by tsdl's SIMD kernel
 * (`simd/transpose.wat`, 4 × 4 tiles): tfjs-wasm's loop moves ~1 value per ns. Other transposes and dtypes,
 * and the multithreaded build, keep tfjs's kernel. Returns whether it replaced it (once per process;
 * `restoreWasmTranspose` undoes it).
 */
export function speedUpWasmTranspose(): boolean {
  if (restore) return false;
  type Args = { inputs: { x: TensorInfo }; attrs: { perm: number[] }; backend: WasmBackendLike };
  restore = overrideKernel<Args>('Transpose', 'wasm', (args, previous) => {
    const { x } = args.inputs;
    const split = x.dtype === 'float32' ? asBatchedTranspose(x.shape, args.attrs.perm) : null;
    const simd = split !== null ? simdKernels('transpose') : null;
    if (split === null || simd === null) return previous(args);
    // Allocate first: allocation may grow the wasm memory, which detaches views made before it.
    const out = args.backend.makeOutput(args.attrs.perm.map((p) => x.shape[p]), 'float32');
    const heap = (t: TensorInfo) => args.backend.typedArrayFromHeap(t);
    simd.transposeBatch(heap(x).byteOffset, heap(out).byteOffset, split.batch, split.rows, split.cols);
    return out;
  });
  return restore !== null;
}

/** Puts back the `Transpose` kernel `speedUpWasmTranspose` replaced (for A/B benchmarks). */
export function restoreWasmTranspose(): void {
  restore?.();
  restore = null;
}
