/**
 * Layer, group and instance normalisation modules.
 */
import * as tf from '@tensorflow/tfjs';
import { Module } from '../module';
import { Parameter } from '../parameter';
import * as init from '../init';
import { groupNorm, instanceNorm, layerNorm } from '../functional/normalization';
import { shapeText } from '../functional/args';
import { emptyParameter, positiveInt } from './parameters';
import { asModule, moduleLabel, pyBool, pyFloat, pyTuple } from './repr';

export interface LayerNormOptions {
  /** Default 1e-5. */
  eps?: number;
  /** Learn a per-element scale and shift. Default true. */
  elementwiseAffine?: boolean;
}

/**
 * Layer normalisation over the trailing `normalizedShape` dimensions.
 *
 * Shapes: (*, ...normalizedShape) → same. Attributes: `weight` (ones) and `bias` (zeros) of normalizedShape.
 *
 * ```ts
 * const ln = new nn.LayerNorm(64);
 * ```
 */
export class LayerNorm extends Module {
  readonly normalizedShape: number[];
  readonly eps: number;
  readonly elementwiseAffine: boolean;
  weight: Parameter | null;
  bias: Parameter | null;
  constructor(normalizedShape: number | number[], options: LayerNormOptions = {}) {
    super();
    this.normalizedShape = typeof normalizedShape === 'number' ? [normalizedShape] : normalizedShape.slice();
    this.normalizedShape.forEach((d) => positiveInt(d, 'normalizedShape', 'LayerNorm'));
    this.eps = options.eps ?? 1e-5;
    this.elementwiseAffine = options.elementwiseAffine ?? true;
    this.weight = this.elementwiseAffine ? emptyParameter(this.normalizedShape) : null;
    this.bias = this.elementwiseAffine ? emptyParameter(this.normalizedShape) : null;
    this.resetParameters();
  }
  resetParameters(): void {
    if (this.weight) init.ones_(this.weight);
    if (this.bias) init.zeros_(this.bias);
  }
  override forward(input: tf.Tensor): tf.Tensor {
    const ns = this.normalizedShape;
    const tail = input.shape.slice(input.rank - ns.length);
    if (input.rank < ns.length || tail.some((d, i) => d !== ns[i])) {
      throw new Error(`${moduleLabel(this)}: expected input with trailing dimensions ${shapeText(ns)}, got shape ${shapeText(input.shape)}`);
    }
    return asModule(this, () => layerNorm(input, ns, { weight: this.weight, bias: this.bias, eps: this.eps }));
  }
  override extraRepr(): string {
    return `${pyTuple(this.normalizedShape)}, eps=${pyFloat(this.eps)}, elementwise_affine=${pyBool(this.elementwiseAffine)}`;
  }
}

export interface GroupNormOptions {
  eps?: number;
  /** Learn a per-channel scale and shift. Default true. */
  affine?: boolean;
}

/**
 * Group normalisation: channels split into numGroups groups, each normalised over its channels and
 * positions.
 *
 * Shapes: (N, C, *) → same. Attributes: `weight`, `bias` (C).
 *
 * ```ts
 * const gn = new nn.GroupNorm(3, 6);   // 6 channels in 3 groups
 * ```
 */
export class GroupNorm extends Module {
  readonly numGroups: number;
  readonly numChannels: number;
  readonly eps: number;
  readonly affine: boolean;
  weight: Parameter | null;
  bias: Parameter | null;
  constructor(numGroups: number, numChannels: number, options: GroupNormOptions = {}) {
    super();
    this.numGroups = positiveInt(numGroups, 'numGroups', 'GroupNorm');
    this.numChannels = positiveInt(numChannels, 'numChannels', 'GroupNorm');
    if (numChannels % numGroups !== 0) throw new Error(`GroupNorm: numChannels (${numChannels}) must be divisible by numGroups (${numGroups})`);
    this.eps = options.eps ?? 1e-5;
    this.affine = options.affine ?? true;
    this.weight = this.affine ? emptyParameter([numChannels]) : null;
    this.bias = this.affine ? emptyParameter([numChannels]) : null;
    this.resetParameters();
  }
  resetParameters(): void {
    if (this.weight) init.ones_(this.weight);
    if (this.bias) init.zeros_(this.bias);
  }
  override forward(input: tf.Tensor): tf.Tensor {
    if (input.rank < 2 || input.shape[1] !== this.numChannels) {
      throw new Error(`${moduleLabel(this)}: expected input of shape (N, ${this.numChannels}, *), got shape ${shapeText(input.shape)}`);
    }
    return asModule(this, () => groupNorm(input, this.numGroups, { weight: this.weight, bias: this.bias, eps: this.eps }));
  }
  override extraRepr(): string {
    return `${this.numGroups}, ${this.numChannels}, eps=${pyFloat(this.eps)}, affine=${pyBool(this.affine)}`;
  }
}

/**
 * Instance normalisation of (N, C, H, W) images: each sample's channel normalised over H·W (always with
 * the instance's own statistics; running statistics are not supported).
 */
export class InstanceNorm2d extends Module {
  readonly numFeatures: number;
  readonly eps: number;
  readonly affine: boolean;
  weight: Parameter | null;
  bias: Parameter | null;
  constructor(numFeatures: number, options: GroupNormOptions = {}) {
    super();
    this.numFeatures = positiveInt(numFeatures, 'numFeatures', 'InstanceNorm2d');
    this.eps = options.eps ?? 1e-5;
    this.affine = options.affine ?? false;
    this.weight = this.affine ? emptyParameter([numFeatures]) : null;
    this.bias = this.affine ? emptyParameter([numFeatures]) : null;
    if (this.weight) init.ones_(this.weight);
    if (this.bias) init.zeros_(this.bias);
  }
  override forward(input: tf.Tensor): tf.Tensor {
    if (input.rank !== 4 || input.shape[1] !== this.numFeatures) {
      throw new Error(`${moduleLabel(this)}: expected input of shape (N, ${this.numFeatures}, H, W), got shape ${shapeText(input.shape)}`);
    }
    return asModule(this, () => instanceNorm(input, { weight: this.weight, bias: this.bias, eps: this.eps }));
  }
  override extraRepr(): string {
    return `${this.numFeatures}, eps=${pyFloat(this.eps)}, momentum=0.1, affine=${pyBool(this.affine)}, track_running_stats=False`;
  }
}
