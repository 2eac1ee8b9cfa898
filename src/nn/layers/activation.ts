/**
 * Activation layers: module forms of the element-wise functions in `F` (ReLU, GELU, Softmax, ...).
 * Arguments that PyTorch users usually pass positionally (a slope, a dim) may be given as a number or
 * in an options object: `new nn.LeakyReLU(0.2)` or `new nn.LeakyReLU({ negativeSlope: 0.2 })`.
 *
 * ```ts
 * const act = new nn.GELU({ approximate: 'tanh' });
 * act.forward(x);
 * ```
 */
import * as tf from '@tensorflow/tfjs';
import { Module } from '../module';
import { Parameter } from '../parameter';
import * as F from '../functional/activation';
import * as init from '../init';
import { emptyParameter } from './parameters';
import { asModule, pyFloat } from './repr';

/** Reads a single argument given either directly or as `{ [key]: value }`. */
function arg<T>(given: T | Record<string, unknown> | undefined, key: string): T | undefined {
  if (given !== null && typeof given === 'object' && !Array.isArray(given)) return (given as Record<string, unknown>)[key] as T | undefined;
  return given as T | undefined;
}

/** max(0, x). */
export class ReLU extends Module {
  override forward(input: tf.Tensor): tf.Tensor {
    return asModule(this, () => F.relu(input));
  }
}

/** min(max(0, x), 6). */
export class ReLU6 extends Module {
  override forward(input: tf.Tensor): tf.Tensor {
    return asModule(this, () => F.relu6(input));
  }
}

/** x if x ≥ 0 else negativeSlope · x (default slope 0.01). */
export class LeakyReLU extends Module {
  readonly negativeSlope: number;
  constructor(negativeSlope: number | { negativeSlope?: number } = {}) {
    super();
    this.negativeSlope = arg<number>(negativeSlope, 'negativeSlope') ?? 0.01;
  }
  override forward(input: tf.Tensor): tf.Tensor {
    return asModule(this, () => F.leakyRelu(input, this.negativeSlope));
  }
  override extraRepr(): string {
    return `negative_slope=${pyFloat(this.negativeSlope)}`;
  }
}

/** x if x > 0 else alpha · (exp(x) − 1) (default alpha 1). */
export class ELU extends Module {
  readonly alpha: number;
  constructor(alpha: number | { alpha?: number } = {}) {
    super();
    this.alpha = arg<number>(alpha, 'alpha') ?? 1.0;
  }
  override forward(input: tf.Tensor): tf.Tensor {
    return asModule(this, () => F.elu(input, this.alpha));
  }
  override extraRepr(): string {
    return `alpha=${pyFloat(this.alpha)}`;
  }
}

/** max(0, x) + min(0, alpha · (exp(x / alpha) − 1)). */
export class CELU extends Module {
  readonly alpha: number;
  constructor(alpha: number | { alpha?: number } = {}) {
    super();
    this.alpha = arg<number>(alpha, 'alpha') ?? 1.0;
  }
  override forward(input: tf.Tensor): tf.Tensor {
    return asModule(this, () => F.celu(input, this.alpha));
  }
  override extraRepr(): string {
    return `alpha=${pyFloat(this.alpha)}`;
  }
}

/** Scaled ELU with the self-normalising constants. */
export class SELU extends Module {
  override forward(input: tf.Tensor): tf.Tensor {
    return asModule(this, () => F.selu(input));
  }
}

/** GELU, exact (`approximate: 'none'`, default) or the tanh approximation. */
export class GELU extends Module {
  readonly approximate: 'none' | 'tanh';
  constructor(approximate: 'none' | 'tanh' | { approximate?: 'none' | 'tanh' } = {}) {
    super();
    this.approximate = arg<'none' | 'tanh'>(approximate, 'approximate') ?? 'none';
    if (this.approximate !== 'none' && this.approximate !== 'tanh') {
      throw new Error(`GELU: approximate must be 'none' or 'tanh', got '${String(this.approximate)}'`);
    }
  }
  override forward(input: tf.Tensor): tf.Tensor {
    return asModule(this, () => F.gelu(input, this.approximate));
  }
  override extraRepr(): string {
    return `approximate='${this.approximate}'`;
  }
}

/** x · sigmoid(x). */
export class SiLU extends Module {
  override forward(input: tf.Tensor): tf.Tensor {
    return asModule(this, () => F.silu(input));
  }
}

/** x · tanh(softplus(x)). */
export class Mish extends Module {
  override forward(input: tf.Tensor): tf.Tensor {
    return asModule(this, () => F.mish(input));
  }
}

/** 1 / (1 + exp(−x)). */
export class Sigmoid extends Module {
  override forward(input: tf.Tensor): tf.Tensor {
    return asModule(this, () => F.sigmoid(input));
  }
}

/** tanh(x). */
export class Tanh extends Module {
  override forward(input: tf.Tensor): tf.Tensor {
    return asModule(this, () => F.tanh(input));
  }
}

/** log(sigmoid(x)). */
export class LogSigmoid extends Module {
  override forward(input: tf.Tensor): tf.Tensor {
    return asModule(this, () => F.logSigmoid(input));
  }
}

