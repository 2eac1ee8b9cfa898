import * as tf from '@tensorflow/tfjs';
import type { Parameter } from '../nn/parameter';
import { adamInPlace, prepareInPlaceStep } from './in_place_update';
import { Optimizer, checkRange, regularizedGrad, type ParamGroup, type ParamState, type ParamsInput } from './optimizer';

/** Options of `optim.Adam` and `optim.AdamW`. */
export interface AdamOptions {
  /** Learning rate. Default 1e-3. */
  lr: number;
  /** Decay rates of the first and second moment estimates. Default [0.9, 0.999]. */
  betas: [number, number];
  /** Added to the denominator for numerical stability. Default 1e-8. */
  eps: number;
  /** Weight decay: an L2 penalty in the gradient (Adam, default 0) or decoupled (AdamW, default 1e-2). */
  weightDecay: number;
  /** Use the maximum of past second moments (AMSGrad). Default false. */
  amsgrad: boolean;
  /** Maximize the objective instead of minimizing it. Default false. */
  maximize: boolean;
}

/**
 * The Adam update rule shared by `Adam` (L2 weight decay added to the gradient) and `AdamW` (weight
 * decay applied directly to the parameter, `decoupled = true`):
 *
 *     p = p (1 - lr · wd)                                     (AdamW only)
 *     g = grad (+ wd · p for Adam)
 *     m = β1 m + (1 - β1) g,  v = β2 v + (1 - β2) g²           (v̂ = max(v̂, v) with AMSGrad)
 *     p = p - lr / (1 - β1^t) · m / (√v / √(1 - β2^t) + eps)
 *
 * State per parameter: `step`, `expAvg`, `expAvgSq` (and `maxExpAvgSq` with AMSGrad).
 */
export abstract class AdamFamily extends Optimizer<AdamOptions> {
  protected override readonly updatesGroupsAtOnce = true;
  /** Whether weight decay is decoupled from the gradient (AdamW). */
  protected abstract readonly decoupled: boolean;

  protected override validate(o: AdamOptions, where: string): void {
    super.validate(o, where);
    const at = `${this.constructor.name} (${where})`;
    if (!Array.isArray(o.betas) || o.betas.length !== 2) {
      throw new Error(`${at}: betas must be a pair [beta1, beta2], got ${JSON.stringify(o.betas)}`);
    }
    checkRange('betas[0]', at, o.betas[0], 0, 1);
    checkRange('betas[1]', at, o.betas[1], 0, 1);
    checkRange('eps', at, o.eps, 0);
    checkRange('weightDecay', at, o.weightDecay, 0);
  }

  protected override updateInPlace(params: Parameter[], states: ParamState[], group: ParamGroup<AdamOptions>): tf.Tensor[] | null {
    const steps = states.map((s) => ((s.step as number | undefined) ?? 0) + 1);
    const keys = group.amsgrad ? ['expAvg', 'expAvgSq', 'maxExpAvgSq'] : ['expAvg', 'expAvgSq'];
    const views = prepareInPlaceStep(params, states, keys);
    if (views === null) return null;
    const [beta1, beta2] = group.betas;
    const { lr, eps, weightDecay, maximize } = group;
    params.forEach((_, i) => {
      adamInPlace(views, i, views.state.expAvg[i], views.state.expAvgSq[i],
        group.amsgrad ? views.state.maxExpAvgSq[i] : null,
        { beta1, beta2, lr, eps, weightDecay, decoupled: this.decoupled, maximize, step: steps[i] });
      states[i].step = steps[i];
    });
    return views.newParams;
  }

  protected override updateParameter(p: tf.Tensor, grad: tf.Tensor, state: ParamState, group: ParamGroup<AdamOptions>): tf.Tensor {
    const [beta1, beta2] = group.betas;
    const { lr, eps, weightDecay, amsgrad, maximize } = group;
    const step = ((state.step as number | undefined) ?? 0) + 1;
    let param: tf.Tensor = p;
    let g: tf.Tensor;
    if (this.decoupled) {
      if (weightDecay !== 0) param = tf.mul(p, 1 - lr * weightDecay);
      g = regularizedGrad(p, grad, 0, maximize);
    } else {
      g = regularizedGrad(p, grad, weightDecay, maximize);
    }
    const oldM = (state.expAvg as tf.Tensor | undefined) ?? tf.zerosLike(p);
    const oldV = (state.expAvgSq as tf.Tensor | undefined) ?? tf.zerosLike(p);
    const m = tf.add(tf.mul(oldM, beta1), tf.mul(g, 1 - beta1));
    const v = tf.add(tf.mul(oldV, beta2), tf.mul(tf.square(g), 1 - beta2));
    let second = v;
    if (amsgrad) {
      const oldMax = (state.maxExpAvgSq as tf.Tensor | undefined) ?? tf.zerosLike(p);
      second = tf.maximum(oldMax, v);
      state.maxExpAvgSq = second;
    }
    const stepSize = lr / (1 - beta1 ** step);
    const denom = tf.add(tf.div(tf.sqrt(second), Math.sqrt(1 - beta2 ** step)), eps);
    state.step = step;
    state.expAvg = m;
    state.expAvgSq = v;
    return tf.sub(param, tf.mul(tf.div(m, denom), stepSize));
  }
}

/**
 * Adam, like `torch.optim.Adam` (Kingma & Ba, 2014), with optional AMSGrad and L2 weight decay added to
 * the gradient. For decoupled weight decay use `AdamW`. The rule is in `AdamFamily`.
 *
 * ```ts
 * const opt = new optim.Adam(model.parameters(), { lr: 1e-3, weightDecay: 1e-4 });
 * ```
 */
export class Adam extends AdamFamily {
  protected readonly decoupled = false;

  constructor(params: ParamsInput<AdamOptions>, options: Partial<AdamOptions> = {}) {
    super(params, { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false, maximize: false, ...options });
  }
}
