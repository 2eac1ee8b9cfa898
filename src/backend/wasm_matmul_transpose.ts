import * as tf from '@tensorflow/tfjs';

type TensorInfo = { dataId: tf.DataId; shape: number[]; dtype: tf.DataType };

let replaced = false;

/**
 * tfjs-backend-wasm 4.22's BatchMatMul is 5–15× slower when asked to transpose an operand
 * (`tf.matMul(x, w, false, true)`, which is `x @ wᵀ` in every Linear layer and in matMul gradients) than
 * on plain operands: measured 20 ms vs 1.4 ms for [64, 784] × [784, 128]ᵀ. This replaces the wasm kernel
 * with one that transposes the operand first (wasm's Transpose kernel, ~2 ms) and then multiplies without
 * transpose flags. Same results; the intermediate copy is freed at once.
 */
export function speedUpWasmTransposedMatMul(): boolean {
  if (replaced) return false;
  const matMul = tf.getKernel('BatchMatMul', 'wasm');
  const transpose = tf.getKernel('Transpose', 'wasm');
  if (!matMul || !transpose) return false;
  replaced = true;
  const original = matMul.kernelFunc;
  tf.unregisterKernel('BatchMatMul', 'wasm');
  tf.registerKernel({
    ...matMul,
    kernelFunc: ((args: { inputs: { a: TensorInfo; b: TensorInfo }; attrs: Record<string, unknown>; backend: unknown }) => {
      const { inputs, attrs, backend } = args;
      if (!attrs.transposeA && !attrs.transposeB) return original(args as unknown as Parameters<tf.KernelFunc>[0]);
      const temporaries: TensorInfo[] = [];
      const swapLastTwo = (t: TensorInfo): TensorInfo => {
        const perm = t.shape.map((_, i) => i);
        const r = perm.length;
        [perm[r - 2], perm[r - 1]] = [perm[r - 1], perm[r - 2]];
        const out = transpose.kernelFunc({ inputs: { x: t }, attrs: { perm }, backend } as unknown as Parameters<tf.KernelFunc>[0]) as TensorInfo;
        temporaries.push(out);
        return out;
      };
      const a = attrs.transposeA ? swapLastTwo(inputs.a) : inputs.a;
      const b = attrs.transposeB ? swapLastTwo(inputs.b) : inputs.b;
      try {
        return original({
          ...args,
          inputs: { a, b },
          attrs: { ...attrs, transposeA: false, transposeB: false },
        } as unknown as Parameters<tf.KernelFunc>[0]);
      } finally {
        const dataBackend = backend as { disposeData(id: tf.DataId): void };
        for (const t of temporaries) dataBackend.disposeData(t.dataId);
      }
    }) as unknown as tf.KernelFunc,
  });
  return true;
}
