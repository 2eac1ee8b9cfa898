/**
 * Input checking shared by `sk`: every function accepts plain arrays or tensors, and reports bad
 * input the way scikit-learn does, naming the argument.
 */
import * as tf from '@tensorflow/tfjs';

/** A label: a number or a string. */
export type Label = number | string;
/** One value per sample: an array, a typed array, or a 1-D tensor (a `[n, 1]` tensor is flattened). */
export type VectorLike = ArrayLike<number> | Label[] | tf.Tensor;
/** One row per sample: an array of rows or a 2-D tensor. */
export type MatrixLike = number[][] | tf.Tensor;

/** Reads `x` as a flat array of labels/numbers. */
export function toVector(x: VectorLike, name: string): Label[] {
  if (x instanceof tf.Tensor) {
    if (x.rank > 2 || (x.rank === 2 && x.shape[1] !== 1)) {
      throw new Error(`${name} should be a 1d array, got a tensor of shape [${x.shape.join(', ')}] instead`);
    }
    return Array.from(x.dataSync() as ArrayLike<number>);
  }
  if (x === null || x === undefined || typeof (x as ArrayLike<unknown>).length !== 'number') {
    throw new Error(`${name} should be an array or a tensor, got ${x === null ? 'null' : typeof x}`);
  }
  const out = Array.from(x as ArrayLike<Label | Label[]>);
  return out.map((v, i) => {
    if (Array.isArray(v)) {
      if (v.length !== 1) throw new Error(`${name} should be a 1d array, got an array of rows of length ${v.length} (row ${i})`);
      return v[0];
    }
    if (typeof v !== 'number' && typeof v !== 'string') throw new Error(`${name}[${i}] should be a number or a string, got ${typeof v}`);
    return v;
  });
}

/** Reads `x` as numbers, rejecting NaN/Infinity (sklearn: "Input contains NaN"). */
export function toNumberVector(x: VectorLike, name: string, allowNonFinite = false): number[] {
  const v = toVector(x, name);
  v.forEach((e, i) => {
    if (typeof e !== 'number') throw new Error(`${name} should hold numbers, got the string '${e}' at position ${i}`);
    if (!allowNonFinite && !Number.isFinite(e)) throw new Error(`Input ${name} contains ${Number.isNaN(e) ? 'NaN' : 'infinity'} (at position ${i}).`);
  });
  return v as number[];
}

/** Reads `x` as a dense matrix of numbers, rejecting NaN/Infinity and ragged rows. */
export function toMatrix(x: MatrixLike, name: string, allowNaN = false): number[][] {
  let rows: number[][];
  if (x instanceof tf.Tensor) {
    if (x.rank !== 2) {
      throw new Error(`Expected 2D array for ${name}, got a tensor of shape [${x.shape.join(', ')}] instead. Reshape your data with x.reshape([-1, 1]) if it has a single feature.`);
    }
    rows = x.arraySync() as number[][];
  } else {
    if (!Array.isArray(x)) throw new Error(`${name} should be an array of rows or a 2-D tensor, got ${typeof x}`);
    if (x.length > 0 && !Array.isArray(x[0])) {
      throw new Error(`Expected 2D array for ${name}, got 1D array instead. Wrap each value in its own row ([[v0], [v1], ...]) if it has a single feature.`);
    }
    rows = x;
  }
  const width = rows.length > 0 ? rows[0].length : 0;
  rows.forEach((r, i) => {
    if (!Array.isArray(r) || r.length !== width) throw new Error(`${name}: row ${i} has ${Array.isArray(r) ? r.length : 'no'} values, row 0 has ${width}`);
    r.forEach((v, j) => {
      if (typeof v !== 'number') throw new Error(`${name}[${i}][${j}] should be a number, got ${typeof v}`);
      if (!Number.isFinite(v) && !(allowNaN && Number.isNaN(v))) {
        throw new Error(`Input ${name} contains ${Number.isNaN(v) ? 'NaN' : 'infinity'} (at row ${i}, column ${j}).`);
      }
    });
  });
  return rows;
}

/** sklearn's `check_consistent_length`, with the arguments' names. */
export function checkConsistentLength(entries: Array<[string, number]>): void {
  const lengths = entries.map(([, n]) => n);
  if (new Set(lengths).size > 1) {
    throw new Error(
      `Found input variables with inconsistent numbers of samples: [${lengths.join(', ')}] (${entries.map(([k, n]) => `${k}: ${n}`).join(', ')})`,
    );
  }
}

/** Length of a vector- or matrix-like input (first dimension). */
export function numSamples(x: unknown, name: string): number {
  if (x instanceof tf.Tensor) {
    if (x.rank === 0) throw new Error(`${name} is a scalar tensor; expected a sequence of samples`);
    return x.shape[0] as number;
  }
  if (x !== null && x !== undefined && typeof (x as ArrayLike<unknown>).length === 'number') return (x as ArrayLike<unknown>).length;
  throw new Error(`${name} should be an array or a tensor, got ${x === null ? 'null' : typeof x}`);
}

/** Sorted distinct labels (numbers ascending, strings lexicographic); mixed kinds are an error. */
export function uniqueSorted(values: Label[], name = 'labels'): Label[] {
  const set = [...new Set(values)];
  const kinds = new Set(set.map((v) => typeof v));
  if (kinds.size > 1) throw new Error(`Mix of label input types (string and number) in ${name}: ${JSON.stringify(set.slice(0, 10))}`);
  return kinds.has('string') ? (set as string[]).sort() : (set as number[]).sort((a, b) => a - b);
}

/** Format a label list like Python's repr of a list: [0, 1] or ['a', 'b']. */
export function reprList(values: Label[]): string {
  return `[${values.map((v) => (typeof v === 'string' ? `'${v}'` : String(v))).join(', ')}]`;
}

/** Builds a matrix output of the same kind as the input: tensor in → float32 tensor out, array in → array out. */
export function likeInput(rows: number[][], input: unknown): number[][] | tf.Tensor2D {
  if (input instanceof tf.Tensor) {
    const width = rows.length > 0 ? rows[0].length : 0;
    return tf.tensor2d(rows.flat(), [rows.length, width], 'float32');
  }
  return rows;
}
