import * as tf from '@tensorflow/tfjs';
import { defineCompositeKernel } from '../../backend/composite_kernel';
import { hostFloat32Views, uninitialized, uninitializedLike } from '../../backend/host_memory';
import { simdKernels, type MaxPoolNchwKernels } from '../../backend/simd/simd_kernels';

function kernels(): MaxPoolNchwKernels {
  const k = simdKernels('maxPoolNchw');
  if (k === null) throw new Error('TsdlMaxPool2x2NCHW: needs the wasm backend with tsdl\'s SIMD kernels (F.maxPool2d checks before using it)');
  return k;
}

/**
 * 2×2 max pooling with stride 2 of float32 (N, C, H, W) input, output (N, C, ⌊H/2⌋, ⌊W/2⌋), as one kernel on
 * wasm: tsdl's SIMD kernels (`backend/simd/max_pool_nchw.wat`) pool the channel planes where they are, so
 * the NCHW → NHWC → NCHW transposes around tfjs's pooling (and the crop of an odd row or column) are gone, in
 * the forward pass and in the gradient. Its gradient follows PyTorch's rule (the first maximum of a window,
 * or its last NaN). `F.maxPool2d` uses it when `simdKernels('maxPoolNchw')` is available.
 */
export const maxPool2x2NchwKernel = defineCompositeKernel({
  name: 'TsdlMaxPool2x2NCHW',
  inputs: ['x'] as const,
  inputsToSave: ['x'] as const,
  forward: ({ x }, _attrs: Record<string, never>) => {
    const [n, c, h, w] = x.shape;
    const y = uninitialized([n, c, h >> 1, w >> 1]); // before the views: an allocation may move the wasm heap
    const [xv, yv] = hostFloat32Views([x, y]) as Float32Array[];
    kernels().maxPool2x2NCHW(xv.byteOffset, yv.byteOffset, n * c, h, w);
    return y;
  },
  gradient: (dy, [x]) => ({
    x: () => {
      const [n, c, h, w] = x.shape;
      const dx = uninitializedLike(x);
      const [xv, dyv, dxv] = hostFloat32Views([x, dy, dx]) as Float32Array[];
      if (h % 2 !== 0 || w % 2 !== 0) dxv.fill(0);
      kernels().maxPoolGrad2x2NCHW(xv.byteOffset, dyv.byteOffset, dxv.byteOffset, n * c, h, w);
      return dx as tf.Tensor;
    },
  }),
});
