/**
 * Loss functions, PyTorch's `torch.nn.functional` losses with camelCased names and an options object
 * instead of keyword arguments. The `nn.*Loss` modules (`src/nn/loss/`) call these.
 *
 * Every loss takes `reduction`: `'mean'` (default) averages the per-element losses, `'sum'` adds them,
 * `'none'` returns them unreduced (shape given in each function's doc).
 *
 * ```ts
 * const loss = F.crossEntropy(logits, labels);                       // logits [N, C], labels int32 [N]
 * const l2 = F.mseLoss(pred, y, { reduction: 'sum' });
 * ```
 */
import * as tf from '@tensorflow/tfjs';
import { binaryCrossEntropyKernel } from './binary_cross_entropy_kernel';

/** How per-element losses are combined. */
export type Reduction = 'mean' | 'sum' | 'none';

/** Class-index targets: an int32 tensor or (nested) arrays of integers. */
export type ClassTarget = tf.Tensor | number | number[] | number[][] | number[][][];
/** Real-valued targets: a float32 tensor or (nested) arrays of numbers. */
export type ValueTarget = tf.Tensor | number | number[] | number[][] | number[][][] | number[][][][];

/** Options shared by every loss. */
export interface ReductionOptions {
  /** `'mean'` (default), `'sum'` or `'none'`. */
  reduction?: Reduction;
}

/** Options of `crossEntropy` and `nllLoss`. */
export interface NllLossOptions extends ReductionOptions {
  /** A rescaling weight for each class, shape [C]. Default: all ones. */
  weight?: tf.Tensor | number[] | null;
  /** Targets equal to this index contribute nothing (and are left out of the mean). Default -100. */
  ignoreIndex?: number;
}

/** Options of `crossEntropy`. */
export interface CrossEntropyOptions extends NllLossOptions {
  /** In [0, 1]: the target becomes (1 - labelSmoothing) * target + labelSmoothing / C. Default 0. */
  labelSmoothing?: number;
}

/** Options of `binaryCrossEntropy`. */
export interface BceOptions extends ReductionOptions {
  /** A rescaling weight broadcast to the input's shape. */
  weight?: tf.Tensor | number[] | null;
}

/** Options of `binaryCrossEntropyWithLogits`. */
export interface BceWithLogitsOptions extends BceOptions {
  /** A weight of the positive examples per class (broadcast along the last dimension), e.g. negatives / positives. */
  posWeight?: tf.Tensor | number[] | null;
}

/** Options of `smoothL1Loss`. */
export interface SmoothL1Options extends ReductionOptions {
  /** Where the loss changes from quadratic to linear. Default 1.0. */
  beta?: number;
}

/** Options of `huberLoss`. */
export interface HuberOptions extends ReductionOptions {
  /** Where the loss changes from quadratic to linear. Default 1.0. */
  delta?: number;
}

/** Options of `klDiv`. */
export interface KlDivOptions {
  /** `'mean'` (default, over all elements), `'batchmean'` (sum / batch size: the true KL divergence), `'sum'`, `'none'`. */
  reduction?: Reduction | 'batchmean';
  /** Whether the target is given as log-probabilities. Default false. */
  logTarget?: boolean;
}

// ------------------------------------------------------------------------------------------ helpers

