import * as tf from '@tensorflow/tfjs';
import { hostFloat32Views, recordingGradients, uninitialized, uninitializedLike } from '../../backend/host_memory';
import { simdKernels } from '../../backend/simd/simd_kernels';

/** The output of a training-mode batch norm and the batch statistics it used (per channel, shape (C)). */
export interface BatchNormTrainingResult {
  output: tf.Tensor;
  mean: tf.Tensor;
  /** Biased variance (divided by the m values per channel), the one the output is normalised with. */
  variance: tf.Tensor;
}

type CustomGradientFunc = (...args: Array<tf.Tensor | tf.GradSaveFunc>) => { value: tf.Tensor; gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.Tensor[] };

/**
 * Training-mode batch normalisation over every dimension of `x` but dimension 1 (the channels), with the
 * closed-form backward PyTorch uses instead of differentiating through the mean and variance:
 *
 *     x̂ = (x − μ) / √(σ² + eps),  y = γ x̂ + β
 *     dβ = Σ dy,  dγ = Σ dy x̂,  dx = γ / √(σ² + eps) · (dy − (dβ + x̂ dγ) / m)
 *
 * (sums over the m = N·H·W… values of each channel). A BatchNorm1d layer's step went from ~70 kernel calls
 * to ~25 (`bench/profile.ts breast_cancer_mlp`); for (N, C) input on wasm forward and backward are one SIMD
 * kernel call each (`backend/simd/batch_norm.wat`), and so are (N, C, H, W) images and (N, C, L) sequences
 * (`backend/simd/batch_norm_planes.wat`: the forward pass of a CIFAR batch of 128 through a 64-channel layer
 * 64 → 15 ms, a VGG-style CIFAR training step 1.8–2.0 → 1.3 s). `weight` and `bias` are both given or both null.
 *
 * Shapes: x (N, C, *); weight, bias (C) → output like x, mean and variance (C), which the caller disposes
 * (they are not on the gradient tape: running statistics are not differentiated).
 */