/** relu6(x + 3) / 6. */
export class Hardsigmoid extends Module {
  override forward(input: tf.Tensor): tf.Tensor {
    return asModule(this, () => F.hardsigmoid(input));
  }
}

/** x · relu6(x + 3) / 6. */
export class Hardswish extends Module {
  override forward(input: tf.Tensor): tf.Tensor {
    return asModule(this, () => F.hardswish(input));
  }
}

/** x / (1 + |x|). */
export class Softsign extends Module {
  override forward(input: tf.Tensor): tf.Tensor {
    return asModule(this, () => F.softsign(input));
  }
}

/** Clamps to [minVal, maxVal] (default [−1, 1]). */
export class Hardtanh extends Module {
  readonly minVal: number;
  readonly maxVal: number;
  constructor(minVal: number | { minVal?: number; maxVal?: number } = {}, maxVal?: number) {
    super();
    if (typeof minVal === 'number') {
      this.minVal = minVal;
      this.maxVal = maxVal ?? 1.0;
    } else {
      this.minVal = minVal.minVal ?? -1.0;
      this.maxVal = minVal.maxVal ?? 1.0;
    }
    if (!(this.minVal < this.maxVal)) throw new Error(`Hardtanh: minVal (${this.minVal}) must be less than maxVal (${this.maxVal})`);
  }
  override forward(input: tf.Tensor): tf.Tensor {
    return asModule(this, () => F.hardtanh(input, this.minVal, this.maxVal));
  }
  override extraRepr(): string {
    return `min_val=${pyFloat(this.minVal)}, max_val=${pyFloat(this.maxVal)}`;
  }
}

export interface SoftplusOptions {
  /** Default 1. */
  beta?: number;
  /** Above beta·x > threshold the output is x. Default 20. */
  threshold?: number;
}

/** log(1 + exp(beta · x)) / beta. */
export class Softplus extends Module {
  readonly beta: number;
  readonly threshold: number;
  constructor(beta: number | SoftplusOptions = {}, threshold?: number) {
    super();
    const o: SoftplusOptions = typeof beta === 'number' ? { beta, threshold } : beta;
    this.beta = o.beta ?? 1;
    this.threshold = o.threshold ?? 20;
  }
  override forward(input: tf.Tensor): tf.Tensor {
    return asModule(this, () => F.softplus(input, this.beta, this.threshold));
  }
  override extraRepr(): string {
    return `beta=${this.beta}, threshold=${this.threshold}`;
  }
}

/** PyTorch's implicit softmax dim (deprecated there): 0 for 0-, 1- and 3-d input, else 1. */
function implicitDim(rank: number): number {
  return rank === 0 || rank === 1 || rank === 3 ? 0 : 1;
}

/** Softmax along `dim` (give it: `new nn.Softmax(1)` or `new nn.Softmax({ dim: 1 })`). */
export class Softmax extends Module {
  readonly dim: number | null;
  constructor(dim: number | { dim?: number | null } | null = null) {
    super();
    this.dim = arg<number | null>(dim ?? undefined, 'dim') ?? null;
  }
  override forward(input: tf.Tensor): tf.Tensor {
    return asModule(this, () => F.softmax(input, this.dim ?? implicitDim(input.rank)));
  }
  override extraRepr(): string {
    return `dim=${this.dim ?? 'None'}`;
  }
}

/** log(softmax(x)) along `dim`. */
export class LogSoftmax extends Module {
  readonly dim: number | null;
  constructor(dim: number | { dim?: number | null } | null = null) {
    super();
    this.dim = arg<number | null>(dim ?? undefined, 'dim') ?? null;
  }
  override forward(input: tf.Tensor): tf.Tensor {
    return asModule(this, () => F.logSoftmax(input, this.dim ?? implicitDim(input.rank)));
  }
  override extraRepr(): string {
    return `dim=${this.dim ?? 'None'}`;
  }
}

/** softmax(−x) along `dim`. */
export class Softmin extends Module {
  readonly dim: number | null;
  constructor(dim: number | { dim?: number | null } | null = null) {
    super();
    this.dim = arg<number | null>(dim ?? undefined, 'dim') ?? null;
  }
  override forward(input: tf.Tensor): tf.Tensor {
    return asModule(this, () => F.softmin(input, this.dim ?? implicitDim(input.rank)));
  }
  override extraRepr(): string {
    return `dim=${this.dim ?? 'None'}`;
  }
}

export interface PReLUOptions {
  /** 1 (one shared slope) or the number of channels. Default 1. */
  numParameters?: number;
  /** Initial slope. Default 0.25. */
  init?: number;
}

/** x if x ≥ 0 else a · x with a learnable slope `weight` (numParameters). */
export class PReLU extends Module {
  readonly numParameters: number;
  weight: Parameter;
  private readonly initValue: number;
  constructor(options: PReLUOptions = {}) {
    super();
    this.numParameters = options.numParameters ?? 1;
    this.initValue = options.init ?? 0.25;
    this.weight = emptyParameter([this.numParameters]);
    this.resetParameters();
  }
  resetParameters(): void {
    init.constant_(this.weight, this.initValue);
  }
  override forward(input: tf.Tensor): tf.Tensor {
    return asModule(this, () => F.prelu(input, this.weight));
  }
  override extraRepr(): string {
    return `num_parameters=${this.numParameters}`;
  }
}
