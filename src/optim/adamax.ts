import * as tf from '@tensorflow/tfjs';
import type { Parameter } from '../nn/parameter';
import { Optimizer, checkRange, regularizedGrad, type ParamGroup, type ParamState, type ParamsInput } from './optimizer';

/** Options of `optim.Adamax`. */
export interface AdamaxOptions {
  /** Learning rate. Default 2e-3. */
  lr: number;
  /** Decay rates of the first moment and of the infinity norm. Default [0.9, 0.999]. */
  betas: [number, number];
  /** Added to |g| for numerical stability. Default 1e-8. */
  eps: number;
  /** L2 penalty added to the gradient. Default 0. */
  weightDecay: number;
  /** Maximize the objective instead of minimizing it. Default false. */
  maximize: boolean;
}

/**
 * Adamax, the infinity-norm variant of Adam, like `torch.optim.Adamax`:
 *
 *     m = β1 m + (1 - β1) g,   u = max(β2 u, |g| + eps)
 *     p = p - lr / (1 - β1^t) · m / u
 *
 * State per parameter: `step`, `expAvg`, `expInf`.
 *
 * ```ts
 * const opt = new optim.Adamax(model.parameters());
 * ```
 */
export class Adamax extends Optimizer<AdamaxOptions> {
  protected override readonly updatesGroupsAtOnce = true;
  constructor(params: ParamsInput<AdamaxOptions>, options: Partial<AdamaxOptions> = {}) {
    super(params, { lr: 2e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, maximize: false, ...options });
  }

  protected override validate(o: AdamaxOptions, where: string): void {
    super.validate(o, where);
    const at = `Adamax (${where})`;
    if (!Array.isArray(o.betas) || o.betas.length !== 2) throw new Error(`${at}: betas must be a pair [beta1, beta2]`);
    checkRange('betas[0]', at, o.betas[0], 0, 1);
    checkRange('betas[1]', at, o.betas[1], 0, 1);
    checkRange('eps', at, o.eps, 0);
    checkRange('weightDecay', at, o.weightDecay, 0);
  }

  protected override updateParameter(p: tf.Tensor, grad: tf.Tensor, state: ParamState, group: ParamGroup<AdamaxOptions>): tf.Tensor {
    const [beta1, beta2] = group.betas;
    const step = ((state.step as number | undefined) ?? 0) + 1;
    const g = regularizedGrad(p, grad, group.weightDecay, group.maximize);
    const oldM = (state.expAvg as tf.Tensor | undefined) ?? tf.zerosLike(p);
    const oldU = (state.expInf as tf.Tensor | undefined) ?? tf.zerosLike(p);
    const m = tf.add(tf.mul(oldM, beta1), tf.mul(g, 1 - beta1));
    const u = tf.maximum(tf.mul(oldU, beta2), tf.add(tf.abs(g), group.eps));
    state.step = step;
    state.expAvg = m;
    state.expInf = u;
    return tf.sub(p, tf.mul(tf.div(m, u), group.lr / (1 - beta1 ** step)));
  }
}
