import * as tf from '@tensorflow/tfjs';
import { toParameterArray, type ParametersArg } from './params_arg';

/** Options of `clipGradNorm`. */
export interface ClipGradNormOptions {
  /** Throw when the total norm is NaN or infinite (PyTorch's `error_if_nonfinite`). Default false. */
  errorIfNonfinite?: boolean;
}

/**
 * Rescales the gradients so that their total norm is at most `maxNorm`, like
 * `torch.nn.utils.clip_grad_norm_`. The total norm is taken over all gradients together, as if they were
 * one vector: `total = ‖(‖g₁‖, ‖g₂‖, …)‖_p`; when `total > maxNorm` every gradient is multiplied by
 * `maxNorm / (total + 1e-6)`. Parameters without a gradient are skipped.
 *
 * @param params the parameters (e.g. `model.parameters()`), whose `.grad` is replaced.
 * @param maxNorm the largest allowed norm.
 * @param normType p of the p-norm: 2 (default), 1, or `Infinity` for the largest absolute value.
 * @returns the total norm before clipping, as a number.
 *
 * ```ts
 * const loss = tsdl.backward(() => criterion.forward(model.forward(x), y));
 * const total = nn.utils.clipGradNorm(model.parameters(), 1.0);
 * optimizer.step();
 * ```
 */
export function clipGradNorm(
  params: ParametersArg,
  maxNorm: number,
  normType = 2,
  options: ClipGradNormOptions = {},
): number {
  const list = toParameterArray(params, 'clipGradNorm').filter((p) => p.grad !== null);
  if (typeof maxNorm !== 'number' || !(maxNorm >= 0)) {
    throw new RangeError(`clipGradNorm: maxNorm must be a non-negative number, got ${maxNorm}`);
  }
  if (typeof normType !== 'number' || !(normType > 0)) {
    throw new RangeError(`clipGradNorm: normType must be a positive number or Infinity, got ${normType}`);
  }
  if (list.length === 0) return 0;
  const total = tf.tidy(() => {
    const norms = list.map((p) => {
      const g = p.grad as tf.Tensor;
      return normType === Infinity ? tf.max(tf.abs(g)) : tf.norm(g, normType);
    });
    const stacked = tf.stack(norms);
    return normType === Infinity ? tf.max(stacked) : tf.norm(stacked, normType);
  });
  const totalNorm = total.dataSync()[0];
  total.dispose();
  if (!Number.isFinite(totalNorm) && options.errorIfNonfinite) {
    throw new Error(
      `clipGradNorm: the total norm of order ${normType} of the gradients is ${totalNorm}, so they cannot be clipped ` +
        '(a NaN or Inf loss or gradient); set errorIfNonfinite: false to skip this check',
    );
  }
  const coef = maxNorm / (totalNorm + 1e-6);
  if (coef < 1) {
    for (const p of list) {
      const old = p.grad as tf.Tensor;
      p.grad = tf.keep(tf.tidy(() => tf.mul(old, coef)));
      old.dispose();
    }
  }
  return totalNorm;
}

/**
 * Clamps every gradient element to `[-clipValue, clipValue]`, like `torch.nn.utils.clip_grad_value_`.
 * Parameters without a gradient are skipped.
 *
 * ```ts
 * nn.utils.clipGradValue(model.parameters(), 0.5);
 * ```
 */
export function clipGradValue(params: ParametersArg, clipValue: number): void {
  const list = toParameterArray(params, 'clipGradValue').filter((p) => p.grad !== null);
  if (typeof clipValue !== 'number' || !(clipValue >= 0)) {
    throw new RangeError(`clipGradValue: clipValue must be a non-negative number, got ${clipValue}`);
  }
  for (const p of list) {
    const old = p.grad as tf.Tensor;
    p.grad = tf.keep(tf.tidy(() => tf.clipByValue(old, -clipValue, clipValue)));
    old.dispose();
  }
}
