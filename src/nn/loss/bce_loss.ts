import * as tf from '@tensorflow/tfjs';
import {
  binaryCrossEntropy,
  binaryCrossEntropyWithLogits,
  type Reduction,
  type ValueTarget,
} from '../functional/loss';
import { WeightedLoss, checkReductionOption, toOwnedTensor } from './weighted_loss';

/** Options of `nn.BCELoss`. */
export interface BCELossOptions {
  /** A rescaling weight broadcast to the input's shape. */
  weight?: tf.Tensor | number[] | null;
  /** `'mean'` (default), `'sum'` or `'none'`. */
  reduction?: Reduction;
}

/**
 * Binary cross-entropy between probabilities and targets, like `torch.nn.BCELoss`:
 * loss = -weight · (y log x + (1 - y) log(1 - x)) (logs clamped at -100).
 * Prefer `BCEWithLogitsLoss` on raw scores: it is numerically stable.
 *
 * Shape:
 * - input: any shape, values in [0, 1]
 * - target: float32, same shape as input
 * - output: a scalar; with `reduction: 'none'`, the input's shape
 *
 * ```ts
 * const criterion = new nn.BCELoss();
 * const loss = criterion.forward(tf.sigmoid(logits), y);
 * ```
 */
export class BCELoss extends WeightedLoss {
  constructor(options: BCELossOptions = {}) {
    const { weight = null, reduction = 'mean' } = options;
    checkReductionOption(reduction, 'BCELoss');
    super(weight, reduction, 'BCELoss');
  }

  override forward(input: tf.Tensor, target: ValueTarget): tf.Tensor {
    return binaryCrossEntropy(input, target, { weight: this.weight, reduction: this.reduction });
  }
}

/** Options of `nn.BCEWithLogitsLoss`. */
export interface BCEWithLogitsLossOptions extends BCELossOptions {
  /** A weight for positive examples per class ([C] for [N, C] input), e.g. negatives / positives. */
  posWeight?: tf.Tensor | number[] | null;
}

/**
 * A sigmoid and binary cross-entropy in one numerically stable step, like `torch.nn.BCEWithLogitsLoss`:
 * loss = -weight · (posWeight · y log σ(x) + (1 - y) log(1 - σ(x))).
 *
 * Shape:
 * - input: any shape (logits)
 * - target: float32, same shape as input
 * - output: a scalar; with `reduction: 'none'`, the input's shape
 *
 * ```ts
 * const criterion = new nn.BCEWithLogitsLoss({ posWeight: [2.0] });
 * const loss = criterion.forward(model.forward(x), y);
 * ```
 */
export class BCEWithLogitsLoss extends WeightedLoss {
  declare posWeight: tf.Tensor | null;

  constructor(options: BCEWithLogitsLossOptions = {}) {
    const { weight = null, reduction = 'mean', posWeight = null } = options;
    checkReductionOption(reduction, 'BCEWithLogitsLoss');
    super(weight, reduction, 'BCEWithLogitsLoss');
    this.registerBuffer('posWeight', toOwnedTensor(posWeight, 'BCEWithLogitsLoss', 'posWeight'));
  }

  override forward(input: tf.Tensor, target: ValueTarget): tf.Tensor {
    return binaryCrossEntropyWithLogits(input, target, {
      weight: this.weight,
      posWeight: this.posWeight,
      reduction: this.reduction,
    });
  }
}
