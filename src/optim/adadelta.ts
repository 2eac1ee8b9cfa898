import * as tf from '@tensorflow/tfjs';
import type { Parameter } from '../nn/parameter';
import { Optimizer, checkRange, regularizedGrad, type ParamGroup, type ParamState, type ParamsInput } from './optimizer';

/** Options of `optim.Adadelta`. */
export interface AdadeltaOptions {
  /** Scale of the update. Default 1.0. */
  lr: number;
  /** Decay rate of the running averages. Default 0.9. */
  rho: number;
  /** Added inside the square roots. Default 1e-6. */
  eps: number;
  /** L2 penalty added to the gradient. Default 0. */
  weightDecay: number;
  /** Maximize the objective instead of minimizing it. Default false. */
  maximize: boolean;
}

/**
 * Adadelta, like `torch.optim.Adadelta` (Zeiler, 2012):
 *
 *     v = ρ v + (1 - ρ) g²
 *     Δ = √(u + eps) / √(v + eps) · g
 *     u = ρ u + (1 - ρ) Δ²,   p = p - lr · Δ
 *
 * State per parameter: `squareAvg`, `accDelta`.
 *
 * ```ts
 * const opt = new optim.Adadelta(model.parameters());
 * ```
 */
export class Adadelta extends Optimizer<AdadeltaOptions> {
  protected override readonly updatesGroupsAtOnce = true;
  constructor(params: ParamsInput<AdadeltaOptions>, options: Partial<AdadeltaOptions> = {}) {
    super(params, { lr: 1.0, rho: 0.9, eps: 1e-6, weightDecay: 0, maximize: false, ...options });
  }

  protected override validate(o: AdadeltaOptions, where: string): void {
    super.validate(o, where);
    const at = `Adadelta (${where})`;
    checkRange('rho', at, o.rho, 0, 1, true);
    checkRange('eps', at, o.eps, 0);
    checkRange('weightDecay', at, o.weightDecay, 0);
  }

  protected override updateParameter(p: tf.Tensor, grad: tf.Tensor, state: ParamState, group: ParamGroup<AdadeltaOptions>): tf.Tensor {
    const { rho, eps } = group;
    const g = regularizedGrad(p, grad, group.weightDecay, group.maximize);
    const oldV = (state.squareAvg as tf.Tensor | undefined) ?? tf.zerosLike(p);
    const oldU = (state.accDelta as tf.Tensor | undefined) ?? tf.zerosLike(p);
    const v = tf.add(tf.mul(oldV, rho), tf.mul(tf.square(g), 1 - rho));
    const delta = tf.mul(tf.div(tf.sqrt(tf.add(oldU, eps)), tf.sqrt(tf.add(v, eps))), g);
    state.squareAvg = v;
    state.accDelta = tf.add(tf.mul(oldU, rho), tf.mul(tf.square(delta), 1 - rho));
    return tf.sub(p, tf.mul(delta, group.lr));
  }
}
