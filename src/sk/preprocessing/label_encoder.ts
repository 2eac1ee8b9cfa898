import * as tf from '@tensorflow/tfjs';
import { Label, VectorLike, reprList, toVector, uniqueSorted } from '../array_like';
import { checkFitted } from './fitted';

/**
 * Encodes labels as integers 0..k-1 in sorted order (sklearn's `LabelEncoder`).
 * ```ts
 * const le = new sk.preprocessing.LabelEncoder();
 * le.fitTransform(['cat', 'dog', 'cat']);   // [0, 1, 0]; le.classes_ = ['cat', 'dog']
 * le.inverseTransform([1]);                 // ['dog']
 * ```
 */
export class LabelEncoder {
  classes_: Label[] | null = null;

  fit(y: VectorLike): this {
    const values = toVector(y, 'y');
    values.forEach((v, i) => {
      if (typeof v === 'number' && Number.isNaN(v)) throw new Error(`Input y contains NaN (at position ${i}).`);
    });
    this.classes_ = uniqueSorted(values, 'y');
    return this;
  }

  /** Integer codes of `y`; an unseen label is an error naming it. */
  transform(y: VectorLike): number[] {
    checkFitted(this.classes_ !== null, 'LabelEncoder');
    const index = new Map(this.classes_!.map((c, i) => [c, i] as [Label, number]));
    const values = toVector(y, 'y');
    const unseen = [...new Set(values.filter((v) => !index.has(v)))];
    if (unseen.length > 0) throw new Error(`y contains previously unseen labels: ${reprList(unseen)} (known classes: ${reprList(this.classes_!)})`);
    return values.map((v) => index.get(v)!);
  }

  fitTransform(y: VectorLike): number[] {
    return this.fit(y).transform(y);
  }

  /** Labels of integer codes. */
  inverseTransform(codes: VectorLike | number[]): Label[] {
    checkFitted(this.classes_ !== null, 'LabelEncoder');
    const values = codes instanceof tf.Tensor ? Array.from(codes.dataSync()) : toVector(codes, 'y');
    const k = this.classes_!.length;
    const bad = values.filter((v) => typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v >= k);
    if (bad.length > 0) throw new Error(`y contains previously unseen labels: ${reprList([...new Set(bad)] as Label[])} (codes must be integers 0..${k - 1})`);
    return values.map((v) => this.classes_![v as number]);
  }
}
