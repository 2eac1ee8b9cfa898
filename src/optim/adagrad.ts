import * as tf from '@tensorflow/tfjs';
import type { Parameter } from '../nn/parameter';
import { Optimizer, checkRange, regularizedGrad, type ParamGroup, type ParamState, type ParamsInput } from './optimizer';

/** Options of `optim.Adagrad`. */
export interface AdagradOptions {
  /** Learning rate. Default 1e-2. */
  lr: number;
  /** Learning-rate decay: step t uses lr / (1 + (t - 1) · lrDecay). Default 0. */
  lrDecay: number;
  /** L2 penalty added to the gradient. Default 0. */
  weightDecay: number;
  /** Starting value of the sum of squared gradients. Default 0. */
  initialAccumulatorValue: number;
  /** Added to the denominator. Default 1e-10. */
  eps: number;
  /** Maximize the objective instead of minimizing it. Default false. */
  maximize: boolean;
}

/**
 * Adagrad, like `torch.optim.Adagrad`: each coordinate's step shrinks with its accumulated squared
 * gradients:
 *
 *     s = s + g²,   p = p - lr / (1 + (t - 1) · lrDecay) · g / (√s + eps)
 *
 * State per parameter: `step`, `sum`.
 *
 * ```ts
 * const opt = new optim.Adagrad(model.parameters(), { lr: 0.1 });
 * ```
 */
export class Adagrad extends Optimizer<AdagradOptions> {
  protected override readonly updatesGroupsAtOnce = true;
  constructor(params: ParamsInput<AdagradOptions>, options: Partial<AdagradOptions> = {}) {
    super(params, { lr: 1e-2, lrDecay: 0, weightDecay: 0, initialAccumulatorValue: 0, eps: 1e-10, maximize: false, ...options });
  }

  protected override validate(o: AdagradOptions, where: string): void {
    super.validate(o, where);
    const at = `Adagrad (${where})`;
    checkRange('lrDecay', at, o.lrDecay, 0);
    checkRange('weightDecay', at, o.weightDecay, 0);
    checkRange('initialAccumulatorValue', at, o.initialAccumulatorValue, 0);
    checkRange('eps', at, o.eps, 0);
  }

  protected override updateParameter(p: tf.Tensor, grad: tf.Tensor, state: ParamState, group: ParamGroup<AdagradOptions>): tf.Tensor {
    const step = ((state.step as number | undefined) ?? 0) + 1;
    const g = regularizedGrad(p, grad, group.weightDecay, group.maximize);
    const oldSum = (state.sum as tf.Tensor | undefined) ?? tf.fill(p.shape, group.initialAccumulatorValue);
    const sum = tf.add(oldSum, tf.square(g));
    state.step = step;
    state.sum = sum;
    const clr = group.lr / (1 + (step - 1) * group.lrDecay);
    return tf.sub(p, tf.mul(tf.div(g, tf.add(tf.sqrt(sum), group.eps)), clr));
  }
}
