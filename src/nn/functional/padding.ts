/**
 * `F.pad`: PyTorch's padding, whose `pad` list starts from the LAST dimension:
 * `[left, right]` pads the last dimension, `[left, right, top, bottom]` the last two, and so on.
 */
import * as tf from '@tensorflow/tfjs';
import { expectFloat, shapeText } from './args';

/** 'constant' fills with `value`; 'reflect' mirrors without the edge; 'replicate' repeats the edge. */
export type PadMode = 'constant' | 'reflect' | 'replicate' | 'circular';

/** The input index that padded position `i` copies, for a dimension of size n. */
function sourceIndex(i: number, n: number, mode: PadMode): number {
  if (mode === 'replicate') return Math.min(Math.max(i, 0), n - 1);
  if (mode === 'circular') return ((i % n) + n) % n;
  if (i < 0) return -i;
  return i >= n ? 2 * (n - 1) - i : i;
}

function swapPerm(rank: number, axis: number): number[] {
  const perm = Array.from({ length: rank }, (_, i) => i);
  perm[axis] = rank - 1;
  perm[rank - 1] = axis;
  return perm;
}

function moveAxisLast(x: tf.Tensor, axis: number): tf.Tensor {
  return axis === x.rank - 1 ? x : tf.transpose(x, swapPerm(x.rank, axis));
}

function moveAxisBack(x: tf.Tensor, axis: number): tf.Tensor {
  return axis === x.rank - 1 ? x : tf.transpose(x, swapPerm(x.rank, axis));
}

/**
 * Pads `input`. Negative amounts crop (constant mode).
 *
 * ```ts
 * F.pad(x, [1, 1, 2, 2]);               // W by 1 on each side, H by 2
 * F.pad(x, [1, 1], 'reflect');
 * ```
 */
export function pad(input: tf.Tensor, padding: number[], mode: PadMode = 'constant', value = 0): tf.Tensor {
  const where = 'F.pad';
  expectFloat(input, where);
  if (!Array.isArray(padding) || padding.length % 2 !== 0 || padding.length / 2 > input.rank || !padding.every(Number.isInteger)) {
    throw new Error(`${where}: padding must be an even-length list of integers covering at most ${input.rank} dimensions, got ${JSON.stringify(padding)}`);
  }
  const spec: Array<[number, number]> = input.shape.map(() => [0, 0]);
  for (let i = 0; i < padding.length / 2; i++) {
    spec[input.rank - 1 - i] = [padding[2 * i], padding[2 * i + 1]];
  }
  return tf.tidy(() => {
    let x = input;
    // Crop negative amounts first.
    if (spec.some(([a, b]) => a < 0 || b < 0)) {
      const begin = spec.map(([a]) => Math.max(0, -a));
      const size = spec.map(([a, b], i) => input.shape[i] - Math.max(0, -a) - Math.max(0, -b));
      x = tf.slice(x, begin, size);
    }
    const pos = spec.map(([a, b]) => [Math.max(0, a), Math.max(0, b)] as [number, number]);
    if (pos.every(([a, b]) => a === 0 && b === 0)) return mode === 'constant' ? tf.clone(x) : x;
    switch (mode) {
      case 'constant':
        return tf.pad(x, pos, value);
      case 'reflect':
        pos.forEach(([a, b], i) => {
          if (a >= x.shape[i] || b >= x.shape[i]) {
            throw new Error(`${where}: reflect padding (${a}, ${b}) must be smaller than the dimension size ${x.shape[i]} (input ${shapeText(input.shape)})`);
          }
        });
      // falls through: reflect, replicate and circular all select source indices (tf.mirrorPad's
      // gradient drops the reflected contributions, so it is not used).
      case 'replicate':
      case 'circular': {
        let y = x;
        pos.forEach(([a, b], axis) => {
          if (a === 0 && b === 0) return;
          const n = y.shape[axis];
          if (mode === 'circular' && (a > n || b > n)) throw new Error(`${where}: circular padding (${a}, ${b}) exceeds dimension size ${n}`);
          const idx: number[] = [];
          for (let i = -a; i < n + b; i++) idx.push(sourceIndex(i, n, mode));
          // Selection by a one-hot matrix product, which differentiates on every backend.
          const sel = tf.oneHot(tf.tensor1d(idx, 'int32'), n).toFloat(); // (n + a + b, n)
          const moved = moveAxisLast(y, axis);
          const out = tf.matMul(tf.reshape(moved, [-1, n]), sel, false, true);
          y = moveAxisBack(tf.reshape(out, [...moved.shape.slice(0, -1), idx.length]), axis);
        });
        return y;
      }
      default:
        throw new Error(`${where}: mode must be 'constant', 'reflect', 'replicate' or 'circular', got '${mode as string}'`);
    }
  });
}
