/**
 * Dropout: in training, zero each element (or each whole channel) with probability p and scale the
 * survivors by 1 / (1 − p) ("inverted" dropout), so evaluation needs no rescaling. Masks are drawn from
 * the global seeded generator (`tsdl.manualSeed`).
 */
import * as tf from '@tensorflow/tfjs';
import * as seedrandom from 'seedrandom';
import { nextSeed } from '../../random';
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
  const size = shape.reduce((a, b) => a * b, 1);
  const values = new Float32Array(size);
  const draw = seedrandom.alea(seed.toString());
  const threshold = Math.fround(p);
  const kept = Math.fround(1 / Math.fround(1 - p));
  for (let i = 0; i < size; i++) values[i] = Math.fround(draw()) >= threshold ? kept : 0;
  return tf.tensor(values, shape, 'float32');
}

function dropWithNoiseShape(input: tf.Tensor, p: number, noiseShape: number[] | undefined): tf.Tensor {
  if (p === 1) return tf.mul(input, 0);
  return tf.tidy(() => tf.mul(input, keepMask(noiseShape ?? input.shape, p, nextSeed())));
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
