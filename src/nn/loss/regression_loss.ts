import * as tf from '@tensorflow/tfjs';
import { Module } from '../module';
import { huberLoss, l1Loss, mseLoss, smoothL1Loss, type Reduction, type ValueTarget } from '../functional/loss';
import { checkReductionOption } from './weighted_loss';

/** Options of the regression losses. */
export interface RegressionLossOptions {
  /** `'mean'` (default), `'sum'` or `'none'`. */
  reduction?: Reduction;
}

/** Shared by the losses that compare two tensors of the same shape element by element. */
abstract class ElementwiseLoss extends Module {
  readonly reduction: Reduction;

  constructor(reduction: Reduction, where: string) {
    super();
    checkReductionOption(reduction, where);
    this.reduction = reduction;
  }

  override extraRepr(): string {
    return this.reduction === 'mean' ? '' : `reduction='${this.reduction}'`;
  }
}

/**
 * Mean squared error, like `torch.nn.MSELoss`: loss = (x - y)².
 *
 * Shape: input and target float32 of the same shape; output a scalar, or the input's shape with
 * `reduction: 'none'`.
 *
 * ```ts
 * const criterion = new nn.MSELoss();
 * const loss = criterion.forward(model.forward(x), y);
 * ```
 */
export class MSELoss extends ElementwiseLoss {
  constructor(options: RegressionLossOptions = {}) {
    super(options.reduction ?? 'mean', 'MSELoss');
  }

  override forward(input: tf.Tensor, target: ValueTarget): tf.Tensor {
    return mseLoss(input, target, { reduction: this.reduction });
  }
}

/**
 * Mean absolute error, like `torch.nn.L1Loss`: loss = |x - y|.
 *
 * Shape: input and target float32 of the same shape; output a scalar, or the input's shape with
 * `reduction: 'none'`.
 *
 * ```ts
 * const loss = new nn.L1Loss().forward(pred, y);
 * ```
 */
export class L1Loss extends ElementwiseLoss {
  constructor(options: RegressionLossOptions = {}) {
    super(options.reduction ?? 'mean', 'L1Loss');
  }

  override forward(input: tf.Tensor, target: ValueTarget): tf.Tensor {
    return l1Loss(input, target, { reduction: this.reduction });
  }
}

/**
 * Smooth L1 loss, like `torch.nn.SmoothL1Loss`: 0.5 d² / beta where |d| < beta, else |d| - 0.5 beta.
 *
 * Shape: input and target float32 of the same shape; output a scalar, or the input's shape with
 * `reduction: 'none'`.
 *
 * ```ts
 * const loss = new nn.SmoothL1Loss({ beta: 0.5 }).forward(pred, y);
 * ```
 */
export class SmoothL1Loss extends ElementwiseLoss {
  readonly beta: number;

  constructor(options: RegressionLossOptions & { beta?: number } = {}) {
    super(options.reduction ?? 'mean', 'SmoothL1Loss');
    this.beta = options.beta ?? 1.0;
    if (!(this.beta >= 0)) throw new Error(`SmoothL1Loss: beta must be non-negative, got ${this.beta}`);
  }

  override forward(input: tf.Tensor, target: ValueTarget): tf.Tensor {
    return smoothL1Loss(input, target, { reduction: this.reduction, beta: this.beta });
  }

  override extraRepr(): string {
    return [super.extraRepr(), this.beta !== 1 ? `beta=${this.beta}` : ''].filter((p) => p !== '').join(', ');
  }
}

/**
 * Huber loss, like `torch.nn.HuberLoss`: 0.5 d² where |d| < delta, else delta (|d| - 0.5 delta).
 *
 * Shape: input and target float32 of the same shape; output a scalar, or the input's shape with
 * `reduction: 'none'`.
 *
 * ```ts
 * const loss = new nn.HuberLoss({ delta: 2 }).forward(pred, y);
 * ```
 */
export class HuberLoss extends ElementwiseLoss {
  readonly delta: number;

  constructor(options: RegressionLossOptions & { delta?: number } = {}) {
    super(options.reduction ?? 'mean', 'HuberLoss');
    this.delta = options.delta ?? 1.0;
    if (!(this.delta > 0)) throw new Error(`HuberLoss: delta must be positive, got ${this.delta}`);
  }

  override forward(input: tf.Tensor, target: ValueTarget): tf.Tensor {
    return huberLoss(input, target, { reduction: this.reduction, delta: this.delta });
  }

  override extraRepr(): string {
    return [super.extraRepr(), this.delta !== 1 ? `delta=${this.delta}` : ''].filter((p) => p !== '').join(', ');
  }
}
