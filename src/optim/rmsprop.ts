import * as tf from '@tensorflow/tfjs';
import type { Parameter } from '../nn/parameter';
import { Optimizer, checkRange, regularizedGrad, type ParamGroup, type ParamState, type ParamsInput } from './optimizer';

/** Options of `optim.RMSprop`. */
export interface RMSpropOptions {
  /** Learning rate. Default 1e-2. */
  lr: number;
  /** Smoothing constant of the squared-gradient average. Default 0.99. */
  alpha: number;
  /** Added to the denominator. Default 1e-8. */
  eps: number;
  /** L2 penalty added to the gradient. Default 0. */
  weightDecay: number;
  /** Momentum factor. Default 0. */
  momentum: number;
  /** Normalise by an estimate of the gradient's variance instead of its second moment. Default false. */
  centered: boolean;
  /** Maximize the objective instead of minimizing it. Default false. */
  maximize: boolean;
}

/**
 * RMSprop, like `torch.optim.RMSprop`:
 *
 *     v = α v + (1 - α) g²
 *     a = √(v - ḡ²) + eps with ḡ = α ḡ + (1 - α) g (centered), else √v + eps
 *     b = momentum · b + g / a,  p = p - lr · b   (momentum > 0), else p = p - lr · g / a
 *
 * State per parameter: `squareAvg`, and `gradAvg` (centered), `momentumBuffer` (momentum > 0).
 *
 * ```ts
 * const opt = new optim.RMSprop(model.parameters(), { lr: 1e-3, momentum: 0.9, centered: true });
 * ```
 */
export class RMSprop extends Optimizer<RMSpropOptions> {
  protected override readonly updatesGroupsAtOnce = true;
  constructor(params: ParamsInput<RMSpropOptions>, options: Partial<RMSpropOptions> = {}) {
    super(params, { lr: 1e-2, alpha: 0.99, eps: 1e-8, weightDecay: 0, momentum: 0, centered: false, maximize: false, ...options });
  }

  protected override validate(o: RMSpropOptions, where: string): void {
    super.validate(o, where);
    const at = `RMSprop (${where})`;
    checkRange('alpha', at, o.alpha, 0);
    checkRange('eps', at, o.eps, 0);
    checkRange('momentum', at, o.momentum, 0);
    checkRange('weightDecay', at, o.weightDecay, 0);
  }

  protected override updateParameter(p: tf.Tensor, grad: tf.Tensor, state: ParamState, group: ParamGroup<RMSpropOptions>): tf.Tensor {
    const { alpha, eps, momentum, centered, lr } = group;
    const g = regularizedGrad(p, grad, group.weightDecay, group.maximize);
    const oldSq = (state.squareAvg as tf.Tensor | undefined) ?? tf.zerosLike(p);
    const squareAvg = tf.add(tf.mul(oldSq, alpha), tf.mul(tf.square(g), 1 - alpha));
    state.squareAvg = squareAvg;
    let avg: tf.Tensor;
    if (centered) {
      const oldGradAvg = (state.gradAvg as tf.Tensor | undefined) ?? tf.zerosLike(p);
      const gradAvg = tf.add(tf.mul(oldGradAvg, alpha), tf.mul(g, 1 - alpha));
      state.gradAvg = gradAvg;
      avg = tf.add(tf.sqrt(tf.sub(squareAvg, tf.square(gradAvg))), eps);
    } else {
      avg = tf.add(tf.sqrt(squareAvg), eps);
    }
    if (momentum > 0) {
      const oldBuf = (state.momentumBuffer as tf.Tensor | undefined) ?? tf.zerosLike(p);
      const buf = tf.add(tf.mul(oldBuf, momentum), tf.div(g, avg));
      state.momentumBuffer = buf;
      return tf.sub(p, tf.mul(buf, lr));
    }
    return tf.sub(p, tf.mul(tf.div(g, avg), lr));
  }
}
