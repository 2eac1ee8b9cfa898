import * as tf from '@tensorflow/tfjs';
import { overrideKernel } from './kernel_override';
import { simdKernels } from './simd/simd_kernels';
import type { TensorInfo, WasmBackendLike } from './host_memory';

type Args = { inputs: Record<string, TensorInfo>; attrs: Record<string, unknown>; backend: unknown };

/**
 * Sums of up to this many values are added row by row by tsdl's SIMD kernel (`simd/column_sums.wat`), one call:
 * below that the pooling form's five kernels (two reshapes, the pooling, a fill, a product) cost more than the sum
 * itself — [4, 4] to [64, 128] summed over rows in 3.5–4.9 µs instead of 7.6–11.7; 64×1600 and 256×512 take the
 * same either way; larger ones keep XNNPACK's pooling, which reads memory faster (64×26×26×32: 240–265 µs against
 * 410). XOR MLP step 0.16–0.17 → 0.13–0.14 ms, breast-cancer MLP 0.98 → 0.96 ms (`bench/ab.ts <workload> column-sums 500 8`).
 */
export const MAX_COLUMN_SUM_VALUES = 1 << 16;

let columnSums = process.env.TSDL_COLUMN_SUMS !== '0';

/** Turns the SIMD column sums on or off (`TSDL_COLUMN_SUMS=0`: off at start), for A/B timing and tests. */
export function useColumnSumKernel(on: boolean): void {
  columnSums = on;
}

/** A sum over one row is a copy: tfjs's own kernel. (From 2 rows on, pooling was as fast or faster: 32×64 12.8 vs 13.7 µs, 64×1600 114 vs 39 µs.) */
const MIN_ROWS = 2;

let replaced = false;

/**
 * tfjs-backend-wasm 4.22's Sum reduces the trailing axes only: to sum over leading ones it first transposes
 * the whole tensor. Those are the sums every bias and broadcast gradient takes (a convolution's bias
 * gradient sums an (N, H, W, C) gradient over N, H and W). This replaces the wasm kernel, for float32 sums
 * over a prefix of the axes, by XNNPACK's average pooling of the (1, n, 1, rest) view with an (n, 1) window,
 * times n: 0.3 ms for a fresh 64×26×26×32 tensor, against 1.1 ms transposing and 7 ms for the product
 * with a row of ones used before (XNNPACK packs a product's right operand, here the whole tensor; that cost
 * only disappears when the same tensor is summed again, which is how it had been measured); sums of up to
 * `MAX_COLUMN_SUM_VALUES` values by tsdl's SIMD column sums instead. Other sums keep tfjs's kernel. Results
 * equal tfjs's up to float32 rounding (summation order, and the mean times n).
 */
export function speedUpWasmLeadingSums(): boolean {
  if (replaced) return false;
  const [fill, reshape, avgPool, multiply] = ['Fill', 'Reshape', 'AvgPool', 'Multiply'].map((name) => tf.getKernel(name, 'wasm'));
  if (!fill || !reshape || !avgPool || !multiply) return false;
  replaced = overrideKernel<Args>('Sum', 'wasm', (args, previous) => {
    const x = args.inputs.x;
    const axes = tf.util.parseAxisParam(args.attrs.axis as number | number[], x.shape).sort((a, b) => a - b);
    const leading = axes.every((a, i) => a === i);
    const rows = x.shape.slice(0, axes.length).reduce((a, b) => a * b, 1);
    if (x.dtype !== 'float32' || axes.length === 0 || axes.length === x.shape.length || !leading || rows < MIN_ROWS) return previous(args);
    const rest = x.shape.slice(axes.length);
    const cols = rest.reduce((a, b) => a * b, 1);
    const outShape = args.attrs.keepDims ? [...axes.map(() => 1), ...rest] : rest;
    const kernels = columnSums && rows * cols <= MAX_COLUMN_SUM_VALUES ? simdKernels('columnSums') : null;
    if (kernels) {
      const backend = args.backend as WasmBackendLike;
      const out = backend.makeOutput(outShape, 'float32'); // before the views: an allocation may move the wasm heap
      kernels.columnSums(backend.typedArrayFromHeap(x).byteOffset, backend.typedArrayFromHeap(out).byteOffset, rows, cols);
      return out;
    }
    const run = (config: tf.KernelConfig, inputs: Record<string, TensorInfo>, attrs: Record<string, unknown>) =>
      config.kernelFunc({ inputs, attrs, backend: args.backend } as unknown as Parameters<tf.KernelFunc>[0]) as TensorInfo;
    const temporaries: TensorInfo[] = [];
    try {
      const columns = run(reshape, { x }, { shape: [1, rows, 1, cols] });
      temporaries.push(columns);
      const mean = run(avgPool, { x: columns }, { filterSize: [rows, 1], strides: [1, 1], pad: 'valid', dimRoundingMode: undefined });
      temporaries.push(mean);
      const count = run(fill, {}, { shape: [], value: rows, dtype: 'float32' });
      temporaries.push(count);
      const total = run(multiply, { a: mean, b: count }, {});
      temporaries.push(total);
      return run(reshape, { x: total }, { shape: outShape });
    } finally {
      const backend = args.backend as { disposeData(id: tf.DataId): void };
      for (const t of temporaries) backend.disposeData(t.dataId);
    }
  }) !== null;
  return replaced;
}
