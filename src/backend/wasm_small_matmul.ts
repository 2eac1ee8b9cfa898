import { overrideKernel } from './kernel_override';
import type { TensorInfo, WasmBackendLike } from './host_memory';
import { simdKernels } from './simd/simd_kernels';

type Args = { inputs: { a: TensorInfo; b: TensorInfo }; attrs: { transposeA?: boolean; transposeB?: boolean }; backend: WasmBackendLike };

/**
 * Matrix products of up to this many multiply-adds run as one loop over the operands in the wasm heap (tsdl's
 * `simd/small_matmul.wat`).
 * tfjs-wasm's kernel costs 6–15 µs per call whatever the size below that (two reshapes, shape arrays passed
 * through the stack, and XNNPACK packing the right operand, which is new at every training step for a weight);
 * the loop 4–8 µs up to 4,096 multiply-adds and slower beyond ~8,000 (`bench/tmp/smallmm.ts`-style timing, new weights
 * each call). The XOR MLP's five products per step are 16–32 multiply-adds each.
 */
export const MAX_SMALL_PRODUCT_MACS = 4096;

let replaced = false;
let enabled = process.env.TSDL_SMALL_MATMUL !== '0';
let loops = 0;

/** How many products the loop has computed (tests check which way a product took). */
export function smallProductsComputed(): number {
  return loops;
}

/** Turns the loop for small products on or off (`TSDL_SMALL_MATMUL=0`: off at start), for A/B timing and tests. */
export function useSmallMatMul(on: boolean): void {
  enabled = on;
}

/**
 * C = op(A) · op(B) for 2-d float32 matrices of `m·k·n ≤ MAX_SMALL_PRODUCT_MACS`, op a transpose when its flag is
 * set, each entry summed in double precision and rounded to float32 once (XNNPACK sums in float32, in its own
 * order: results agree to float32 rounding). Other products go on to the kernel it replaces.
 */
export function speedUpSmallMatMul(): boolean {
  if (replaced) return false;
  replaced = overrideKernel<Args>('BatchMatMul', 'wasm', (args, previous) => {
    const { a, b } = args.inputs;
    if (!enabled || a.dtype !== 'float32' || b.dtype !== 'float32' || a.shape.length !== 2 || b.shape.length !== 2) return previous(args);
    const tA = args.attrs.transposeA === true;
    const tB = args.attrs.transposeB === true;
    const m = tA ? a.shape[1] : a.shape[0];
    const k = tA ? a.shape[0] : a.shape[1];
    const n = tB ? b.shape[0] : b.shape[1];
    // (mismatched inner sizes go on to tfjs's kernel, which names them in its error)
    if (k !== (tB ? b.shape[1] : b.shape[0]) || m * k * n > MAX_SMALL_PRODUCT_MACS) return previous(args);
    // tsdl's kernel, or (kernels switched off, or the heap not reachable) tfjs's
    const kernel = simdKernels('smallMatmul');
    if (kernel === null) return previous(args);
    loops++;
    const backend = args.backend;
    const out = backend.makeOutput([m, n], 'float32'); // before the views: an allocation may move the wasm heap
    // Strides of A's rows and of the summed index in A and B, and of B's columns.
    const aRow = tA ? 1 : k, aStep = tA ? m : 1, bStep = tB ? 1 : n, bCol = tB ? k : 1;
    kernel.smallMatMul(backend.typedArrayFromHeap(a).byteOffset, backend.typedArrayFromHeap(b).byteOffset, backend.typedArrayFromHeap(out).byteOffset,
      m, k, n, aRow, aStep, bStep, bCol);
    return out;
  }) !== null;
  return replaced;
}
