/**
 * Element-wise activation functions and the soft-max family, PyTorch's `torch.nn.functional` names
 * camelCased. Every function takes a float32 tensor of any shape and returns a tensor of the same shape.
 *
 * ```ts
 * const y = F.gelu(x, 'tanh');
 * const p = F.softmax(logits, 1);
 * ```
 */
import * as tf from '@tensorflow/tfjs';
import { CustomGradientFunc, expectFloat, normalizeDim } from './args';

/**
 * An element-wise op f with derivative f′, as one tape node. Piecewise functions need this: a
 * `tf.where(tf.greater(x, 0), ...)` composition puts a comparison (which has no gradient) on the tape.
 */
function pointwise(input: tf.Tensor, f: (x: tf.Tensor) => tf.Tensor, df: (x: tf.Tensor) => tf.Tensor): tf.Tensor {
  const op = tf.customGrad(((x: tf.Tensor, save: tf.GradSaveFunc) => {
    save([x]);
    return { value: f(x), gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.mul(dy, df(saved[0])) };
  }) as unknown as CustomGradientFunc);
  return op(input);
}

/** max(0, x). */
export function relu(input: tf.Tensor): tf.Tensor {
  expectFloat(input, 'F.relu');
  return tf.relu(input);
}

/** min(max(0, x), 6). */
export function relu6(input: tf.Tensor): tf.Tensor {
  expectFloat(input, 'F.relu6');
  return tf.tidy(() => tf.clipByValue(input, 0, 6));
}

/** x for x >= 0, negativeSlope * x otherwise. */
export function leakyRelu(input: tf.Tensor, negativeSlope = 0.01): tf.Tensor {
  expectFloat(input, 'F.leakyRelu');
  return tf.leakyRelu(input, negativeSlope);
}

/** x for x > 0, alpha * (exp(x) - 1) otherwise. */
export function elu(input: tf.Tensor, alpha = 1.0): tf.Tensor {
  expectFloat(input, 'F.elu');
  return pointwise(
    input,
    (x) => tf.where(tf.greater(x, 0), x, tf.mul(tf.expm1(tf.minimum(x, 0)), alpha)),
    (x) => tf.where(tf.greater(x, 0), tf.onesLike(x), tf.mul(tf.exp(tf.minimum(x, 0)), alpha)),
  );
}

/** SELU's constants (Klambauer et al., 2017), as in PyTorch. */
export const SELU_ALPHA = 1.6732632423543772848170429916717;
export const SELU_SCALE = 1.0507009873554804934193349852946;

/** scale * (max(0, x) + min(0, alpha * (exp(x) - 1))) with the fixed SELU constants. */
export function selu(input: tf.Tensor): tf.Tensor {
  expectFloat(input, 'F.selu');
  return tf.selu(input);
}

/** CELU: max(0, x) + min(0, alpha * (exp(x / alpha) - 1)). */
export function celu(input: tf.Tensor, alpha = 1.0): tf.Tensor {
  expectFloat(input, 'F.celu');
  return pointwise(
    input,
    (x) => tf.where(tf.greater(x, 0), x, tf.mul(tf.expm1(tf.div(tf.minimum(x, 0), alpha)), alpha)),
    (x) => tf.where(tf.greater(x, 0), tf.onesLike(x), tf.exp(tf.div(tf.minimum(x, 0), alpha))),
  );
}

/**
 * GELU. `approximate = 'none'` is the exact x * Φ(x) = 0.5 x (1 + erf(x / √2)); `'tanh'` is
 * 0.5 x (1 + tanh(√(2/π) (x + 0.044715 x³))).
 */
export function gelu(input: tf.Tensor, approximate: 'none' | 'tanh' = 'none'): tf.Tensor {
  expectFloat(input, 'F.gelu');
  if (approximate !== 'none' && approximate !== 'tanh') {
    throw new Error(`F.gelu: approximate must be 'none' or 'tanh', got '${approximate}'`);
  }
  return tf.tidy(() => {
    if (approximate === 'tanh') {
      const inner = tf.mul(tf.add(input, tf.mul(tf.pow(input, 3), 0.044715)), Math.sqrt(2 / Math.PI));
      return tf.mul(tf.mul(input, 0.5), tf.add(tf.tanh(inner), 1));
    }
    return tf.mul(tf.mul(input, 0.5), tf.add(tf.erf(tf.mul(input, Math.SQRT1_2)), 1));
  });
}

/** SiLU (swish): x * sigmoid(x). */
export function silu(input: tf.Tensor): tf.Tensor {
  expectFloat(input, 'F.silu');
  return tf.tidy(() => tf.mul(input, tf.sigmoid(input)));
}

/** Mish: x * tanh(softplus(x)). */
export function mish(input: tf.Tensor): tf.Tensor {
  expectFloat(input, 'F.mish');
  return tf.tidy(() => tf.mul(input, tf.tanh(softplus(input))));
}

/** 1 / (1 + exp(-x)). */
export function sigmoid(input: tf.Tensor): tf.Tensor {
  expectFloat(input, 'F.sigmoid');
  return tf.sigmoid(input);
}

/** Hyperbolic tangent. */
export function tanh(input: tf.Tensor): tf.Tensor {
  expectFloat(input, 'F.tanh');
  return tf.tanh(input);
}

