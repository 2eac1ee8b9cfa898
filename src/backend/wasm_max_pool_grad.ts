import * as tf from '@tensorflow/tfjs';
import { overrideKernel } from './kernel_override';
import { simdKernels } from './simd/simd_kernels';

type TensorInfo = { dataId: tf.DataId; shape: number[]; dtype: tf.DataType };

/** The parts of tfjs-backend-wasm's BackendWasm used here (public methods in 4.22). */
interface WasmBackendLike {
  makeOutput(shape: number[], dtype: tf.DataType): TensorInfo;
  typedArrayFromHeap(t: TensorInfo): Float32Array | Int32Array | Uint8Array;
}

interface PoolGradAttrs {
  filterSize: number | [number, number];
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/** Window geometry of a 2-D max pooling (a subset of tfjs's `Conv2DInfo`). */
export interface PoolGeometry {
  batchSize: number;
  inHeight: number;
  inWidth: number;
  inChannels: number;
  outHeight: number;
  outWidth: number;
  strideHeight: number;
  strideWidth: number;
  filterHeight: number;
  filterWidth: number;
  padInfo: { top: number; left: number };
}

/**
 * The input gradient of 2-D max pooling over NHWC data, written into `dx` (same length as `x`): each
 * window's output gradient goes to the position of the window's maximum, the first one in row-major
 * window order when several hold it, a NaN when there is one — PyTorch's rule (`max_pool2d`'s CPU
 * kernel). Positions in the padding never win. Windows that overlap add up.
 *
 * Shapes: `x` (N, H, W, C) flattened, `dy` (N, outH, outW, C) flattened.
 */
export function maxPoolGradNHWC(x: ArrayLike<number>, dy: ArrayLike<number>, dx: Float32Array, g: PoolGeometry): void {
  const { batchSize, inHeight, inWidth, inChannels: C, outHeight, outWidth, strideHeight, strideWidth, filterHeight, filterWidth } = g;
  const { top, left } = g.padInfo;
  dx.fill(0);
  // Offsets of the current window's positions (row-major window order), channel 0.
  const positions = new Int32Array(filterHeight * filterWidth);
  const rowStride = inWidth * C;
  for (let b = 0; b < batchSize; b++) {
    const xBase = b * inHeight * rowStride;
    for (let oh = 0; oh < outHeight; oh++) {
      const h0 = oh * strideHeight - top;
      const hStart = Math.max(0, h0);
      const hEnd = Math.min(inHeight, h0 + filterHeight);
      for (let ow = 0; ow < outWidth; ow++) {
        const w0 = ow * strideWidth - left;
        const wStart = Math.max(0, w0);
        const wEnd = Math.min(inWidth, w0 + filterWidth);
        let count = 0;
        for (let h = hStart; h < hEnd; h++) {
          for (let w = wStart; w < wEnd; w++) positions[count++] = xBase + h * rowStride + w * C;
        }
        if (count === 0) continue;
        const dyBase = ((b * outHeight + oh) * outWidth + ow) * C;
        for (let c = 0; c < C; c++) {
          let at = positions[0] + c;
          let best = x[at];
          for (let p = 1; p < count; p++) {
            const i = positions[p] + c;
            const v = x[i];
            // v !== v: NaN, which PyTorch lets win (and propagates forward)
            if (v > best || v !== v) {
              best = v;
              at = i;
            }
          }
          dx[at] += dy[dyBase + c];
        }
      }
    }
  }
}

let restore: (() => void) | null = null;

/**
 * Replaces the wasm backend's `MaxPoolGrad` kernel (the gradient of `tf.maxPool`, `F.maxPool2d`,
 * `nn.MaxPool2d` and tfjs-layers' `maxPooling2d`) for float32 data by `maxPoolGradNHWC`, one pass over
 * the input read in place from the wasm heap. tfjs-backend-wasm 4.22's own kernel routes the gradient of
 * all-negative windows wrongly; the replacement tsdl used so far (`pool_gradient_math.ts`, built from
 * slices, comparisons and concatenations) takes 9.9 ms for a 64×26×26×32 batch, this 4.6–6.5 ms; the
 * usual 2×2 windows with stride 2 go to tsdl's SIMD kernel (`simd/max_pool_grad.wat`, same rule). Other dtypes keep the
 * kernel registered before. Returns whether it replaced the kernel (once per process;
 * `restoreWasmMaxPoolGrad` undoes it).
 */
export function speedUpWasmMaxPoolGrad(): boolean {
  if (restore) return false;
  type Args = { inputs: Record<string, TensorInfo>; attrs: PoolGradAttrs; backend: WasmBackendLike };
  restore = overrideKernel<Args>('MaxPoolGrad', 'wasm', (args, previous) => {
    const { dy, input } = args.inputs;
    if (!dy || !input || dy.dtype !== 'float32' || input.dtype !== 'float32' || input.shape.length !== 4) return previous(args);
    const a = args.attrs;
    const info = tf.backend_util.computePool2DInfo(input.shape as [number, number, number, number], a.filterSize, a.strides, 1,
      a.pad, a.dimRoundingMode);
    if (info.outHeight !== dy.shape[1] || info.outWidth !== dy.shape[2]) return previous(args);
    // Allocate first: allocation may grow the wasm memory, which detaches views made before it.
    const out = args.backend.makeOutput(input.shape, 'float32');
    const heap = (t: TensorInfo) => args.backend.typedArrayFromHeap(t);
    const simd = isPlain2x2(info) ? simdKernels('maxPoolGrad') : null;
    if (simd !== null) {
      const dx = heap(out) as Float32Array;
      if (info.inHeight % 2 !== 0 || info.inWidth % 2 !== 0) dx.fill(0);
      simd.maxPoolGrad2x2(heap(input).byteOffset, heap(dy).byteOffset, dx.byteOffset, info.batchSize, info.inHeight, info.inWidth, info.inChannels);
      return out;
    }
    maxPoolGradNHWC(heap(input), heap(dy), heap(out) as Float32Array, info);
    return out;
  });
  return restore !== null;
}

/** 2×2 windows, stride 2, no padding, whole groups of 4 channels: the case of the SIMD kernel (max_pool_grad.wat). */
function isPlain2x2(g: tf.backend_util.Conv2DInfo): boolean {
  const p = g.padInfo;
  return g.filterHeight === 2 && g.filterWidth === 2 && g.strideHeight === 2 && g.strideWidth === 2 &&
    p.top === 0 && p.bottom === 0 && p.left === 0 && p.right === 0 && g.inChannels % 4 === 0 &&
    g.outHeight === Math.floor(g.inHeight / 2) && g.outWidth === Math.floor(g.inWidth / 2);
}

/** Puts back the `MaxPoolGrad` kernel `speedUpWasmMaxPoolGrad` replaced (for A/B benchmarks). */
export function restoreWasmMaxPoolGrad(): void {
  restore?.();
  restore = null;
}