function shapeText(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

function checkReduction(reduction: string, where: string, allowed: readonly string[] = ['mean', 'sum', 'none']): void {
  if (!allowed.includes(reduction)) {
    throw new Error(`${where}: reduction must be one of ${allowed.map((r) => `'${r}'`).join(', ')}, got '${reduction}'`);
  }
}

function checkInput(input: tf.Tensor, where: string): void {
  if (!(input instanceof tf.Tensor)) {
    throw new TypeError(`${where}: input must be a tf.Tensor, got ${input === null ? 'null' : typeof input}`);
  }
  if (input.dtype !== 'float32') {
    throw new TypeError(`${where}: input must be float32, got dtype ${input.dtype} (use input.toFloat())`);
  }
}

/** Combines per-element losses according to `reduction`. */
function reduce(losses: tf.Tensor, reduction: Reduction): tf.Tensor {
  if (reduction === 'mean') return tf.mean(losses);
  if (reduction === 'sum') return tf.sum(losses);
  return losses;
}

/** A float32 tensor from a tensor or arrays; arrays are created inside the caller's tidy. */
function toFloatTarget(target: ValueTarget, input: tf.Tensor, where: string): tf.Tensor {
  const t = target instanceof tf.Tensor ? target : tf.tensor(target as number[], undefined, 'float32');
  if (t.dtype !== 'float32') {
    throw new TypeError(`${where}: target must be float32 like the input, got dtype ${t.dtype} (use target.toFloat())`);
  }
  if (!sameShape(t.shape, input.shape)) {
    throw new Error(
      `${where}: target shape ${shapeText(t.shape)} differs from input shape ${shapeText(input.shape)}; ` +
        'reshape one of them (e.g. output.squeeze([1]) or target.reshape([-1, 1]))',
    );
  }
  return t;
}

/** An optional per-class (or broadcast) weight as a float32 tensor. */
function toWeight(weight: tf.Tensor | number[] | null | undefined, where: string, name = 'weight'): tf.Tensor | null {
  if (weight === null || weight === undefined) return null;
  const w = weight instanceof tf.Tensor ? weight : tf.tensor1d(weight, 'float32');
  if (w.dtype !== 'float32') throw new TypeError(`${where}: ${name} must be float32, got dtype ${w.dtype}`);
  return w;
}

/**
 * Checks class-index targets against `[N, C, d1, ...]` (or `[C]`) logits and returns them flattened to
 * `[M]` int32 together with the shape of the unreduced loss. Throws on out-of-range indices.
 */
function flatClassTargets(
  target: tf.Tensor,
  input: tf.Tensor,
  ignoreIndex: number,
  where: string,
): { flat: tf.Tensor1D; lossShape: number[] } {
  if (target.dtype !== 'int32') {
    throw new TypeError(
      `${where}: class-index targets must be int32, got dtype ${target.dtype} (use target.toInt(); ` +
        'float targets of the same shape as the input are read as class probabilities by crossEntropy)',
    );
  }
  const expected = input.rank === 1 ? [] : [input.shape[0], ...input.shape.slice(2)];
  if (!sameShape(target.shape, expected)) {
    throw new Error(
      `${where}: for input of shape ${shapeText(input.shape)} the class-index target must have shape ` +
        `${shapeText(expected)}, got ${shapeText(target.shape)}`,
    );
  }
  const numClasses = classCount(input);
  const values = target.dataSync();
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== ignoreIndex && (v < 0 || v >= numClasses)) {
      throw new Error(
        `${where}: target class index ${v} is out of range for ${numClasses} classes ` +
          `(expected 0..${numClasses - 1}, or ignoreIndex=${ignoreIndex})`,
      );
    }
  }
  return { flat: tf.reshape(target, [-1]) as tf.Tensor1D, lossShape: expected };
}

/** Moves the class dimension (1) of `[N, C, d1, ...]` last and flattens to `[M, C]`; `[C]` becomes `[1, C]`. */
function classesLast(input: tf.Tensor): tf.Tensor2D {
  if (input.rank === 1) return tf.reshape(input, [1, -1]) as tf.Tensor2D;
  const c = classCount(input);
  if (input.rank === 2) return input as tf.Tensor2D;
  const perm = [0, ...Array.from({ length: input.rank - 2 }, (_, i) => i + 2), 1];
  return tf.reshape(tf.transpose(input, perm), [-1, c]) as tf.Tensor2D;
}

/** C, the size of the class dimension of `[C]` or `[N, C, ...]`. */
function classCount(input: tf.Tensor): number {
  const shape = input.shape as number[];
  return input.rank === 1 ? shape[0] : shape[1];
}

function checkClassInput(input: tf.Tensor, where: string): void {
  checkInput(input, where);
  if (input.rank < 1) throw new Error(`${where}: input must have shape [C], [N, C] or [N, C, d1, ...], got a scalar`);
}

/**
 * The negative log-likelihood of class-index targets given `[M, C]` log-probabilities, with class
 * weights and ignored targets. Returns per-sample losses `[M]` and the per-sample weights `[M]`
 * (0 for ignored targets), the mean's denominator.
 */
