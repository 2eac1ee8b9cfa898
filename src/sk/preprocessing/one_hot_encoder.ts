import * as tf from '@tensorflow/tfjs';
import { Label, reprList, uniqueSorted } from '../array_like';
import { checkFitted } from './fitted';

/** Rows of categorical values: an array of rows, or a 2-D tensor of numbers. */
export type CategoricalMatrix = Label[][] | tf.Tensor;

function readRows(X: CategoricalMatrix, name: string): Label[][] {
  if (X instanceof tf.Tensor) {
    if (X.rank !== 2) throw new Error(`Expected 2D array for ${name}, got a tensor of shape [${X.shape.join(', ')}] instead. Reshape it with x.reshape([-1, 1]) if it has a single feature.`);
    return X.arraySync() as number[][];
  }
  if (!Array.isArray(X) || (X.length > 0 && !Array.isArray(X[0]))) {
    throw new Error(`Expected 2D array for ${name}, got 1D array instead. Wrap each value in its own row ([[v0], [v1], ...]) if it has a single feature.`);
  }
  const width = X.length > 0 ? X[0].length : 0;
  X.forEach((r, i) => {
    if (r.length !== width) throw new Error(`${name}: row ${i} has ${r.length} values, row 0 has ${width}`);
    r.forEach((v, j) => {
      if (typeof v === 'number' && Number.isNaN(v)) throw new Error(`Input ${name} contains NaN (at row ${i}, column ${j}).`);
    });
  });
  return X;
}

/**
 * Encodes each categorical column as one-hot indicator columns (sklearn's `OneHotEncoder`, dense
 * output). Categories per column are sorted; `handleUnknown: 'ignore'` encodes unseen values as all
 * zeros instead of raising; `drop: 'first'` drops each column's first category.
 * ```ts
 * const enc = new sk.preprocessing.OneHotEncoder();
 * enc.fitTransform([['red', 'S'], ['blue', 'M'], ['red', 'M']]);
 * // [[0,1, 0,1], [1,0, 1,0], [0,1, 1,0]]; enc.categories_ = [['blue','red'], ['M','S']]
 * ```
 */
export class OneHotEncoder {
  readonly handleUnknown: 'error' | 'ignore';
  readonly drop: 'first' | null;
  categories_: Label[][] | null = null;
  nFeaturesIn_ = 0;

  constructor(options: { handleUnknown?: 'error' | 'ignore'; drop?: 'first' | null; categories?: Label[][] | 'auto' } = {}) {
    this.handleUnknown = options.handleUnknown ?? 'error';
    if (this.handleUnknown !== 'error' && this.handleUnknown !== 'ignore') {
      throw new Error(`handleUnknown should be 'error' or 'ignore', got ${JSON.stringify(options.handleUnknown)}`);
    }
    this.drop = options.drop ?? null;
    if (options.categories && options.categories !== 'auto') this.categories_ = options.categories.map((c) => c.slice());
  }

  fit(X: CategoricalMatrix): this {
    const rows = readRows(X, 'X');
    if (rows.length === 0) throw new Error('Found array with 0 sample(s) while a minimum of 1 is required by OneHotEncoder.');
    const d = rows[0].length;
    const given = this.categories_;
    if (given && given.length !== d) throw new Error(`Shape mismatch: if categories is an array, it has to be of shape (n_features,); got ${given.length} lists for ${d} features`);
    this.categories_ = Array.from({ length: d }, (_, j) => {
      const seen = uniqueSorted(rows.map((r) => r[j]), `column ${j}`);
      if (!given) return seen;
      const missing = seen.filter((v) => !given[j].includes(v));
      if (missing.length > 0) throw new Error(`Found unknown categories ${reprList(missing)} in column ${j} during fit`);
      return given[j];
    });
    this.nFeaturesIn_ = d;
    return this;
  }

  /** One-hot rows; same kind as the input (tensor → float32 tensor). */
  transform(X: CategoricalMatrix): number[][] | tf.Tensor2D {
    checkFitted(this.categories_ !== null && this.nFeaturesIn_ > 0, 'OneHotEncoder');
    const rows = readRows(X, 'X');
    if (rows.length > 0 && rows[0].length !== this.nFeaturesIn_) {
      throw new Error(`X has ${rows[0].length} features, but OneHotEncoder is expecting ${this.nFeaturesIn_} features as input.`);
    }
    const cats = this.categories_!;
    const offset = this.drop === 'first' ? 1 : 0;
    const out = rows.map((r) => {
      const encoded: number[] = [];
      r.forEach((v, j) => {
        const k = cats[j].indexOf(v);
        if (k < 0 && this.handleUnknown === 'error') {
          throw new Error(`Found unknown categories ${reprList([v])} in column ${j} during transform (known: ${reprList(cats[j])})`);
        }
        for (let c = offset; c < cats[j].length; c++) encoded.push(c === k ? 1 : 0);
      });
      return encoded;
    });
    if (X instanceof tf.Tensor) return tf.tensor2d(out.flat(), [out.length, out[0]?.length ?? 0], 'float32');
    return out;
  }

  fitTransform(X: CategoricalMatrix): number[][] | tf.Tensor2D {
    return this.fit(X).transform(X);
  }

  /** Category values back from one-hot rows (all-zero groups give null, as sklearn's None). */
  inverseTransform(X: number[][] | tf.Tensor): (Label | null)[][] {
    checkFitted(this.categories_ !== null && this.nFeaturesIn_ > 0, 'OneHotEncoder');
    const rows = X instanceof tf.Tensor ? (X.arraySync() as number[][]) : X;
    const cats = this.categories_!;
    const offset = this.drop === 'first' ? 1 : 0;
    const width = cats.reduce((a, c) => a + c.length - offset, 0);
    return rows.map((r, i) => {
      if (r.length !== width) throw new Error(`Shape of the passed X data is not correct. Expected ${width} columns, got ${r.length} (row ${i}).`);
      let at = 0;
      return cats.map((c) => {
        const group = r.slice(at, at + c.length - offset);
        at += c.length - offset;
        const k = group.findIndex((v) => v === Math.max(...group) && v > 0);
        if (k < 0) return offset === 1 ? c[0] : null;
        return c[k + offset];
      });
    });
  }

  /** Output column names like sklearn: `x0_blue`, `x0_red`, `x1_M`... (or with `inputFeatures`). */
  getFeatureNamesOut(inputFeatures?: string[]): string[] {
    checkFitted(this.categories_ !== null && this.nFeaturesIn_ > 0, 'OneHotEncoder');
    const offset = this.drop === 'first' ? 1 : 0;
    return this.categories_!.flatMap((c, j) => c.slice(offset).map((v) => `${inputFeatures?.[j] ?? `x${j}`}_${v}`));
  }
}