/** log(sigmoid(x)), computed stably as -softplus(-x). */
export function logSigmoid(input: tf.Tensor): tf.Tensor {
  expectFloat(input, 'F.logSigmoid');
  return tf.tidy(() => tf.neg(tf.softplus(tf.neg(input))));
}

/** Hardsigmoid: relu6(x + 3) / 6. */
export function hardsigmoid(input: tf.Tensor): tf.Tensor {
  expectFloat(input, 'F.hardsigmoid');
  return tf.tidy(() => tf.div(tf.clipByValue(tf.add(input, 3), 0, 6), 6));
}

/** Hardswish: x * relu6(x + 3) / 6. */
export function hardswish(input: tf.Tensor): tf.Tensor {
  expectFloat(input, 'F.hardswish');
  return tf.tidy(() => tf.mul(input, hardsigmoid(input)));
}

/** Softsign: x / (1 + |x|). */
export function softsign(input: tf.Tensor): tf.Tensor {
  expectFloat(input, 'F.softsign');
  return tf.tidy(() => tf.div(input, tf.add(tf.abs(input), 1)));
}

/** Clamps to [minVal, maxVal]. */
export function hardtanh(input: tf.Tensor, minVal = -1.0, maxVal = 1.0): tf.Tensor {
  expectFloat(input, 'F.hardtanh');
  if (!(minVal < maxVal)) throw new Error(`F.hardtanh: minVal (${minVal}) must be less than maxVal (${maxVal})`);
  return tf.clipByValue(input, minVal, maxVal);
}

/**
 * Softplus: log(1 + exp(beta x)) / beta, and x itself where beta x > threshold (for numerical stability,
 * as in PyTorch).
 */
export function softplus(input: tf.Tensor, beta = 1.0, threshold = 20.0): tf.Tensor {
  expectFloat(input, 'F.softplus');
  return pointwise(
    input,
    (x) => {
      const scaled = tf.mul(x, beta);
      return tf.where(tf.greater(scaled, threshold), x, tf.div(tf.softplus(tf.minimum(scaled, threshold)), beta));
    },
    (x) => {
      const scaled = tf.mul(x, beta);
      return tf.where(tf.greater(scaled, threshold), tf.onesLike(x), tf.sigmoid(scaled));
    },
  );
}

/** PReLU with a learnable slope `weight` (one value, or one per channel on dimension 1). */
export function prelu(input: tf.Tensor, weight: tf.Tensor): tf.Tensor {
  expectFloat(input, 'F.prelu');
  return tf.tidy(() => {
    let w: tf.Tensor = weight;
    if (weight.size > 1) {
      if (input.rank < 2 || input.shape[1] !== weight.size) {
        throw new Error(
          `F.prelu: weight has ${weight.size} values, which must equal the number of channels (dimension 1) of the input, got input shape [${input.shape.join(',')}]`,
        );
      }
      const shape = input.shape.map((_, i) => (i === 1 ? weight.size : 1));
      w = tf.reshape(weight, shape);
    }
    return tf.prelu(input, w);
  });
}

/** Runs a last-axis op along `dim` by moving that axis last and back. */
function alongDim(input: tf.Tensor, dim: number, op: (t: tf.Tensor) => tf.Tensor): tf.Tensor {
  const d = normalizeDim(dim, input.rank);
  if (d === input.rank - 1) return op(input);
  const perm = input.shape.map((_, i) => i);
  perm[d] = input.rank - 1;
  perm[input.rank - 1] = d;
  return tf.transpose(op(tf.transpose(input, perm)), perm);
}

/** exp(x_i) / Σ_j exp(x_j) along `dim`. */
export function softmax(input: tf.Tensor, dim: number): tf.Tensor {
  expectFloat(input, 'F.softmax');
  if (dim === undefined) throw new Error('F.softmax: dim is required (e.g. F.softmax(logits, 1))');
  return tf.tidy(() => alongDim(input, dim, (t) => tf.softmax(t)));
}

/** log(softmax(x)) along `dim`, computed stably. */
export function logSoftmax(input: tf.Tensor, dim: number): tf.Tensor {
  expectFloat(input, 'F.logSoftmax');
  if (dim === undefined) throw new Error('F.logSoftmax: dim is required (e.g. F.logSoftmax(logits, 1))');
  return tf.tidy(() => alongDim(input, dim, (t) => tf.logSoftmax(t)));
}

/** exp(-x_i) / Σ_j exp(-x_j) along `dim`. */
export function softmin(input: tf.Tensor, dim: number): tf.Tensor {
  expectFloat(input, 'F.softmin');
  return tf.tidy(() => softmax(tf.neg(input), dim));
}

/**
 * Divides by the p-norm along `dim`: x / max(‖x‖_p, eps).
 */
export function normalize(input: tf.Tensor, p = 2.0, dim = 1, eps = 1e-12): tf.Tensor {
  expectFloat(input, 'F.normalize');
  return tf.tidy(() => {
    const d = normalizeDim(dim, input.rank);
    const norm = tf.pow(tf.sum(tf.pow(tf.abs(input), p), d, true), 1 / p);
    return tf.div(input, tf.maximum(norm, eps));
  });
}