function pickedNll(
  logp: tf.Tensor2D,
  target: tf.Tensor1D,
  weight: tf.Tensor | null,
  ignoreIndex: number,
): { losses: tf.Tensor1D; sampleWeights: tf.Tensor1D } {
  const numClasses = logp.shape[1];
  const keep = tf.notEqual(target, tf.scalar(ignoreIndex, 'int32'));
  const safeTarget = tf.where(keep, target, tf.zerosLike(target)) as tf.Tensor1D;
  const mask = tf.cast(keep, 'float32') as tf.Tensor1D;
  const oneHot = tf.oneHot(safeTarget, numClasses).toFloat();
  const picked = tf.sum(tf.mul(logp, oneHot), 1) as tf.Tensor1D;
  const sampleWeights = (weight === null ? mask : tf.mul(tf.gather(weight, safeTarget), mask)) as tf.Tensor1D;
  return { losses: tf.neg(tf.mul(picked, sampleWeights)) as tf.Tensor1D, sampleWeights };
}

function checkClassWeight(weight: tf.Tensor | null, numClasses: number, where: string): void {
  if (weight !== null && !sameShape(weight.shape, [numClasses])) {
    throw new Error(`${where}: weight must have shape [${numClasses}] (one per class), got ${shapeText(weight.shape)}`);
  }
}

/** Up to this many values, `checkProbabilities` reads them and scans in JS instead of running min/max kernels. */
const SCAN_IN_JS_MAX = 4096;

/** Throws unless every value of `input` is in [0, 1] (as PyTorch's BCE does): logits passed by mistake. */
function checkProbabilities(input: tf.Tensor, where: string): void {
  if (input.size === 0) return;
  let lo = Infinity;
  let hi = -Infinity;
  if (input.size <= SCAN_IN_JS_MAX) {
    // Math.min/max keep a NaN, which then fails the range test below, as PyTorch's check does.
    for (const v of input.dataSync() as Float32Array) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  } else {
    [lo, hi] = tf.tidy(() => tf.stack([tf.min(input), tf.max(input)]).dataSync());
  }
  if (!(lo >= 0 && hi <= 1)) {
    throw new Error(
      `${where}: input values must be probabilities in [0, 1], got values in [${lo}, ${hi}]; apply tf.sigmoid ` +
        'first, or use binaryCrossEntropyWithLogits (nn.BCEWithLogitsLoss) on raw scores',
    );
  }
}

// ------------------------------------------------------------------------------------------ classification

/**
 * Cross-entropy between logits and targets: `logSoftmax` over the class dimension followed by the
 * negative log-likelihood, like `torch.nn.functional.cross_entropy`.
 *
 * Shapes: `input` [N, C], [N, C, d1, ...] or [C] (unnormalised scores). `target` is either class
 * indices (int32, shape [N] / [N, d1, ...] / [], values in [0, C) or `ignoreIndex`) or class
 * probabilities (float32, same shape as `input`). Output: a scalar, or the loss per sample
 * ([N] / [N, d1, ...]) with `reduction: 'none'`.
 *
 * With class weights and `'mean'`, the sum is divided by the total weight of the (non-ignored) targets,
 * as in PyTorch.
 *
 * ```ts
 * const logits = tf.tensor2d([[2, 0.5, -1], [0.1, 0.2, 3]]);
 * const loss = F.crossEntropy(logits, tf.tensor1d([0, 2], 'int32'), { labelSmoothing: 0.1 });
 * ```
 */
