/**
 * Affine layers: `nn.Identity`, `nn.Linear`, `nn.Bilinear`.
 */
import * as tf from '@tensorflow/tfjs';
import { Module } from '../module';
import { Parameter } from '../parameter';
import * as init from '../init';
import { bilinear, linearThen } from '../functional/linear';
import type { LinearActivation } from '../functional/linear_kernel';
import { shapeText } from '../functional/args';
import { emptyParameter, positiveInt } from './parameters';
import { moduleLabel, pyBool } from './repr';

/**
 * Returns its input unchanged (a placeholder, e.g. to remove a layer from a model).
 *
 * ```ts
 * model.fc = new nn.Identity();
 * ```
 */
export class Identity extends Module {
  override forward(input: tf.Tensor): tf.Tensor {
    return input;
  }
}

const FUSED_ACTIVATION = Symbol('tsdl.fusedActivation');

/**
 * What `nn.Sequential` passes as a Linear's second forward argument to have the activation module after it
 * applied in the same kernel (see `fusedActivation`).
 */
export interface FusedActivation {
  readonly [FUSED_ACTIVATION]: LinearActivation;
}

/** The second forward argument that makes a Linear apply `activation` too. */
export function fusedActivation(activation: LinearActivation): FusedActivation {
  return { [FUSED_ACTIVATION]: activation };
}

export interface LinearOptions {
  /** Learn an additive bias. Default true. */
  bias?: boolean;
}

/**
 * y = x Wᵀ + b.
 *
 * Shapes: input (*, inFeatures) → output (*, outFeatures).
 * Attributes: `weight` (outFeatures, inFeatures) and `bias` (outFeatures), initialised from
 * U(−1/√inFeatures, 1/√inFeatures) (PyTorch's kaiming_uniform with a = √5).
 *
 * ```ts
 * const fc = new nn.Linear(20, 30);
 * fc.forward(tf.randn([128, 20])).shape;  // [128, 30]
 * ```
 */
export class Linear extends Module {
  readonly inFeatures: number;
  readonly outFeatures: number;
  weight: Parameter;
  bias: Parameter | null;

  constructor(inFeatures: number, outFeatures: number, options: LinearOptions = {}) {
    super();
    const where = this.constructor.name;
    this.inFeatures = positiveInt(inFeatures, 'inFeatures', where);
    this.outFeatures = positiveInt(outFeatures, 'outFeatures', where);
    this.weight = emptyParameter([outFeatures, inFeatures]);
    this.bias = options.bias ?? true ? emptyParameter([outFeatures]) : null;
    this.resetParameters();
  }

  /** PyTorch's default initialisation. */
  resetParameters(): void {
    init.kaimingUniform_(this.weight, { a: Math.sqrt(5) });
    if (this.bias) {
      const bound = 1 / Math.sqrt(this.inFeatures);
      init.uniform_(this.bias, -bound, bound);
    }
  }

  override forward(input: tf.Tensor, then?: FusedActivation): tf.Tensor {
    if (input.rank === 0 || input.shape[input.rank - 1] !== this.inFeatures) {
      throw new Error(`${moduleLabel(this)}: expected input with last dimension ${this.inFeatures}, got shape ${shapeText(input.shape)}`);
    }
    return linearThen(input, this.weight, this.bias, then?.[FUSED_ACTIVATION] ?? null);
  }

  override extraRepr(): string {
    return `in_features=${this.inFeatures}, out_features=${this.outFeatures}, bias=${pyBool(this.bias !== null)}`;
  }
}

/**
 * y = x₁ᵀ A x₂ + b.
 *
 * Shapes: input1 (*, in1Features), input2 (*, in2Features) → output (*, outFeatures).
 * Attributes: `weight` (outFeatures, in1Features, in2Features), `bias` (outFeatures), both from
 * U(−1/√in1Features, 1/√in1Features).
 */
export class Bilinear extends Module {
  readonly in1Features: number;
  readonly in2Features: number;
  readonly outFeatures: number;
  weight: Parameter;
  bias: Parameter | null;

  constructor(in1Features: number, in2Features: number, outFeatures: number, options: LinearOptions = {}) {
    super();
    this.in1Features = positiveInt(in1Features, 'in1Features', 'Bilinear');
    this.in2Features = positiveInt(in2Features, 'in2Features', 'Bilinear');
    this.outFeatures = positiveInt(outFeatures, 'outFeatures', 'Bilinear');
    this.weight = emptyParameter([outFeatures, in1Features, in2Features]);
    this.bias = options.bias ?? true ? emptyParameter([outFeatures]) : null;
    this.resetParameters();
  }

  resetParameters(): void {
    const bound = 1 / Math.sqrt(this.in1Features);
    init.uniform_(this.weight, -bound, bound);
    if (this.bias) init.uniform_(this.bias, -bound, bound);
  }

  override forward(input1: tf.Tensor, input2: tf.Tensor): tf.Tensor {
    if (input1.shape[input1.rank - 1] !== this.in1Features || input2.shape[input2.rank - 1] !== this.in2Features) {
      throw new Error(
        `${moduleLabel(this)}: expected inputs with last dimensions ${this.in1Features} and ${this.in2Features}, got shapes ${shapeText(input1.shape)} and ${shapeText(input2.shape)}`,
      );
    }
    return bilinear(input1, input2, this.weight, this.bias);
  }

  override extraRepr(): string {
    return `in1_features=${this.in1Features}, in2_features=${this.in2Features}, out_features=${this.outFeatures}, bias=${pyBool(this.bias !== null)}`;
  }
}
