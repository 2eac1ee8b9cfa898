/**
 * `nn.init`: weight initialisation, PyTorch's `torch.nn.init` with camelCased names. Each function with
 * a trailing underscore fills a parameter (any `tf.Variable`) IN PLACE with `assign` and returns it;
 * random draws come from the global seeded generator (`tsdl.manualSeed`).
 *
 * ```ts
 * nn.init.kaimingNormal_(conv.weight, { mode: 'fan_out', nonlinearity: 'relu' });
 * nn.init.zeros_(conv.bias!);
 * model.apply((m) => { if (m instanceof nn.Linear) nn.init.xavierUniform_(m.weight); });
 * ```
 */
import * as tf from '@tensorflow/tfjs';
import { nextSeed } from '../random';

/** Nonlinearities known to `calculateGain`. */
export type Nonlinearity =
  | 'linear' | 'conv1d' | 'conv2d' | 'conv3d' | 'conv_transpose1d' | 'conv_transpose2d' | 'conv_transpose3d'
  | 'sigmoid' | 'tanh' | 'relu' | 'leaky_relu' | 'selu';

/**
 * The recommended gain for a nonlinearity: 1 for linear/conv/sigmoid, 5/3 for tanh, √2 for relu,
 * √(2 / (1 + slope²)) for leaky_relu (slope `param`, default 0.01), 3/4 for selu.
 */
export function calculateGain(nonlinearity: Nonlinearity, param?: number | null): number {
  switch (nonlinearity) {
    case 'linear': case 'conv1d': case 'conv2d': case 'conv3d':
    case 'conv_transpose1d': case 'conv_transpose2d': case 'conv_transpose3d': case 'sigmoid':
      return 1;
    case 'tanh':
      return 5 / 3;
    case 'relu':
      return Math.SQRT2;
    case 'leaky_relu': {
      const slope = param ?? 0.01;
      if (typeof slope !== 'number' || !Number.isFinite(slope)) throw new Error(`calculateGain: negative slope ${String(param)} is not a valid number`);
      return Math.sqrt(2 / (1 + slope * slope));
    }
    case 'selu':
      return 3 / 4;
    default:
      throw new Error(`calculateGain: unsupported nonlinearity '${String(nonlinearity)}'`);
  }
}

function checkVariable(tensor: tf.Tensor, fn: string): tf.Variable {
  if (!(tensor instanceof tf.Variable)) {
    throw new Error(`nn.init.${fn}: expected an nn.Parameter (or tf.Variable) to fill in place, got a tf.Tensor of shape [${tensor.shape.join(',')}]`);
  }
  return tensor;
}

function fill(tensor: tf.Tensor, fn: string, make: () => tf.Tensor): tf.Tensor {
  const v = checkVariable(tensor, fn);
  tf.tidy(() => v.assign(tf.cast(make(), v.dtype)));
  return v;
}

/**
 * fan_in and fan_out of a weight in PyTorch's layout: (out, in, *kernel) → fan_in = in · ∏kernel,
 * fan_out = out · ∏kernel.
 */
export function calculateFanInAndFanOut(tensor: tf.Tensor): [number, number] {
  if (tensor.rank < 2) {
    throw new Error(`nn.init: fan in and fan out can not be computed for a tensor with fewer than 2 dimensions (shape [${tensor.shape.join(',')}])`);
  }
  const shape = tensor.shape as number[];
  const receptive = shape.slice(2).reduce((a, b) => a * b, 1);
  return [shape[1] * receptive, shape[0] * receptive];
}

/** Fills with U(a, b). */
export function uniform_(tensor: tf.Tensor, a = 0.0, b = 1.0): tf.Tensor {
  return fill(tensor, 'uniform_', () => tf.randomUniform(tensor.shape, a, b, 'float32', nextSeed()));
}

/** Fills with N(mean, std²). */
export function normal_(tensor: tf.Tensor, mean = 0.0, std = 1.0): tf.Tensor {
  return fill(tensor, 'normal_', () => tf.randomNormal(tensor.shape, mean, std, 'float32', nextSeed()));
}

/** Fills with `val`. */
export function constant_(tensor: tf.Tensor, val: number): tf.Tensor {
  return fill(tensor, 'constant_', () => tf.fill(tensor.shape, val));
}

/** Fills with 0. */
export function zeros_(tensor: tf.Tensor): tf.Tensor {
  return fill(tensor, 'zeros_', () => tf.zeros(tensor.shape));
}

/** Fills with 1. */
export function ones_(tensor: tf.Tensor): tf.Tensor {
  return fill(tensor, 'ones_', () => tf.ones(tensor.shape));
}

/** Fills a 2-d tensor with the identity matrix (rectangular allowed). */
export function eye_(tensor: tf.Tensor): tf.Tensor {
  if (tensor.rank !== 2) throw new Error(`nn.init.eye_: only 2-d tensors are supported, got shape [${tensor.shape.join(',')}]`);
  return fill(tensor, 'eye_', () => tf.eye(tensor.shape[0], tensor.shape[1]));
}