export function crossEntropy(input: tf.Tensor, target: ClassTarget, options: CrossEntropyOptions = {}): tf.Tensor {
  const where = 'crossEntropy';
  const { reduction = 'mean', ignoreIndex = -100, labelSmoothing = 0 } = options;
  checkReduction(reduction, where);
  checkClassInput(input, where);
  if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
    throw new Error(`${where}: labelSmoothing must be in [0, 1], got ${labelSmoothing}`);
  }
  return tf.tidy(() => {
    const numClasses = classCount(input);
    const weight = toWeight(options.weight, where);
    checkClassWeight(weight, numClasses, where);
    const t = target instanceof tf.Tensor ? target : tf.tensor(target as number[], undefined, 'int32');
    const logp = tf.logSoftmax(classesLast(input)) as tf.Tensor2D;

    if (t.dtype === 'float32' && sameShape(t.shape, input.shape)) {
      // Class probabilities.
      let probs = classesLast(t);
      if (labelSmoothing > 0) probs = tf.add(tf.mul(probs, 1 - labelSmoothing), labelSmoothing / numClasses);
      const weighted = weight === null ? probs : tf.mul(probs, weight);
      const losses = tf.neg(tf.sum(tf.mul(logp, weighted), 1));
      const lossShape = input.rank === 1 ? [] : [input.shape[0], ...input.shape.slice(2)];
      return reduce(tf.reshape(losses, lossShape), reduction);
    }

    const { flat, lossShape } = flatClassTargets(t, input, ignoreIndex, where);
    const { losses, sampleWeights } = pickedNll(logp, flat, weight, ignoreIndex);
    if (labelSmoothing === 0) {
      if (reduction === 'mean') return tf.div(tf.sum(losses), tf.sum(sampleWeights));
      return reduce(tf.reshape(losses, lossShape), reduction);
    }
    // Label smoothing: mix in the (weighted) loss against the uniform distribution.
    const mask = tf.cast(tf.notEqual(flat, tf.scalar(ignoreIndex, 'int32')), 'float32');
    const weightedLogp = weight === null ? logp : tf.mul(logp, weight);
    const smooth = tf.mul(tf.neg(tf.sum(weightedLogp, 1)), mask);
    const eps = labelSmoothing;
    if (reduction === 'mean') {
      const denominator = tf.sum(sampleWeights);
      const nll = tf.div(tf.sum(losses), denominator);
      const smoothMean = tf.div(tf.sum(smooth), weight === null ? tf.sum(mask) : denominator);
      return tf.add(tf.mul(nll, 1 - eps), tf.mul(smoothMean, eps / numClasses));
    }
    const combined = tf.add(tf.mul(losses, 1 - eps), tf.mul(smooth, eps / numClasses));
    return reduce(tf.reshape(combined, lossShape), reduction);
  });
}

/**
 * Negative log-likelihood of class-index targets given log-probabilities (e.g. the output of
 * `F.logSoftmax(x, 1)`), like `torch.nn.functional.nll_loss`: loss_i = -weight[y_i] * input[i, y_i].
 *
 * Shapes: `input` [N, C], [N, C, d1, ...] or [C]; `target` int32 [N] / [N, d1, ...] / []. Output: a
 * scalar, or [N] / [N, d1, ...] with `reduction: 'none'`.
 *
 * ```ts
 * const loss = F.nllLoss(F.logSoftmax(logits, 1), labels);
 * ```
 */
export function nllLoss(input: tf.Tensor, target: ClassTarget, options: NllLossOptions = {}): tf.Tensor {
  const where = 'nllLoss';
  const { reduction = 'mean', ignoreIndex = -100 } = options;
  checkReduction(reduction, where);
  checkClassInput(input, where);
  return tf.tidy(() => {
    const numClasses = classCount(input);
    const weight = toWeight(options.weight, where);
    checkClassWeight(weight, numClasses, where);
    const t = target instanceof tf.Tensor ? target : tf.tensor(target as number[], undefined, 'int32');
    const { flat, lossShape } = flatClassTargets(t, input, ignoreIndex, where);
    const { losses, sampleWeights } = pickedNll(classesLast(input), flat, weight, ignoreIndex);
    if (reduction === 'mean') return tf.div(tf.sum(losses), tf.sum(sampleWeights));
    return reduce(tf.reshape(losses, lossShape), reduction);
  });
}

/**
 * Binary cross-entropy between probabilities and targets, like `torch.nn.functional.binary_cross_entropy`:
 * loss = -weight * (y log x + (1 - y) log(1 - x)), with each log clamped at -100 as in PyTorch.
 *
 * Shapes: `input` any shape, values in [0, 1] (e.g. after a sigmoid); `target` float32 of the same shape;
 * `weight` broadcastable to it. Output: a scalar, or the input's shape with `reduction: 'none'`.
 *
 * ```ts
 * const loss = F.binaryCrossEntropy(tf.sigmoid(logits), labels);
 * ```
 */
