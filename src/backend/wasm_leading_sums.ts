import * as tf from '@tensorflow/tfjs';

type TensorInfo = { dataId: tf.DataId; shape: number[]; dtype: tf.DataType };
type Args = { inputs: Record<string, TensorInfo>; attrs: Record<string, unknown>; backend: unknown };

/** Below this many summed rows tfjs's own kernel is as fast. */
const MIN_ROWS = 256;

let replaced = false;

/**
 * tfjs-backend-wasm 4.22's Sum reduces the trailing axes only: to sum over leading ones it first transposes
 * the whole tensor. Those are the sums every bias and broadcast gradient takes (a convolution's bias
 * gradient sums an (N, H, W, C) gradient over N, H and W): 9 ms for 64×26×26×32. This replaces the wasm
 * kernel, for float32 sums over a prefix of the axes, by a product with a row of ones —
 * (1, n) × (n, rest), XNNPACK's matrix kernel — which takes 0.4 ms. Other sums keep tfjs's kernel.
 * Results equal tfjs's up to float32 summation order.
 */
export function speedUpWasmLeadingSums(): boolean {
  if (replaced) return false;
  const sum = tf.getKernel('Sum', 'wasm');
  const fill = tf.getKernel('Fill', 'wasm');
  const reshape = tf.getKernel('Reshape', 'wasm');
  if (!sum || !fill || !reshape || !tf.getKernel('BatchMatMul', 'wasm')) return false;
  replaced = true;
  const original = sum.kernelFunc;
  tf.unregisterKernel('Sum', 'wasm');
  tf.registerKernel({
    ...sum,
    kernelFunc: ((args: Args) => {
      const x = args.inputs.x;
      const axes = tf.util.parseAxisParam(args.attrs.axis as number | number[], x.shape).sort((a, b) => a - b);
      const leading = axes.every((a, i) => a === i);
      const rows = x.shape.slice(0, axes.length).reduce((a, b) => a * b, 1);
      if (x.dtype !== 'float32' || axes.length === 0 || axes.length === x.shape.length || !leading || rows < MIN_ROWS) {
        return original(args as unknown as Parameters<tf.KernelFunc>[0]);
      }
      const rest = x.shape.slice(axes.length);
      const cols = rest.reduce((a, b) => a * b, 1);
      const run = (config: tf.KernelConfig, inputs: Record<string, TensorInfo>, attrs: Record<string, unknown>) =>
        config.kernelFunc({ inputs, attrs, backend: args.backend } as unknown as Parameters<tf.KernelFunc>[0]) as TensorInfo;
      const matMul = tf.getKernel('BatchMatMul', 'wasm') as tf.KernelConfig;
      const temporaries: TensorInfo[] = [];
      try {
        const matrix = run(reshape, { x }, { shape: [1, rows, cols] });
        temporaries.push(matrix);
        const ones = run(fill, {}, { shape: [1, 1, rows], value: 1, dtype: 'float32' });
        temporaries.push(ones);
        const product = run(matMul, { a: ones, b: matrix }, { transposeA: false, transposeB: false });
        temporaries.push(product);
        const shape = args.attrs.keepDims ? [...axes.map(() => 1), ...rest] : rest;
        return run(reshape, { x: product }, { shape });
      } finally {
        const backend = args.backend as { disposeData(id: tf.DataId): void };
        for (const t of temporaries) backend.disposeData(t.dataId);
      }
    }) as unknown as tf.KernelFunc,
  });
  return true;
}
