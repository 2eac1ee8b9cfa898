/**
 * Converting plot inputs (arrays, typed arrays, nested arrays, tfjs tensors) to plain numbers.
 * Reading a tensor uses `dataSync()`, which creates no tensors, so plotting never leaks.
 */

/** Anything with a shape and synchronous data: a tfjs tensor, without importing tfjs here. */
export interface TensorLike {
  shape: number[];
  dataSync(): ArrayLike<number> | Uint8Array | string[];
  isDisposed?: boolean;
}

/** A 1-D input: numbers, a typed array or a tensor of any shape (flattened). */
export type Values1D = ArrayLike<number> | TensorLike | readonly number[];
/** A 2-D input: rows of numbers or a 2-D tensor. */
export type Values2D = ArrayLike<ArrayLike<number>> | TensorLike | readonly (readonly number[])[];

export function isTensorLike(x: unknown): x is TensorLike {
  return typeof x === 'object' && x !== null && 'dataSync' in x && 'shape' in x;
}

/** Flattens any supported input to a plain array of numbers. `what` names the argument in errors. */
export function toNumbers(x: Values1D | Values2D, what = 'values'): number[] {
  if (isTensorLike(x)) {
    if (x.isDisposed) throw new Error(`${what}: the tensor has been disposed`);
    return Array.from(x.dataSync() as ArrayLike<number>, Number);
  }
  if (x === null || x === undefined || typeof (x as ArrayLike<unknown>).length !== 'number') {
    throw new Error(`${what}: expected an array or tensor, got ${x === null ? 'null' : typeof x}`);
  }
  const arr = x as ArrayLike<unknown>;
  const out: number[] = [];
  for (let i = 0; i < arr.length; i++) {
    const v = arr[i];
    if (typeof v === 'number') out.push(v);
    else if (typeof v === 'boolean') out.push(v ? 1 : 0);
    else if (v !== null && typeof v === 'object' && typeof (v as ArrayLike<number>).length === 'number') {
      out.push(...toNumbers(v as ArrayLike<number>, what));
    } else throw new Error(`${what}[${i}]: expected a number, got ${typeof v}`);
  }
  return out;
}

/** Shape of a supported input: `[n]` for flat arrays, `[rows, cols]` for nested, the tensor's shape. */
export function shapeOf(x: Values1D | Values2D): number[] {
  if (isTensorLike(x)) return [...x.shape];
  const arr = x as ArrayLike<unknown>;
  if (arr.length > 0 && typeof arr[0] === 'object' && arr[0] !== null) {
    return [arr.length, ...shapeOf(arr[0] as ArrayLike<number>)];
  }
  return [arr.length];
}

/** A 2-D grid of numbers with its shape; throws unless the input is 2-D. */
export function toGrid(x: Values2D, what: string): { rows: number; cols: number; values: number[] } {
  const shape = shapeOf(x);
  const squeezed = shape.filter((d, i) => !(d === 1 && shape.length > 2 && i !== shape.length - 1 && i !== shape.length - 2));
  if (squeezed.length !== 2) throw new Error(`${what}: expected a 2-D array, got shape [${shape.join(', ')}]`);
  return { rows: squeezed[0], cols: squeezed[1], values: toNumbers(x, what) };
}

/** Evenly spaced numbers over [start, stop] (both ends included), like `np.linspace`. */
export function linspace(start: number, stop: number, num = 50): number[] {
  if (num === 1) return [start];
  return Array.from({ length: num }, (_, i) => start + ((stop - start) * i) / (num - 1));
}

/** Finite min and max of the values; `[0, 1]` when there are none. */
export function finiteExtent(values: ArrayLike<number>): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isFinite(v)) { if (v < lo) lo = v; if (v > hi) hi = v; }
  }
  return lo <= hi ? [lo, hi] : [0, 1];
}
