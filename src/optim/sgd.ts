import * as tf from '@tensorflow/tfjs';
import type { Parameter } from '../nn/parameter';
import { prepareInPlaceStep, sgdInPlace } from './in_place_update';
import { Optimizer, checkRange, regularizedGrad, type ParamGroup, type ParamState, type ParamsInput } from './optimizer';

/** Options of `optim.SGD` (PyTorch's defaults). */
export interface SGDOptions {
  /** Learning rate. Required. */
  lr: number;
  /** Momentum factor. Default 0. */
  momentum: number;
  /** Dampening of the momentum. Default 0. */
  dampening: number;
  /** L2 penalty added to the gradient (coupled weight decay). Default 0. */
  weightDecay: number;
  /** Nesterov momentum (needs momentum > 0 and dampening = 0). Default false. */
  nesterov: boolean;
  /** Maximize the objective instead of minimizing it. Default false. */
  maximize: boolean;
}

/**
 * Stochastic gradient descent with optional momentum, like `torch.optim.SGD`:
 *
 *     g = grad + weightDecay · p
 *     b = g at the first step, else momentum · b + (1 - dampening) · g
 *     g = g + momentum · b (Nesterov) or b
 *     p = p - lr · g
 *
 * State per parameter: `momentumBuffer` (when momentum ≠ 0).
 *
 * ```ts
 * const opt = new optim.SGD(model.parameters(), { lr: 0.1, momentum: 0.9, nesterov: true });
 * ```
 */
export class SGD extends Optimizer<SGDOptions> {
  constructor(params: ParamsInput<SGDOptions>, options: Partial<SGDOptions> & { lr: number }) {
    if (options === undefined || options.lr === undefined) {
      throw new Error('SGD: lr is required, e.g. new optim.SGD(model.parameters(), { lr: 0.01 })');
    }
    super(params, { momentum: 0, dampening: 0, weightDecay: 0, nesterov: false, maximize: false, ...options });
  }

  protected override validate(o: SGDOptions, where: string): void {
    super.validate(o, where);
    checkRange('momentum', `SGD (${where})`, o.momentum, 0);
    checkRange('weightDecay', `SGD (${where})`, o.weightDecay, 0);
    if (o.nesterov && (o.momentum <= 0 || o.dampening !== 0)) {
      throw new Error(`SGD (${where}): Nesterov momentum requires momentum > 0 and dampening = 0`);
    }
  }

  protected override updateInPlace(params: Parameter[], states: ParamState[], group: ParamGroup<SGDOptions>): tf.Tensor[] | null {
    const withMomentum = group.momentum !== 0;
    const views = prepareInPlaceStep(params, states, withMomentum ? ['momentumBuffer'] : []);
    if (views === null) return null;
    const { lr, momentum, dampening, weightDecay, nesterov, maximize } = group;
    params.forEach((_, i) => {
      sgdInPlace(views, i, withMomentum ? views.state.momentumBuffer[i] : null,
        { lr, momentum, dampening, weightDecay, nesterov, maximize, firstMomentumStep: views.created[i] });
    });
    return views.newParams;
  }

  protected override updateParameter(p: tf.Tensor, grad: tf.Tensor, state: ParamState, group: ParamGroup<SGDOptions>): tf.Tensor {
    let g = regularizedGrad(p, grad, group.weightDecay, group.maximize);
    if (group.momentum !== 0) {
      const old = state.momentumBuffer as tf.Tensor | undefined;
      const buf = old === undefined ? tf.clone(g) : tf.add(tf.mul(old, group.momentum), tf.mul(g, 1 - group.dampening));
      state.momentumBuffer = buf;
      g = group.nesterov ? tf.add(g, tf.mul(buf, group.momentum)) : buf;
    }
    return tf.sub(p, tf.mul(g, group.lr));
  }
}
