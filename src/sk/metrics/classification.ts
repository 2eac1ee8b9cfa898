import { Label, VectorLike } from '../array_like';
import { checkLabels, checkTargets, perLabelCounts, reprList } from './labels';

/** How per-class scores are combined (sklearn's `average`); `null` returns one score per label. */
export type Average = 'binary' | 'micro' | 'macro' | 'weighted' | null;

/** Options shared by precision, recall, F-scores. */
export interface PRFOptions {
  /** Default 'binary'. */
  average?: Average;
  /** The positive class when average is 'binary' (default 1). */
  posLabel?: Label;
  /** Labels to score, and their order when average is null (default: sorted labels present). */
  labels?: Label[];
  /** Value for 0/0 (no predicted or no true samples): 0 (default, with a warning for 'warn'), or 1. */
  zeroDivision?: 'warn' | 0 | 1;
}

/** Precision, recall, F-beta and support, all per label or averaged. */
export interface PRFResult<T> {
  precision: T;
  recall: T;
  fscore: T;
  /** Samples of each label in yTrue (null when averaged, as sklearn). */
  support: number[] | null;
}

const AVERAGES = ['binary', 'micro', 'macro', 'weighted', null];

function divide(num: number[], den: number[], zeroValue: number, what: string, modifier: string, warn: boolean): number[] {
  let illDefined = false;
  const out = num.map((n, i) => {
    if (den[i] === 0) {
      illDefined = true;
      return zeroValue;
    }
    return n / den[i];
  });
  if (illDefined && warn) {
    console.warn(`${what} is ill-defined and being set to 0.0 for labels with no ${modifier} samples. Use the zeroDivision option to control this behavior.`);
  }
  return out;
}

function mean(values: number[], weights?: number[]): number {
  if (!weights) return values.reduce((a, b) => a + b, 0) / values.length;
  const total = weights.reduce((a, b) => a + b, 0);
  return values.reduce((a, v, i) => a + v * weights[i], 0) / total;
}

/**
 * Precision, recall, F-beta score and support (sklearn's `precision_recall_fscore_support`).
 *
 * Inputs: label arrays or tensors of equal length `[n]`. With `average` null, every field is an
 * array over `labels`; otherwise a number.
 * ```ts
 * sk.metrics.precisionRecallFscoreSupport([0, 1, 1], [0, 1, 0], { average: 'macro' });
 * ```
 */
export function precisionRecallFscoreSupport(
  yTrue: VectorLike,
  yPred: VectorLike,
  options: PRFOptions & { beta?: number } = {},
): PRFResult<number | number[]> {
  const { average = null, posLabel = 1, zeroDivision = 'warn', beta = 1 } = options;
  if (!AVERAGES.includes(average)) {
    throw new Error(`average has to be one of ${JSON.stringify(AVERAGES)}, got average=${JSON.stringify(average)}`);
  }
  if (![0, 1, 'warn'].includes(zeroDivision as never)) throw new Error(`zeroDivision should be 'warn', 0 or 1, got ${JSON.stringify(zeroDivision)}`);
  if (!(beta >= 0)) throw new Error(`beta should be >=0 in the F-beta score, got beta=${beta}`);
  const t = checkTargets(yTrue, yPred);
  let labels = checkLabels(options.labels, t.present, 'precisionRecallFscoreSupport');
  if (average === 'binary') {
    if (t.type !== 'binary') {
      throw new Error(
        `Target is multiclass but average='binary' (labels found: ${reprList(t.present)}). Please choose another average setting, one of ['micro', 'macro', 'weighted', null].`,
      );
    }
    if (!t.present.includes(posLabel) && t.present.length >= 2) {
      throw new Error(`posLabel=${JSON.stringify(posLabel)} is not a valid label. It should be one of ${reprList(t.present)}`);
    }
    labels = [posLabel];
  }
  const counts = perLabelCounts(t, labels);
  let { tp, pred, true: tru } = counts;
  if (average === 'micro') {
    const sum = (a: number[]) => [a.reduce((x, y) => x + y, 0)];
    [tp, pred, tru] = [sum(tp), sum(pred), sum(tru)];
  }
  const zeroValue = zeroDivision === 1 ? 1 : 0;
  const warn = zeroDivision === 'warn';
  const precision = divide(tp, pred, zeroValue, 'Precision', 'predicted', warn);
  const recall = divide(tp, tru, zeroValue, 'Recall', 'true', warn);
  const beta2 = beta * beta;
  const fscore = precision.map((p, i) => {
    if (beta === Infinity) return recall[i];
    const denom = beta2 * p + recall[i];
    return ((1 + beta2) * p * recall[i]) / (denom === 0 ? 1 : denom);
  });
  if (average === null) return { precision, recall, fscore, support: counts.true };
  if (average === 'weighted') {
    const totalTrue = tru.reduce((a, b) => a + b, 0);
    if (totalTrue === 0) {
      const z = zeroValue;
      return pred.reduce((a, b) => a + b, 0) === 0
        ? { precision: z, recall: z, fscore: z, support: null }
        : { precision: 0, recall: z, fscore: 0, support: null };
    }
    return { precision: mean(precision, tru), recall: mean(recall, tru), fscore: mean(fscore, tru), support: null };
  }
  return { precision: mean(precision), recall: mean(recall), fscore: mean(fscore), support: null };
}

