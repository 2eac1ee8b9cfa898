import * as tf from '@tensorflow/tfjs';
import { Module } from '../module';
import { klDiv, type Reduction, type ValueTarget } from '../functional/loss';
import { checkReductionOption } from './weighted_loss';

/** Options of `nn.KLDivLoss`. */
export interface KLDivLossOptions {
  /** `'mean'` (default, over elements), `'batchmean'` (the true KL divergence), `'sum'`, `'none'`. */
  reduction?: Reduction | 'batchmean';
  /** Whether the target is given as log-probabilities. Default false. */
  logTarget?: boolean;
}

/**
 * Kullback-Leibler divergence, like `torch.nn.KLDivLoss`: the input holds log-probabilities, the target
 * probabilities (or log-probabilities with `logTarget`); pointwise loss y (log y - x).
 *
 * Shape: input and target float32 of the same shape, batch first; output a scalar, or the input's shape
 * with `reduction: 'none'`.
 *
 * ```ts
 * const criterion = new nn.KLDivLoss({ reduction: 'batchmean' });
 * const loss = criterion.forward(F.logSoftmax(student, 1), F.softmax(teacher, 1));
 * ```
 */
export class KLDivLoss extends Module {
  readonly reduction: Reduction | 'batchmean';
  readonly logTarget: boolean;

  constructor(options: KLDivLossOptions = {}) {
    super();
    this.reduction = options.reduction ?? 'mean';
    checkReductionOption(this.reduction, 'KLDivLoss', ['mean', 'batchmean', 'sum', 'none']);
    this.logTarget = options.logTarget ?? false;
  }

  override forward(input: tf.Tensor, target: ValueTarget): tf.Tensor {
    return klDiv(input, target, { reduction: this.reduction, logTarget: this.logTarget });
  }

  override extraRepr(): string {
    const parts = [this.reduction === 'mean' ? '' : `reduction='${this.reduction}'`, this.logTarget ? 'logTarget=true' : ''];
    return parts.filter((p) => p !== '').join(', ');
  }
}
