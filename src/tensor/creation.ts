import * as tf from '@tensorflow/tfjs';

function checkFinite(value: number, name: string, where: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new TypeError(`${where}: ${name} must be a finite number, got ${String(value)}`);
  }
}

/**
 * `steps` evenly spaced values from `start` to `end` inclusive, like `torch.linspace`.
 *
 * ```ts
 * tsdl.linspace(0, 1, 5);   // [0, 0.25, 0.5, 0.75, 1], shape [5]
 * ```
 */
export function linspace(start: number, end: number, steps: number): tf.Tensor1D {
  checkFinite(start, 'start', 'linspace');
  checkFinite(end, 'end', 'linspace');
  if (!Number.isInteger(steps) || steps < 0) throw new RangeError(`linspace: steps must be a non-negative integer, got ${steps}`);
  if (steps === 0) return tf.tensor1d([], 'float32');
  if (steps === 1) return tf.tensor1d([start], 'float32');
  const values = new Float32Array(steps);
  const step = (end - start) / (steps - 1);
  // Like PyTorch, fill the first half from start and the second half from end (exact end points).
  const half = Math.floor(steps / 2);
  for (let i = 0; i < steps; i++) values[i] = i < half ? start + step * i : end - step * (steps - 1 - i);
  return tf.tensor1d(values, 'float32');
}

/**
 * Values from `start` (inclusive) to `end` (exclusive) by `step`, like `torch.arange`. With one argument it
 * counts from 0. The dtype is int32 when all arguments are integers, else float32 (PyTorch would give
 * int64/float64; see the README on dtypes).
 *
 * ```ts
 * tsdl.arange(5);          // [0, 1, 2, 3, 4]   int32
 * tsdl.arange(0, 1, 0.25); // [0, 0.25, 0.5, 0.75]  float32
 * ```
 */
export function arange(start: number, end?: number, step = 1, dtype?: 'float32' | 'int32'): tf.Tensor1D {
  if (end === undefined) {
    end = start;
    start = 0;
  }
  checkFinite(start, 'start', 'arange');
  checkFinite(end, 'end', 'arange');
  checkFinite(step, 'step', 'arange');
  if (step === 0) throw new RangeError('arange: step must not be zero');
  const n = Math.max(0, Math.ceil((end - start) / step));
  const type = dtype ?? (Number.isInteger(start) && Number.isInteger(end) && Number.isInteger(step) ? 'int32' : 'float32');
  const values = type === 'int32' ? new Int32Array(n) : new Float32Array(n);
  for (let i = 0; i < n; i++) values[i] = start + i * step;
  return tf.tensor1d(values, type);
}

/**
 * The identity matrix (ones on the diagonal), `n × m` (m defaults to n), like `torch.eye`.
 */
export function eye(n: number, m?: number, dtype: 'float32' | 'int32' = 'float32'): tf.Tensor2D {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`eye: n must be a non-negative integer, got ${n}`);
  if (m !== undefined && (!Number.isInteger(m) || m < 0)) throw new RangeError(`eye: m must be a non-negative integer, got ${m}`);
  return tf.eye(n, m ?? n, undefined, dtype) as tf.Tensor2D;
}

/**
 * Coordinate grids from 1-D tensors, like `torch.meshgrid`. With `indexing: 'ij'` (PyTorch's default)
 * output k has shape `[len0, len1, ...]` and varies along axis k; with `'xy'` (NumPy's default) the first
 * two axes are swapped, as for plotting `z = f(x, y)`.
 *
 * ```ts
 * const [xx, yy] = tsdl.meshgrid([tsdl.linspace(-1, 1, 3), tsdl.linspace(0, 1, 2)], { indexing: 'xy' });
 * xx.shape;  // [2, 3]
 * ```
 */
export function meshgrid(tensors: tf.Tensor[], options: { indexing?: 'ij' | 'xy' } = {}): tf.Tensor[] {
  const indexing = options.indexing ?? 'ij';
  if (indexing !== 'ij' && indexing !== 'xy') throw new TypeError(`meshgrid: indexing must be 'ij' or 'xy', got ${String(indexing)}`);
  if (!Array.isArray(tensors) || tensors.length === 0) throw new TypeError('meshgrid: expected a non-empty array of 1-D tensors');
  tensors.forEach((t, i) => {
    if (!(t instanceof tf.Tensor) || t.rank !== 1) {
      throw new TypeError(`meshgrid: tensors[${i}] must be a 1-D tensor${t instanceof tf.Tensor ? `, got shape [${t.shape}]` : ''}`);
    }
  });
  const swap = indexing === 'xy' && tensors.length >= 2;
  const order = tensors.map((_, i) => i);
  if (swap) [order[0], order[1]] = [order[1], order[0]];
  const sizes = order.map((i) => tensors[i].shape[0]);
  return tf.tidy(() =>
    tensors.map((t, k) => {
      const axis = order.indexOf(k);
      const shape = sizes.map((_, j) => (j === axis ? sizes[j] : 1));
      return tf.broadcastTo(tf.reshape(t, shape), sizes);
    }),
  );
}