export function binaryCrossEntropy(input: tf.Tensor, target: ValueTarget, options: BceOptions = {}): tf.Tensor {
  const where = 'binaryCrossEntropy';
  const { reduction = 'mean' } = options;
  checkReduction(reduction, where);
  checkInput(input, where);
  return tf.tidy(() => {
    const t = toFloatTarget(target, input, where);
    const weight = toWeight(options.weight, where);
    checkProbabilities(input, where);
    if (weight === null) return binaryCrossEntropyKernel({ x: input, target: t }, { reduction });
    return reduce(tf.mul(binaryCrossEntropyKernel({ x: input, target: t }, { reduction: 'none' }), weight), reduction);
  });
}

/**
 * Binary cross-entropy on logits (a sigmoid and BCE in one numerically stable step), like
 * `torch.nn.functional.binary_cross_entropy_with_logits`:
 * loss = weight * [(1 - y) x + (1 + (posWeight - 1) y) (log(1 + exp(-|x|)) + max(-x, 0))].
 *
 * Shapes: `input` any shape (logits); `target` float32 of the same shape; `weight` broadcastable to it;
 * `posWeight` broadcastable along the last dimension ([C] for [N, C] input). Output: a scalar, or the
 * input's shape with `reduction: 'none'`.
 *
 * ```ts
 * const loss = F.binaryCrossEntropyWithLogits(logits, labels, { posWeight: [3] });
 * ```
 */
export function binaryCrossEntropyWithLogits(
  input: tf.Tensor,
  target: ValueTarget,
  options: BceWithLogitsOptions = {},
): tf.Tensor {
  const where = 'binaryCrossEntropyWithLogits';
  const { reduction = 'mean' } = options;
  checkReduction(reduction, where);
  checkInput(input, where);
  return tf.tidy(() => {
    const t = toFloatTarget(target, input, where);
    const weight = toWeight(options.weight, where);
    const posWeight = toWeight(options.posWeight, where, 'posWeight');
    // log(1 + exp(-x)) computed stably: log1p(exp(-|x|)) + max(-x, 0).
    const softplusNeg = tf.add(tf.log1p(tf.exp(tf.neg(tf.abs(input)))), tf.relu(tf.neg(input)));
    const logWeight = posWeight === null ? null : tf.add(tf.mul(tf.sub(posWeight, 1), t), 1);
    let losses = tf.add(tf.mul(tf.sub(1, t), input), logWeight === null ? softplusNeg : tf.mul(logWeight, softplusNeg));
    if (weight !== null) losses = tf.mul(losses, weight);
    return reduce(losses, reduction);
  });
}

// ------------------------------------------------------------------------------------------ regression

/**
 * Mean squared error, like `torch.nn.functional.mse_loss`: loss = (x - y)².
 *
 * Shapes: `input` and `target` float32 of the same shape (no silent broadcasting: a [N, 1] output
 * against a [N] target is an error). Output: a scalar, or the input's shape with `reduction: 'none'`.
 *
 * ```ts
 * const loss = F.mseLoss(model.forward(x), y);
 * ```
 */
export function mseLoss(input: tf.Tensor, target: ValueTarget, options: ReductionOptions = {}): tf.Tensor {
  const where = 'mseLoss';
  const { reduction = 'mean' } = options;
  checkReduction(reduction, where);
  checkInput(input, where);
  return tf.tidy(() => reduce(tf.squaredDifference(input, toFloatTarget(target, input, where)), reduction));
}

/**
 * Mean absolute error, like `torch.nn.functional.l1_loss`: loss = |x - y|.
 *
 * Shapes: `input` and `target` float32 of the same shape. Output: a scalar, or the input's shape with
 * `reduction: 'none'`.
 *
 * ```ts
 * const loss = F.l1Loss(pred, y);
 * ```
 */
export function l1Loss(input: tf.Tensor, target: ValueTarget, options: ReductionOptions = {}): tf.Tensor {
  const where = 'l1Loss';
  const { reduction = 'mean' } = options;
  checkReduction(reduction, where);
  checkInput(input, where);
  return tf.tidy(() => reduce(tf.abs(tf.sub(input, toFloatTarget(target, input, where))), reduction));
}

/**
 * Huber's loss of `|d|`: 0.5 d² where |d| < delta, else delta (|d| - 0.5 delta), written with a clamp
 * (q = min(|d|, delta); 0.5 q² + delta (|d| - q)) so that it needs no comparison op (tfjs has no gradient
 * for those).
 */
function huberOfAbs(absDiff: tf.Tensor, delta: number): tf.Tensor {
  const q = tf.minimum(absDiff, delta);
  return tf.add(tf.mul(tf.square(q), 0.5), tf.mul(tf.sub(absDiff, q), delta));
}

