import * as tf from '@tensorflow/tfjs';
import { describe, isParameter, type Parameter } from '../nn/parameter';
import { checkLossValue } from './anomaly';
import { registerComparisonGradients } from './comparison_gradients';

registerComparisonGradients();

/** Options of `backward`. */
export interface BackwardOptions {
  /**
   * The parameters to differentiate with respect to. Default: every live `nn.Parameter` with
   * `requiresGrad = true` (those the loss does not depend on get no gradient).
   */
  parameters?: Iterable<Parameter>;
}

/** All live parameters that require a gradient. */
function trainableParameters(): Parameter[] {
  const registered = (tf.engine() as unknown as { registeredVariables: Record<string, tf.Variable> }).registeredVariables;
  return Object.values(registered).filter((v): v is Parameter => isParameter(v) && v.requiresGrad);
}

/**
 * Runs `computeLoss`, backpropagates from the scalar it returns and adds each parameter's gradient to its
 * `.grad` — the closure form of PyTorch's `loss.backward()`. Returns the loss value as a number.
 *
 * Gradients accumulate over calls until `model.zeroGrad()` / `optimizer.zeroGrad()`, as in PyTorch
 * (gradient accumulation over several batches). Frozen parameters (`requiresGrad = false`) get no
 * gradient. Everything `computeLoss` creates is freed, so a training step does not leak tensors.
 * A NaN or infinite loss warns (or throws, after `tsdl.detectAnomaly(true)`).
 *
 * ```ts
 * optimizer.zeroGrad();
 * const loss = tsdl.backward(() => criterion.forward(model.forward(x), y));  // number
 * optimizer.step();
 * ```
 *
 * Why a closure: TensorFlow.js records operations for differentiation only while a function runs inside
 * its gradient call, and it frees tensors only in scopes (no garbage collector for tensor memory). A
 * closure gives both: the forward pass is recorded and every intermediate is freed at the end.
 */
export function backward(computeLoss: () => tf.Tensor, options: BackwardOptions = {}): number {
  if (typeof computeLoss !== 'function') {
    throw new TypeError(
      `backward: expected a function that computes the loss, e.g. tsdl.backward(() => criterion.forward(model.forward(x), y)); ` +
        `got ${describe(computeLoss)}`,
    );
  }
  const params = options.parameters !== undefined ? [...options.parameters] : trainableParameters();
  params.forEach((p, i) => {
    if (!isParameter(p)) throw new TypeError(`backward: parameters[${i}] is not an nn.Parameter (got ${describe(p)})`);
    if (p.isDisposed) throw new Error(`backward: parameters[${i}] has been disposed`);
  });
  const active = params.filter((p) => p.requiresGrad);
  if (active.length === 0) {
    throw new Error('backward: no parameter requires a gradient (all frozen, or none created yet)');
  }

  let lossValue = NaN;
  const newGrads = tf.tidy((): tf.TensorContainer => {
    const f = (): tf.Scalar => {
      const loss = computeLoss();
      if (!(loss instanceof tf.Tensor)) {
        throw new TypeError(`backward: the loss function must return a tensor, got ${describe(loss)}`);
      }
      if (loss.size !== 1) {
        throw new Error(
          `backward: the loss must be a single number (a scalar tensor), got shape [${loss.shape.join(', ')}]; ` +
            'reduce it with .mean() or .sum() first',
        );
      }
      if (loss.dtype !== 'float32') {
        throw new TypeError(`backward: the loss must be float32, got dtype ${loss.dtype}`);
      }
      return (loss.rank === 0 ? loss : tf.reshape(loss, [])) as tf.Scalar;
    };
    const { value, grads } = tf.engine().gradients(f, active, undefined, true);
    lossValue = value.dataSync()[0];
    checkLossValue(lossValue);
    if (grads.every((g) => g == null)) {
      throw new Error(
        'backward: the loss does not depend on any parameter that requires a gradient. Compute the model ' +
          'output inside the function (tsdl.backward(() => loss(model.forward(x), y))), not before it.',
      );
    }
    // A gradient tensor returned by the tidy is kept as it is; only one that several parameters share (an
    // addition passes the same dy to both operands) is copied, so that each .grad is disposed on its own.
    const given = new Set<tf.Tensor>();
    return active.map((p, i) => {
      const g = grads[i];
      if (g == null) return null;
      if (p.grad !== null) return tf.add(p.grad, g);
      if (given.has(g)) return tf.clone(g);
      given.add(g);
      return g;
    }) as tf.TensorContainer;
  }) as unknown as (tf.Tensor | null)[];
  active.forEach((p, i) => {
    const g = newGrads[i];
    if (g == null) return;
    p.grad?.dispose();
    p.grad = g;
  });
  return lossValue;
}

/**
 * Throws a clear error when none of `params` has a gradient — for optimizers' `step()`, which would
 * otherwise silently do nothing (the usual cause: `backward` was not called, or `zeroGrad` ran after it).
 */
export function assertSomeGradients(params: Iterable<Parameter>, where: string): void {
  const list = [...params];
  if (list.length > 0 && list.every((p) => p.grad === null)) {
    throw new Error(
      `${where}: none of the ${list.length} parameters has a gradient. Call tsdl.backward(() => loss) before ` +
        'step(), and zeroGrad() before backward, not between backward and step.',
    );
  }
}