type Scalarish<A> = A extends null ? number[] : number;

/** Precision `tp / (tp + fp)` (sklearn's `precision_score`); average defaults to 'binary'. */
export function precisionScore<A extends Average = 'binary'>(yTrue: VectorLike, yPred: VectorLike, options: PRFOptions & { average?: A } = {}): Scalarish<A> {
  return precisionRecallFscoreSupport(yTrue, yPred, { average: 'binary', ...options }).precision as Scalarish<A>;
}

/** Recall `tp / (tp + fn)` (sklearn's `recall_score`); average defaults to 'binary'. */
export function recallScore<A extends Average = 'binary'>(yTrue: VectorLike, yPred: VectorLike, options: PRFOptions & { average?: A } = {}): Scalarish<A> {
  return precisionRecallFscoreSupport(yTrue, yPred, { average: 'binary', ...options }).recall as Scalarish<A>;
}

/**
 * F1 score, the harmonic mean of precision and recall (sklearn's `f1_score`); average defaults to 'binary'.
 * ```ts
 * sk.metrics.f1Score([0, 1, 2, 0, 1, 2], [0, 2, 1, 0, 0, 1], { average: 'macro' });  // 0.2667
 * ```
 */
export function f1Score<A extends Average = 'binary'>(yTrue: VectorLike, yPred: VectorLike, options: PRFOptions & { average?: A } = {}): Scalarish<A> {
  return precisionRecallFscoreSupport(yTrue, yPred, { average: 'binary', ...options, beta: 1 }).fscore as Scalarish<A>;
}

/** F-beta score (sklearn's `fbeta_score`); `beta` weighs recall beta times as much as precision. */
export function fbetaScore<A extends Average = 'binary'>(yTrue: VectorLike, yPred: VectorLike, beta: number, options: PRFOptions & { average?: A } = {}): Scalarish<A> {
  return precisionRecallFscoreSupport(yTrue, yPred, { average: 'binary', ...options, beta }).fscore as Scalarish<A>;
}

/**
 * Fraction (or, with `normalize: false`, number) of exact matches (sklearn's `accuracy_score`).
 * ```ts
 * sk.metrics.accuracyScore([0, 1, 1, 0], [0, 1, 0, 0]);  // 0.75
 * ```
 */
export function accuracyScore(yTrue: VectorLike, yPred: VectorLike, options: { normalize?: boolean } = {}): number {
  const t = checkTargets(yTrue, yPred);
  const correct = t.yTrue.reduce<number>((acc, v, i) => acc + (v === t.yPred[i] ? 1 : 0), 0);
  return options.normalize === false ? correct : correct / t.yTrue.length;
}
