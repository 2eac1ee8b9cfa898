import * as tf from '@tensorflow/tfjs';
import { Label, MatrixLike, VectorLike, checkConsistentLength, reprList, toMatrix, toNumberVector, toVector, uniqueSorted } from '../array_like';

/** The ROC curve: false/true positive rates at decreasing thresholds. */
export interface RocCurve {
  fpr: number[];
  tpr: number[];
  thresholds: number[];
}

function resolvePosLabel(yTrue: Label[], posLabel: Label | undefined): Label {
  const classes = uniqueSorted(yTrue, 'yTrue');
  if (posLabel !== undefined) return posLabel;
  const allowed = [[0, 1], [-1, 1], [0], [-1], [1]].map((a) => a.join(','));
  if (!allowed.includes(classes.join(','))) {
    throw new Error(`yTrue takes value in {${classes.map((c) => (typeof c === 'string' ? `'${c}'` : c)).join(', ')}} and posLabel is not specified: either make yTrue take value in {0, 1} or {-1, 1} or pass posLabel explicitly.`);
  }
  return 1;
}

/** Cumulative true/false positives at each distinct score, highest score first (sklearn's `_binary_clf_curve`). */
function binaryClfCurve(truth: boolean[], scores: number[]): { fps: number[]; tps: number[]; thresholds: number[] } {
  const order = scores.map((_, i) => i).sort((a, b) => scores[b] - scores[a] || b - a);
  const fps: number[] = [];
  const tps: number[] = [];
  const thresholds: number[] = [];
  let tp = 0;
  for (let k = 0; k < order.length; k++) {
    if (truth[order[k]]) tp += 1;
    const isLastOfValue = k === order.length - 1 || scores[order[k + 1]] !== scores[order[k]];
    if (isLastOfValue) {
      tps.push(tp);
      fps.push(k + 1 - tp);
      thresholds.push(scores[order[k]]);
    }
  }
  return { fps, tps, thresholds };
}

/**
 * Receiver operating characteristic for a binary problem (sklearn 1.2's `roc_curve`, with
 * `drop_intermediate`). `yScore` is the score or probability of the positive class. The first
 * threshold is `max(score) + 1`, standing for "predict nothing positive".
 * ```ts
 * const { fpr, tpr, thresholds } = sk.metrics.rocCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);
 * ```
 */
export function rocCurve(
  yTrue: VectorLike,
  yScore: VectorLike,
  options: { posLabel?: Label; dropIntermediate?: boolean } = {},
): RocCurve {
  const truthLabels = toVector(yTrue, 'yTrue');
  const scores = toNumberVector(yScore, 'yScore');
  checkConsistentLength([['yTrue', truthLabels.length], ['yScore', scores.length]]);
  if (truthLabels.length === 0) throw new Error('rocCurve: yTrue and yScore are empty');
  const posLabel = resolvePosLabel(truthLabels, options.posLabel);
  const truth = truthLabels.map((v) => v === posLabel);
  let { fps, tps, thresholds } = binaryClfCurve(truth, scores);
  if ((options.dropIntermediate ?? true) && fps.length > 2) {
    const keep = fps.map((_, i) => {
      if (i === 0 || i === fps.length - 1) return true;
      const d2f = fps[i + 1] - 2 * fps[i] + fps[i - 1];
      const d2t = tps[i + 1] - 2 * tps[i] + tps[i - 1];
      return d2f !== 0 || d2t !== 0;
    });
    fps = fps.filter((_, i) => keep[i]);
    tps = tps.filter((_, i) => keep[i]);
    thresholds = thresholds.filter((_, i) => keep[i]);
  }
  fps.unshift(0);
  tps.unshift(0);
  thresholds.unshift(thresholds[0] + 1);
  const lastF = fps[fps.length - 1];
  const lastT = tps[tps.length - 1];
  if (lastF <= 0) console.warn('No negative samples in yTrue, false positive value should be meaningless');
  if (lastT <= 0) console.warn('No positive samples in yTrue, true positive value should be meaningless');
  return {
    fpr: fps.map((v) => (lastF <= 0 ? NaN : v / lastF)),
    tpr: tps.map((v) => (lastT <= 0 ? NaN : v / lastT)),
    thresholds,
  };
}

/** Area under a curve by the trapezoidal rule (sklearn's `auc`); `x` must be monotonic. */
export function auc(x: VectorLike, y: VectorLike): number {
  const xs = toNumberVector(x, 'x');
  const ys = toNumberVector(y, 'y');
  checkConsistentLength([['x', xs.length], ['y', ys.length]]);
  if (xs.length < 2) throw new Error(`At least 2 points are needed to compute area under curve, but x.shape = ${xs.length}`);
  let direction = 1;
  const diffs = xs.slice(1).map((v, i) => v - xs[i]);
  if (diffs.some((d) => d < 0)) {
    if (diffs.every((d) => d <= 0)) direction = -1;
    else throw new Error(`x is neither increasing nor decreasing : [${xs.join(', ')}].`);
  }
  let area = 0;
  for (let i = 1; i < xs.length; i++) area += ((xs[i] - xs[i - 1]) * (ys[i] + ys[i - 1])) / 2;
  return direction * area;
}