/** Xavier/Glorot uniform: U(−a, a) with a = gain · √(6 / (fan_in + fan_out)). */
export function xavierUniform_(tensor: tf.Tensor, gain = 1.0): tf.Tensor {
  const [fanIn, fanOut] = calculateFanInAndFanOut(tensor);
  const a = gain * Math.sqrt(6 / (fanIn + fanOut));
  return fill(tensor, 'xavierUniform_', () => tf.randomUniform(tensor.shape, -a, a, 'float32', nextSeed()));
}

/** Xavier/Glorot normal: N(0, std²) with std = gain · √(2 / (fan_in + fan_out)). */
export function xavierNormal_(tensor: tf.Tensor, gain = 1.0): tf.Tensor {
  const [fanIn, fanOut] = calculateFanInAndFanOut(tensor);
  const std = gain * Math.sqrt(2 / (fanIn + fanOut));
  return fill(tensor, 'xavierNormal_', () => tf.randomNormal(tensor.shape, 0, std, 'float32', nextSeed()));
}

export interface KaimingOptions {
  /** Negative slope of the rectifier after this layer (leaky_relu only). Default 0. */
  a?: number;
  /** 'fan_in' (default) keeps the forward variance, 'fan_out' the backward one. */
  mode?: 'fan_in' | 'fan_out';
  /** Default 'leaky_relu'. */
  nonlinearity?: Nonlinearity;
}

function kaimingStd(tensor: tf.Tensor, options: KaimingOptions, fn: string): number {
  const mode = options.mode ?? 'fan_in';
  if (mode !== 'fan_in' && mode !== 'fan_out') throw new Error(`nn.init.${fn}: mode must be 'fan_in' or 'fan_out', got '${String(mode)}'`);
  const [fanIn, fanOut] = calculateFanInAndFanOut(tensor);
  const fan = mode === 'fan_in' ? fanIn : fanOut;
  const gain = calculateGain(options.nonlinearity ?? 'leaky_relu', options.a ?? 0);
  return gain / Math.sqrt(fan);
}

/**
 * Kaiming/He uniform: U(−bound, bound) with bound = gain · √(3 / fan). PyTorch's default for Linear and
 * Conv weights is `kaimingUniform_(w, { a: Math.sqrt(5) })`, i.e. bound = 1/√fan_in.
 */
export function kaimingUniform_(tensor: tf.Tensor, options: KaimingOptions = {}): tf.Tensor {
  const bound = Math.sqrt(3) * kaimingStd(tensor, options, 'kaimingUniform_');
  return fill(tensor, 'kaimingUniform_', () => tf.randomUniform(tensor.shape, -bound, bound, 'float32', nextSeed()));
}

/** Kaiming/He normal: N(0, std²) with std = gain / √fan. */
export function kaimingNormal_(tensor: tf.Tensor, options: KaimingOptions = {}): tf.Tensor {
  const std = kaimingStd(tensor, options, 'kaimingNormal_');
  return fill(tensor, 'kaimingNormal_', () => tf.randomNormal(tensor.shape, 0, std, 'float32', nextSeed()));
}

/**
 * Fills with a (semi-)orthogonal matrix (Saxe et al., 2013): the tensor is viewed as (shape[0], rest),
 * filled with the Q of a QR decomposition of a Gaussian matrix (signs fixed by R's diagonal), times `gain`.
 */
export function orthogonal_(tensor: tf.Tensor, gain = 1.0): tf.Tensor {
  if (tensor.rank < 2) throw new Error(`nn.init.orthogonal_: only tensors with 2 or more dimensions are supported, got shape [${tensor.shape.join(',')}]`);
  const rows = tensor.shape[0];
  const cols = tensor.size / rows;
  return fill(tensor, 'orthogonal_', () => {
    let flat = tf.randomNormal([rows, cols], 0, 1, 'float32', nextSeed()) as tf.Tensor2D;
    if (rows < cols) flat = tf.transpose(flat);
    const [q, r] = tf.linalg.qr(flat);
    const d = tf.sign(tf.sum(tf.mul(r, tf.eye(r.shape[0], r.shape[1])), 1));
    let out: tf.Tensor = tf.mul(q, d);
    if (rows < cols) out = tf.transpose(out);
    return tf.reshape(tf.mul(out, gain), tensor.shape);
  });
}

/** Fills with N(mean, std²) redrawn until inside [a, b] (PyTorch's trunc_normal_), by rejection. */
export function truncNormal_(tensor: tf.Tensor, mean = 0.0, std = 1.0, a = -2.0, b = 2.0): tf.Tensor {
  if (!(a < b)) throw new Error(`nn.init.truncNormal_: a (${a}) must be less than b (${b})`);
  return fill(tensor, 'truncNormal_', () => {
    const out = new Float32Array(tensor.size);
    let filled = 0;
    while (filled < out.length) {
      const draw = tf.randomNormal([Math.max(16, 2 * (out.length - filled))], mean, std, 'float32', nextSeed());
      const vals = draw.dataSync();
      draw.dispose();
      for (let i = 0; i < vals.length && filled < out.length; i++) if (vals[i] >= a && vals[i] <= b) out[filled++] = vals[i];
    }
    return tf.tensor(out, tensor.shape);
  });
}
