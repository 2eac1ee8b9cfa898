/**
 * Dropout: in training, zero each element (or each whole channel) with probability p and scale the
 * survivors by 1 / (1 − p) ("inverted" dropout), so evaluation needs no rescaling. Masks are drawn from
 * the global seeded generator (`tsdl.manualSeed`).
 */
import * as tf from '@tensorflow/tfjs';
import { nextSeed } from '../../random';
import { defineCompositeKernel } from '../../backend/composite_kernel';
import { backendHasHostMemory, hostFloat32Views, onHostMemory, recordingGradients, uninitialized, uninitializedLike } from '../../backend/host_memory';
import { simdKernels } from '../../backend/simd/simd_kernels';
import { aleaState } from './alea_seed';
import { expectFloat, shapeText } from './args';

function checkP(p: number, where: string): void {
  if (typeof p !== 'number' || !(p >= 0 && p <= 1)) throw new Error(`${where}: dropout probability p must be in [0, 1], got ${p}`);
}

/**
 * The scaled keep mask: 1 / (1 − p) where a uniform draw is ≥ p, else 0. The draws are those of
 * `tf.randomUniform(shape, 0, 1, 'float32', seed)` (seedrandom's alea generator seeded with the seed's text,
 * as tfjs seeds it), and every value is the float32 one the ops `cast(u >= p) / (1 − p)` gave: the same
 * masks as before, made in one loop instead of three kernel calls after the draws.
 */
function keepMask(shape: number[], p: number, seed: number): tf.Tensor {
  // On wasm and cpu the mask is written where the tensor lives; elsewhere it is uploaded after the loop.
  const mask = backendHasHostMemory() ? uninitialized(shape) : null;
  const view = mask && hostFloat32Views([mask])?.[0];
  const values = view || new Float32Array(shape.reduce((a, b) => a * b, 1));
  let { c, s0, s1, s2 } = aleaState(seed.toString());
  const threshold = Math.fround(p);
  const kept = Math.fround(1 / Math.fround(1 - p));
  // On wasm, tsdl's kernel draws in integer arithmetic (simd/dropout_masks.wat): the same values, ~10x faster than
  // the loop below, whose carry goes through a multiply and two double <-> integer conversions per draw.
  const kernel = view ? simdKernels('dropoutMasks') : null;
  if (kernel && view) {
    kernel.aleaKeepMask(view.byteOffset, view.length, s0 * 2 ** 32, s1 * 2 ** 32, s2 * 2 ** 32, c, threshold, kept);
    return mask as tf.Tensor;
  }
  // alea's recurrence (seedrandom/lib/alea.js) on local variables: the generator's own `next` reads and
  // writes its state as properties on every draw, about four times slower in this loop.
  for (let i = 0; i < values.length; i++) {
    const t = 2091639 * s0 + c * 2.3283064365386963e-10; // 2^-32
    s0 = s1;
    s1 = s2;
    c = t | 0;
    s2 = t - c;
    values[i] = Math.fround(s2) >= threshold ? kept : 0;
  }
  if (mask && view) return mask;
  mask?.dispose();
  return tf.tensor(values, shape, 'float32');
}

/**
 * `a * b` of two same-shape float32 tensors over host memory (tsdl's SIMD kernel on wasm, a loop on cpu), or null
 * when they are not there.
 */
function hostProduct(a: tf.Tensor, b: tf.Tensor): tf.Tensor | null {
  if (!onHostMemory([a, b])) return null;
  const out = uninitializedLike(a);
  const [av, bv, ov] = hostFloat32Views([a, b, out]) as Float32Array[];
  const kernel = simdKernels('dropoutMasks');
  if (kernel) {
    kernel.maskProduct(av.byteOffset, bv.byteOffset, ov.byteOffset, av.length);
    return out;
  }
  // A product of two float32 values is exact in a double: storing it rounds once, as a float32 multiply does.
  for (let i = 0; i < av.length; i++) ov[i] = av[i] * bv[i];
  return out;
}

/**
 * `x * mask` for a mask of x's shape, as one kernel whose gradient is `dy * mask`: on wasm and cpu a loop each
 * way instead of a Multiply kernel forward and Cast + Multiply backward (tfjs's product gradient casts the other
 * operand). The mask is a constant draw: its gradient is zero, as in PyTorch.
 */
const maskedProduct = defineCompositeKernel({
  name: 'TsdlDropoutMask',
  inputs: ['x', 'mask'] as const,
  inputsToSave: ['mask'] as const,
  forward: ({ x, mask }) => hostProduct(x, mask) ?? tf.mul(x, mask),
  gradient: (dy, [mask]) => ({
    // (a gradient of this gradient needs the op, which the outer gradient records)
    x: () => (recordingGradients() ? null : hostProduct(dy, mask)) ?? tf.mul(dy, mask),
    mask: () => tf.zerosLike(mask),
  }),
});

function dropWithNoiseShape(input: tf.Tensor, p: number, noiseShape: number[] | undefined): tf.Tensor {
  if (p === 1) return tf.mul(input, 0);
  if (noiseShape === undefined) return tf.tidy(() => maskedProduct({ x: input, mask: keepMask(input.shape, p, nextSeed()) }, {}));
  return tf.tidy(() => tf.mul(input, keepMask(noiseShape, p, nextSeed())));
}

/**
 * Element-wise dropout. Returns `input` itself when `training` is false or p = 0.
 *
 * ```ts
 * const h = F.dropout(x, 0.5, model.training);
 * ```
 */
export function dropout(input: tf.Tensor, p = 0.5, training = true): tf.Tensor {
  expectFloat(input, 'F.dropout');
  checkP(p, 'F.dropout');
  if (!training || p === 0) return input;
  return dropWithNoiseShape(input, p, undefined);
}

/**
 * Channel dropout for (N, C, H, W) or unbatched (C, H, W) input: whole feature maps are zeroed.
 */
export function dropout2d(input: tf.Tensor, p = 0.5, training = true): tf.Tensor {
  const where = 'F.dropout2d';
  expectFloat(input, where);
  checkP(p, where);
  if (input.rank !== 3 && input.rank !== 4) throw new Error(`${where}: expected a 3-d (C, H, W) or 4-d (N, C, H, W) input, got shape ${shapeText(input.shape)}`);
  if (!training || p === 0) return input;
  const s = input.shape as number[];
  const noise = input.rank === 4 ? [s[0], s[1], 1, 1] : [s[0], 1, 1];
  return dropWithNoiseShape(input, p, noise);
}

/**
 * Channel dropout for (N, C, L) or unbatched (C, L) input: whole channels are zeroed.
 */
export function dropout1d(input: tf.Tensor, p = 0.5, training = true): tf.Tensor {
  const where = 'F.dropout1d';
  expectFloat(input, where);
  checkP(p, where);
  if (input.rank !== 2 && input.rank !== 3) throw new Error(`${where}: expected a 2-d (C, L) or 3-d (N, C, L) input, got shape ${shapeText(input.shape)}`);
  if (!training || p === 0) return input;
  const s = input.shape as number[];
  const noise = input.rank === 3 ? [s[0], s[1], 1] : [s[0], 1];
  return dropWithNoiseShape(input, p, noise);
}