/**
 * Smooth L1 loss, like `torch.nn.functional.smooth_l1_loss`: 0.5 d² / beta where |d| < beta, else
 * |d| - 0.5 beta (d = x - y). `beta = 0` is the L1 loss.
 *
 * Shapes: `input` and `target` float32 of the same shape. Output: a scalar, or the input's shape with
 * `reduction: 'none'`.
 *
 * ```ts
 * const loss = F.smoothL1Loss(boxes, targetBoxes, { beta: 0.5 });
 * ```
 */
export function smoothL1Loss(input: tf.Tensor, target: ValueTarget, options: SmoothL1Options = {}): tf.Tensor {
  const where = 'smoothL1Loss';
  const { reduction = 'mean', beta = 1.0 } = options;
  checkReduction(reduction, where);
  checkInput(input, where);
  if (!(beta >= 0)) throw new Error(`${where}: beta must be non-negative, got ${beta}`);
  return tf.tidy(() => {
    const absDiff = tf.abs(tf.sub(input, toFloatTarget(target, input, where)));
    if (beta === 0) return reduce(absDiff, reduction);
    return reduce(tf.div(huberOfAbs(absDiff, beta), beta), reduction);
  });
}

/**
 * Huber loss, like `torch.nn.functional.huber_loss`: 0.5 d² where |d| < delta, else
 * delta (|d| - 0.5 delta) (d = x - y). Equals `delta * smoothL1Loss` with `beta = delta`.
 *
 * Shapes: `input` and `target` float32 of the same shape. Output: a scalar, or the input's shape with
 * `reduction: 'none'`.
 *
 * ```ts
 * const loss = F.huberLoss(q, qTarget, { delta: 1 });
 * ```
 */
export function huberLoss(input: tf.Tensor, target: ValueTarget, options: HuberOptions = {}): tf.Tensor {
  const where = 'huberLoss';
  const { reduction = 'mean', delta = 1.0 } = options;
  checkReduction(reduction, where);
  checkInput(input, where);
  if (!(delta > 0)) throw new Error(`${where}: delta must be positive, got ${delta}`);
  return tf.tidy(() => {
    const absDiff = tf.abs(tf.sub(input, toFloatTarget(target, input, where)));
    return reduce(huberOfAbs(absDiff, delta), reduction);
  });
}

// ------------------------------------------------------------------------------------------ divergence

/**
 * Kullback-Leibler divergence, like `torch.nn.functional.kl_div`: `input` holds log-probabilities,
 * `target` probabilities (or log-probabilities with `logTarget: true`); the pointwise loss is
 * y (log y - x), taken as 0 where y = 0.
 *
 * Use `reduction: 'batchmean'` for the mathematical KL divergence (sum / batch size); `'mean'` (PyTorch's
 * default) divides by the number of elements.
 *
 * Shapes: `input` and `target` float32 of the same shape, batch first. Output: a scalar, or the input's
 * shape with `reduction: 'none'`.
 *
 * ```ts
 * const kl = F.klDiv(F.logSoftmax(student, 1), F.softmax(teacher, 1), { reduction: 'batchmean' });
 * ```
 */
export function klDiv(input: tf.Tensor, target: ValueTarget, options: KlDivOptions = {}): tf.Tensor {
  const where = 'klDiv';
  const { reduction = 'mean', logTarget = false } = options;
  checkReduction(reduction, where, ['mean', 'batchmean', 'sum', 'none']);
  checkInput(input, where);
  return tf.tidy(() => {
    const t = toFloatTarget(target, input, where);
    let losses: tf.Tensor;
    if (logTarget) {
      losses = tf.mul(tf.exp(t), tf.sub(t, input));
    } else {
      const positive = tf.greater(t, 0);
      const safeLog = tf.log(tf.where(positive, t, tf.onesLike(t)));
      losses = tf.where(positive, tf.mul(t, tf.sub(safeLog, input)), tf.mul(t, tf.neg(input)));
    }
    if (reduction === 'batchmean') {
      const batch = input.rank === 0 ? 1 : input.shape[0];
      return tf.div(tf.sum(losses), batch);
    }
    return reduce(losses, reduction);
  });
}
