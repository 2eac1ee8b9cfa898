import { Label, VectorLike, checkConsistentLength, reprList, toVector, uniqueSorted } from '../array_like';

/** Classification targets read and checked (sklearn's `_check_targets`). */
export interface Targets {
  yTrue: Label[];
  yPred: Label[];
  /** 'binary' (at most two distinct labels) or 'multiclass'. */
  type: 'binary' | 'multiclass';
  /** Sorted labels present in yTrue or yPred. */
  present: Label[];
}

/** Reads y_true / y_pred, checks equal lengths and discrete labels. */
export function checkTargets(yTrueIn: VectorLike, yPredIn: VectorLike): Targets {
  const yTrue = toVector(yTrueIn, 'yTrue');
  const yPred = toVector(yPredIn, 'yPred');
  checkConsistentLength([['yTrue', yTrue.length], ['yPred', yPred.length]]);
  if (yTrue.length === 0) throw new Error('yTrue and yPred are empty; classification metrics need at least one sample');
  for (const [name, v] of [['yTrue', yTrue], ['yPred', yPred]] as const) {
    const bad = v.findIndex((e) => typeof e === 'number' && !Number.isInteger(e));
    if (bad >= 0) {
      const value = v[bad] as number;
      throw new Error(
        Number.isFinite(value)
          ? `Classification metrics can't handle continuous targets: ${name}[${bad}] = ${value}. Threshold probabilities first (e.g. p >= 0.5).`
          : `Input ${name} contains ${Number.isNaN(value) ? 'NaN' : 'infinity'} (at position ${bad}).`,
      );
    }
  }
  const present = uniqueSorted([...yTrue, ...yPred], 'yTrue and yPred');
  return { yTrue, yPred, type: present.length <= 2 ? 'binary' : 'multiclass', present };
}

/** Per-label true positives, predicted counts and true counts for `labels`. */
export function perLabelCounts(t: Targets, labels: Label[]): { tp: number[]; pred: number[]; true: number[] } {
  const index = new Map(labels.map((l, i) => [l, i] as [Label, number]));
  const tp = labels.map(() => 0);
  const pred = labels.map(() => 0);
  const tru = labels.map(() => 0);
  for (let i = 0; i < t.yTrue.length; i++) {
    const a = index.get(t.yTrue[i]);
    const b = index.get(t.yPred[i]);
    if (a !== undefined) tru[a] += 1;
    if (b !== undefined) pred[b] += 1;
    if (a !== undefined && t.yTrue[i] === t.yPred[i]) tp[a] += 1;
  }
  return { tp, pred, true: tru };
}

/** Checks user-given `labels` against the data's labels. */
export function checkLabels(labels: Label[] | undefined, present: Label[], who: string): Label[] {
  if (labels === undefined) return present;
  if (!Array.isArray(labels) || labels.length === 0) throw new Error(`${who}: labels should be a non-empty array, got ${JSON.stringify(labels)}`);
  return labels;
}

export { reprList };
