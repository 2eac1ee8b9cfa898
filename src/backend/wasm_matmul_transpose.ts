import * as tf from '@tensorflow/tfjs';

type TensorInfo = { dataId: tf.DataId; shape: number[]; dtype: tf.DataType };

let replaced = false;

/**
 * Per-element costs, in nanoseconds, fitted to products measured on this 2-core machine's wasm build: moving an
 * element in a Transpose kernel, and the rest of what a product spends per element of a right operand it gets
 * fresh (a transposed copy is always fresh; XNNPACK prepares every new right operand before multiplying). For
 * [64, 1024] × [784, 1024]ᵀ they add 3.0 ms (direct) and 0.3 ms (swapped) to the plain product's 2.3 ms;
 * measured: 6.5 and 3.0 ms. Only the comparison matters, and it errs on the direct form's side.
 */
const TRANSPOSE_NS = 0.7;
const PACK_NS = 3;
/** Below this saving (ns) the extra kernel call of the swapped form is not worth it. */
const MIN_SAVING_NS = 50_000;

/** Operands up to this many elements together go to tfjs's kernel with its transpose flags. */
const TINY_OPERANDS = 64;

const sizeOf = (t: TensorInfo): number => t.shape.reduce((a, b) => a * b, 1);

let swapping = true;

/** The permutation of `rank` axes that swaps the last two. */
function lastTwoSwapped(rank: number): number[] {
  const perm = Array.from({ length: rank }, (_, i) => i);
  [perm[rank - 2], perm[rank - 1]] = [perm[rank - 1], perm[rank - 2]];
  return perm;
}

/** Turns the swapped form of `x @ wᵀ` (see `speedUpWasmTransposedMatMul`) on or off, for A/B benchmarks. */
export function useSwappedTransposedProducts(on: boolean): void {
  swapping = on;
}

/**
 * Whether `a @ bᵀ` (a: [M, K], b: [N, K]) is cheaper computed as `(b @ aᵀ)ᵀ`: the direct form
 * transposes and packs b (K·N elements: a Linear layer's whole weight, on every call), the swapped one
 * transposes and packs a (M·K: the batch) and transposes the [N, M] result back.
 */
export function swapTransposedProduct(m: number, k: number, n: number): boolean {
  const direct = k * n * (TRANSPOSE_NS + PACK_NS);
  const swapped = m * k * (TRANSPOSE_NS + PACK_NS) + n * m * TRANSPOSE_NS;
  return direct - swapped > MIN_SAVING_NS;
}

/**
 * tfjs-backend-wasm 4.22's BatchMatMul is 5–15× slower when asked to transpose an operand
 * (`tf.matMul(x, w, false, true)`, which is `x @ wᵀ` in every Linear layer and in matMul gradients) than
 * on plain operands: measured 20 ms vs 1.4 ms for [64, 784] × [784, 128]ᵀ. This replaces the wasm kernel
 * with one that transposes the operand first (wasm's Transpose kernel, ~2 ms) and then multiplies without
 * transpose flags. When only the right operand is transposed (`x @ wᵀ`) and the left one is the smaller
 * (a batch of rows against a layer's weight), the product is computed as `(w @ xᵀ)ᵀ` instead
 * (`swapTransposedProduct`): the weight is then used as it is stored and only the batch is transposed and
 * packed — for a [64, 1024] × [784, 1024]ᵀ product 3.0 ms instead of 6.5 ms. Same results up to float32
 * summation order; the intermediate copies are freed at once.
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
      // tfjs's own transposing product is the fastest for tiny operands (an XOR network's): no extra kernels.
      if (sizeOf(inputs.a) + sizeOf(inputs.b) <= TINY_OPERANDS) return original(args as unknown as Parameters<tf.KernelFunc>[0]);
      const temporaries: TensorInfo[] = [];
      /** A transposed copy of `t`, freed when the product is done. */
      const swapLastTwo = (t: TensorInfo): TensorInfo => {
        const out = transpose.kernelFunc({ inputs: { x: t }, attrs: { perm: lastTwoSwapped(t.shape.length) }, backend } as unknown as
          Parameters<tf.KernelFunc>[0]) as TensorInfo;
        temporaries.push(out);
        return out;
      };
      const plain = (a: TensorInfo, b: TensorInfo): TensorInfo => original({
        ...args,
        inputs: { a, b },
        attrs: { ...attrs, transposeA: false, transposeB: false },
      } as unknown as Parameters<tf.KernelFunc>[0]) as TensorInfo;
      // Operands come as matrices, or as stacks of them ([batch, rows, columns]) when the product is batched.
      const [m, k] = inputs.a.shape.slice(-2);
      const n = inputs.b.shape[inputs.b.shape.length - 2];
      const single = (t: TensorInfo) => t.shape.length === 2 || (t.shape.length === 3 && t.shape[0] === 1);
      const swap = swapping && !attrs.transposeA && attrs.transposeB && single(inputs.a) && single(inputs.b)
        && inputs.a.shape.length === inputs.b.shape.length && swapTransposedProduct(m, k, n);
      try {
        if (swap) {
          const productT = plain(inputs.b, swapLastTwo(inputs.a));
          temporaries.push(productT);
          return transpose.kernelFunc({ inputs: { x: productT }, attrs: { perm: lastTwoSwapped(productT.shape.length) }, backend } as unknown as
            Parameters<tf.KernelFunc>[0]) as TensorInfo;
        }
        return plain(attrs.transposeA ? swapLastTwo(inputs.a) : inputs.a, attrs.transposeB ? swapLastTwo(inputs.b) : inputs.b);
      } finally {
        const dataBackend = backend as { disposeData(id: tf.DataId): void };
        for (const t of temporaries) dataBackend.disposeData(t.dataId);
      }
    }) as unknown as tf.KernelFunc,
  });
  return true;
}