function binaryAuc(truth: boolean[], scores: number[]): number {
  if (truth.every((t) => t === truth[0])) {
    throw new Error('Only one class present in yTrue. ROC AUC score is not defined in that case.');
  }
  const { fpr, tpr } = rocCurve(truth.map(Number), scores);
  return auc(fpr, tpr);
}

/** Options of {@link rocAucScore}. */
export interface RocAucOptions {
  /** Multiclass strategy (required for multiclass): one-vs-rest or one-vs-one. */
  multiClass?: 'ovr' | 'ovo';
  /** Average over classes (multiclass): 'macro' (default) or 'weighted' (by prevalence). */
  average?: 'macro' | 'weighted';
  /** Class labels for the columns of a multiclass `yScore` (default: sorted labels of yTrue). */
  labels?: Label[];
}

/**
 * Area under the ROC curve (sklearn's `roc_auc_score`).
 *
 * Binary: `yScore` `[n]`, the score of the greater label. Multiclass: `yScore` `[n, C]` probabilities
 * (rows sum to 1) with `multiClass: 'ovr' | 'ovo'`.
 * ```ts
 * sk.metrics.rocAucScore([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);  // 0.75
 * ```
 */
export function rocAucScore(yTrue: VectorLike, yScore: VectorLike | MatrixLike, options: RocAucOptions = {}): number {
  const truthLabels = toVector(yTrue, 'yTrue');
  const isMatrix = (yScore instanceof tf.Tensor && yScore.rank === 2 && yScore.shape[1] !== 1) || (Array.isArray(yScore) && Array.isArray(yScore[0]) && (yScore[0] as number[]).length > 1);
  const classes = options.labels ?? uniqueSorted(truthLabels, 'yTrue');
  if (!isMatrix) {
    const scores = toNumberVector(yScore as VectorLike, 'yScore');
    checkConsistentLength([['yTrue', truthLabels.length], ['yScore', scores.length]]);
    if (classes.length > 2) {
      throw new Error(`yTrue has ${classes.length} classes ${reprList(classes)}; a multiclass ROC AUC needs yScore of shape [n, ${classes.length}] (probabilities) and multiClass 'ovr' or 'ovo'`);
    }
    if (classes.length < 2) throw new Error('Only one class present in yTrue. ROC AUC score is not defined in that case.');
    return binaryAuc(truthLabels.map((v) => v === classes[1]), scores);
  }
  const probs = toMatrix(yScore as MatrixLike, 'yScore');
  checkConsistentLength([['yTrue', truthLabels.length], ['yScore', probs.length]]);
  const { multiClass, average = 'macro' } = options;
  if (multiClass !== 'ovr' && multiClass !== 'ovo') throw new Error(`multiClass must be in ('ovo', 'ovr'), got ${JSON.stringify(multiClass)}`);
  if (average !== 'macro' && average !== 'weighted') throw new Error(`average must be 'macro' or 'weighted', got ${JSON.stringify(average)}`);
  if (probs[0].length !== classes.length) {
    throw new Error(`Number of classes in yTrue (${classes.length}: ${reprList(classes)}) not equal to the number of columns in yScore (${probs[0].length})`);
  }
  if (probs.some((row) => Math.abs(row.reduce((a, b) => a + b, 0) - 1) > 1e-5)) {
    throw new Error('Target scores need to be probabilities for multiclass roc_auc, i.e. they should sum up to 1.0 over classes');
  }
  const unknown = truthLabels.find((l) => !classes.includes(l));
  if (unknown !== undefined) throw new Error(`yTrue contains label ${JSON.stringify(unknown)} not in labels ${reprList(classes)}`);
  if (multiClass === 'ovr') {
    const scores = classes.map((c, k) => binaryAuc(truthLabels.map((v) => v === c), probs.map((r) => r[k])));
    if (average === 'macro') return scores.reduce((a, b) => a + b, 0) / scores.length;
    const prevalence = classes.map((c) => truthLabels.filter((v) => v === c).length);
    const total = prevalence.reduce((a, b) => a + b, 0);
    return scores.reduce((a, s, k) => a + (s * prevalence[k]) / total, 0);
  }
  // One-vs-one (Hand & Till): average of A(a|b) and A(b|a) over pairs of classes.
  const pairScores: number[] = [];
  const pairWeights: number[] = [];
  for (let a = 0; a < classes.length; a++) {
    for (let b = a + 1; b < classes.length; b++) {
      const idx = truthLabels.map((v, i) => (v === classes[a] || v === classes[b] ? i : -1)).filter((i) => i >= 0);
      const truthA = idx.map((i) => truthLabels[i] === classes[a]);
      const aVsB = binaryAuc(truthA, idx.map((i) => probs[i][a]));
      const bVsA = binaryAuc(truthA.map((t) => !t), idx.map((i) => probs[i][b]));
      pairScores.push((aVsB + bVsA) / 2);
      pairWeights.push(idx.length / truthLabels.length);
    }
  }
  if (average === 'macro') return pairScores.reduce((a, b) => a + b, 0) / pairScores.length;
  const totalW = pairWeights.reduce((a, b) => a + b, 0);
  return pairScores.reduce((a, s, k) => a + (s * pairWeights[k]) / totalW, 0);
}
