import * as tf from '@tensorflow/tfjs';
import { crossEntropy, nllLoss, type ClassTarget, type Reduction } from '../functional/loss';
import { WeightedLoss, checkReductionOption } from './weighted_loss';

/** Options of `nn.CrossEntropyLoss`. */
export interface CrossEntropyLossOptions {
  /** A rescaling weight for each class, shape [C]. Copied into the module's `weight` buffer. */
  weight?: tf.Tensor | number[] | null;
  /** Targets with this class index are ignored. Default -100. */
  ignoreIndex?: number;
  /** `'mean'` (default), `'sum'` or `'none'`. */
  reduction?: Reduction;
  /** In [0, 1]: mixes the target with the uniform distribution. Default 0. */
  labelSmoothing?: number;
}

/**
 * Cross-entropy between unnormalised scores (logits) and targets, like `torch.nn.CrossEntropyLoss`:
 * `logSoftmax` over the class dimension followed by the negative log-likelihood.
 * For class indices, loss_i = -weight[y_i] · log softmax(x_i)[y_i]; see `F.crossEntropy`.
 *
 * Shape:
 * - input: [N, C], [N, C, d1, ...] or [C] (logits, float32)
 * - target: class indices, int32 [N] / [N, d1, ...] / [] (values in [0, C) or `ignoreIndex`), or class
 *   probabilities, float32 with the input's shape
 * - output: a scalar; with `reduction: 'none'`, [N] / [N, d1, ...]
 *
 * ```ts
 * const criterion = new nn.CrossEntropyLoss({ labelSmoothing: 0.1 });
 * const loss = criterion.forward(model.forward(x), y);   // y: int32 [N]
 * ```
 */
export class CrossEntropyLoss extends WeightedLoss {
  readonly ignoreIndex: number;
  readonly labelSmoothing: number;

  constructor(options: CrossEntropyLossOptions = {}) {
    const { weight = null, ignoreIndex = -100, reduction = 'mean', labelSmoothing = 0 } = options;
    checkReductionOption(reduction, 'CrossEntropyLoss');
    if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
      throw new Error(`CrossEntropyLoss: labelSmoothing must be in [0, 1], got ${labelSmoothing}`);
    }
    super(weight, reduction, 'CrossEntropyLoss');
    this.ignoreIndex = ignoreIndex;
    this.labelSmoothing = labelSmoothing;
  }

  override forward(input: tf.Tensor, target: ClassTarget): tf.Tensor {
    return crossEntropy(input, target, {
      weight: this.weight,
      ignoreIndex: this.ignoreIndex,
      reduction: this.reduction,
      labelSmoothing: this.labelSmoothing,
    });
  }

  override extraRepr(): string {
    const parts = [super.extraRepr()];
    if (this.labelSmoothing !== 0) parts.push(`labelSmoothing=${this.labelSmoothing}`);
    if (this.ignoreIndex !== -100) parts.push(`ignoreIndex=${this.ignoreIndex}`);
    return parts.filter((p) => p !== '').join(', ');
  }
}

/** Options of `nn.NLLLoss`. */
export interface NLLLossOptions {
  /** A rescaling weight for each class, shape [C]. */
  weight?: tf.Tensor | number[] | null;
  /** Targets with this class index are ignored. Default -100. */
  ignoreIndex?: number;
  /** `'mean'` (default), `'sum'` or `'none'`. */
  reduction?: Reduction;
}

/**
 * Negative log-likelihood of class-index targets given log-probabilities, like `torch.nn.NLLLoss`:
 * loss_i = -weight[y_i] · x_i[y_i]. Pair it with `nn.LogSoftmax(1)` (together they are `CrossEntropyLoss`).
 *
 * Shape:
 * - input: [N, C], [N, C, d1, ...] or [C] (log-probabilities)
 * - target: int32 [N] / [N, d1, ...] / []
 * - output: a scalar; with `reduction: 'none'`, [N] / [N, d1, ...]
 *
 * ```ts
 * const criterion = new nn.NLLLoss();
 * const loss = criterion.forward(F.logSoftmax(logits, 1), y);
 * ```
 */
export class NLLLoss extends WeightedLoss {
  readonly ignoreIndex: number;

  constructor(options: NLLLossOptions = {}) {
    const { weight = null, ignoreIndex = -100, reduction = 'mean' } = options;
    checkReductionOption(reduction, 'NLLLoss');
    super(weight, reduction, 'NLLLoss');
    this.ignoreIndex = ignoreIndex;
  }

  override forward(input: tf.Tensor, target: ClassTarget): tf.Tensor {
    return nllLoss(input, target, { weight: this.weight, ignoreIndex: this.ignoreIndex, reduction: this.reduction });
  }
}