export function batchNormTraining(x: tf.Tensor, weight: tf.Tensor | null, bias: tf.Tensor | null, eps: number): BatchNormTrainingResult {
  const c = x.shape[1] as number;
  const m = x.size / c;
  const axes = x.shape.map((_, i) => i).filter((i) => i !== 1);
  // (N, C) input: per-channel (C) vectors broadcast as they are; otherwise they keep their reduced dims.
  const keepDims = x.rank > 2;
  const broadcastShape = x.shape.map((d, i) => (i === 1 ? d : 1));
  const perChannel = (v: tf.Tensor): tf.Tensor => (keepDims ? tf.reshape(v, broadcastShape) : v);
  const vector = (v: tf.Tensor): tf.Tensor => (keepDims ? tf.reshape(v, [c]) : v);
  let stats: { mean: tf.Tensor; variance: tf.Tensor } | null = null;

  // float32 input on wasm: tsdl's SIMD kernels, (N, C) rows (simd/batch_norm.wat) or (N, C, …) planes
  // (simd/batch_norm_planes.wat), a few passes each way.
  const float32 = [x, weight, bias].every((t) => t === null || t.dtype === 'float32');
  const simd = float32 && x.rank === 2 ? simdKernels('batchNorm') : null;
  const planes = float32 && x.rank > 2 ? simdKernels('batchNormPlanes') : null;
  const planeSize = x.size / Math.max(1, c * (x.shape[0] as number));

  const normalize = (input: tf.Tensor, save: tf.GradSaveFunc, w: tf.Tensor | null, b: tf.Tensor | null) => {
    if (simd !== null || planes !== null) return normalizeByKernel(input, save, w, b);
    const mean = tf.mean(input, axes, keepDims);
    const centred = tf.sub(input, mean);
    const variance = tf.mean(tf.square(centred), axes, keepDims);
    const invStd = tf.rsqrt(tf.add(variance, eps));
    const xHat = tf.mul(centred, invStd);
    const wb = w ? perChannel(w) : null;
    // The weight is saved as given: reshaped here, outside the gradient tape, it would cut a gradient of the
    // gradient off from it.
    save(w ? [xHat, invStd, w] : [xHat, invStd]);
    // Kept past the custom gradient's tidy for the running statistics; the caller disposes them.
    stats = { mean: tf.keep(vector(mean)), variance: tf.keep(vector(variance)) };
    return wb && b ? tf.add(tf.mul(xHat, wb), perChannel(b)) : xHat;
  };
  /** The SIMD kernels' forward pass (rows or planes), run where the tensors are. */
  const normalizeByKernel = (input: tf.Tensor, save: tf.GradSaveFunc, w: tf.Tensor | null, b: tf.Tensor | null) => {
    // Allocate everything before taking views (an allocation may move the wasm heap).
    const [y, xHat, mean, variance, invStd] = [uninitializedLike(input), uninitializedLike(input), uninitialized([c]), uninitialized([c]), uninitialized([c])];
    const v = hostFloat32Views([input, y, xHat, mean, variance, invStd, ...(w && b ? [w, b] : [])]) as Float32Array[];
    const pointers = [v[0].byteOffset, w ? v[6].byteOffset : 0, b ? v[7].byteOffset : 0, v[1].byteOffset, v[2].byteOffset,
      v[3].byteOffset, v[4].byteOffset, v[5].byteOffset] as const;
    const n = input.shape[0] as number;
    if (simd !== null) simd.batchNormForward(...pointers, n, c, eps);
    else planes?.batchNormPlanesForward(...pointers, n, c, planeSize, eps);
    save(w ? [xHat, invStd, w] : [xHat, invStd]);
    stats = { mean: tf.keep(mean), variance: tf.keep(variance) };
    return y;
  };
  type Gradients = { dx: tf.Tensor; dWeight: tf.Tensor; dBias: tf.Tensor };
  const gradientOf = (dy: tf.Tensor, saved: tf.Tensor[]): Gradients => {
    const [xHat, invStd, wb] = saved;
    if ((simd !== null || planes !== null) && !recordingGradients()) {
      const [dx, dWeight, dBias] = [uninitializedLike(dy), uninitialized([c]), uninitialized([c])];
      const v = hostFloat32Views([dy, xHat, invStd, dx, dWeight, dBias, ...(wb ? [wb] : [])]) as Float32Array[];
      const pointers = [v[0].byteOffset, v[1].byteOffset, v[2].byteOffset, wb ? v[6].byteOffset : 0, v[3].byteOffset,
        v[4].byteOffset, v[5].byteOffset] as const;
      if (simd !== null) simd.batchNormBackward(...pointers, dy.shape[0] as number, c);
      else planes?.batchNormPlanesBackward(...pointers, dy.shape[0] as number, c, planeSize);
      return { dx, dWeight, dBias };
    }
    // The op form (also for a gradient of this gradient), with (C) vectors shaped to broadcast.
    return opGradient(dy, xHat, perChannel(invStd), wb ? perChannel(wb) : undefined);
  };
  const opGradient = (dy: tf.Tensor, xHat: tf.Tensor, invStd: tf.Tensor, wb: tf.Tensor | undefined): Gradients => {
    const dBias = tf.sum(dy, axes, keepDims);
    const dWeight = tf.sum(tf.mul(dy, xHat), axes, keepDims);
    const scale = wb ? tf.mul(invStd, wb) : invStd;
    const correction = tf.add(tf.mul(xHat, tf.div(dWeight, m)), tf.div(dBias, m));
    return { dx: tf.mul(tf.sub(dy, correction), scale), dWeight: vector(dWeight), dBias: vector(dBias) };
  };

  let output: tf.Tensor;
  if (weight && bias) {
    const op = tf.customGrad(((input: tf.Tensor, w: tf.Tensor, b: tf.Tensor, save: tf.GradSaveFunc) => {
      return { value: normalize(input, save, w, b), gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const g = gradientOf(dy, saved);
        return [g.dx, g.dWeight, g.dBias];
      } };
    }) as unknown as CustomGradientFunc);
    output = op(x, weight, bias);
  } else {
    const op = tf.customGrad(((input: tf.Tensor, save: tf.GradSaveFunc) => {
      return { value: normalize(input, save, null, null), gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => [gradientOf(dy, saved).dx] };
    }) as unknown as CustomGradientFunc);
    output = op(x);
  }
  const { mean, variance } = stats as unknown as { mean: tf.Tensor; variance: tf.Tensor };
  return { output, mean, variance };
}
