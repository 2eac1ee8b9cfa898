/**
 * Pooling layers: `nn.MaxPool1d/2d`, `nn.AvgPool1d/2d`, `nn.AdaptiveAvgPool1d/2d`,
 * `nn.AdaptiveMaxPool2d`.
 */
import * as tf from '@tensorflow/tfjs';
import { Module } from '../module';
import * as F from '../functional/pooling';
import { Size2 } from '../functional/args';
import { asModule, pyBool, pyValue } from './repr';

export interface MaxPoolOptions {
  /** Default: kernelSize. */
  stride?: number | number[] | null;
  /** Default 0. */
  padding?: number | number[];
  /** Only 1. */
  dilation?: number | number[];
  /** Default false. */
  ceilMode?: boolean;
}

export interface AvgPoolOptions {
  stride?: number | number[] | null;
  padding?: number | number[];
  ceilMode?: boolean;
  /** Default true. */
  countIncludePad?: boolean;
  divisorOverride?: number | null;
}

/**
 * 2-d max pooling.
 *
 * Shapes: (N, C, H, W) or (C, H, W) → (N, C, H_out, W_out), H_out = ⌊(H + 2·padding − kernel) / stride⌋ + 1.
 *
 * ```ts
 * const pool = new nn.MaxPool2d(2);   // stride 2: halves H and W
 * ```
 */
export class MaxPool2d extends Module {
  readonly kernelSize: number | number[];
  readonly stride: number | number[];
  readonly padding: number | number[];
  readonly dilation: number | number[];
  readonly ceilMode: boolean;
  constructor(kernelSize: number | [number, number], options: MaxPoolOptions = {}) {
    super();
    this.kernelSize = kernelSize;
    this.stride = options.stride ?? kernelSize;
    this.padding = options.padding ?? 0;
    this.dilation = options.dilation ?? 1;
    this.ceilMode = options.ceilMode ?? false;
  }
  override forward(input: tf.Tensor): tf.Tensor {
    return asModule(this, () =>
      F.maxPool2d(input, this.kernelSize as Size2, {
        stride: this.stride as Size2,
        padding: this.padding as Size2,
        dilation: this.dilation as Size2,
        ceilMode: this.ceilMode,
      }),
    );
  }
  override extraRepr(): string {
    return `kernel_size=${pyValue(this.kernelSize)}, stride=${pyValue(this.stride)}, padding=${pyValue(this.padding)}, dilation=${pyValue(this.dilation)}, ceil_mode=${pyBool(this.ceilMode)}`;
  }
}

/** 1-d max pooling: (N, C, L) or (C, L) → (N, C, L_out). */
export class MaxPool1d extends Module {
  readonly kernelSize: number;
  readonly stride: number;
  readonly padding: number;
  readonly dilation: number;
  readonly ceilMode: boolean;
  constructor(kernelSize: number, options: MaxPoolOptions = {}) {
    super();
    this.kernelSize = kernelSize;
    this.stride = (options.stride as number | null | undefined) ?? kernelSize;
    this.padding = (options.padding as number | undefined) ?? 0;
    this.dilation = (options.dilation as number | undefined) ?? 1;
    this.ceilMode = options.ceilMode ?? false;
  }
  override forward(input: tf.Tensor): tf.Tensor {
    return asModule(this, () => F.maxPool1d(input, this.kernelSize, { stride: this.stride, padding: this.padding, dilation: this.dilation, ceilMode: this.ceilMode }));
  }
  override extraRepr(): string {
    return `kernel_size=${this.kernelSize}, stride=${this.stride}, padding=${this.padding}, dilation=${this.dilation}, ceil_mode=${pyBool(this.ceilMode)}`;
  }
}

/**
 * 2-d average pooling (zero padding counts in the average unless countIncludePad is false).
 *
 * Shapes: (N, C, H, W) or (C, H, W) → (N, C, H_out, W_out).
 */
export class AvgPool2d extends Module {
  readonly kernelSize: number | number[];
  readonly stride: number | number[];
  readonly padding: number | number[];
  readonly ceilMode: boolean;
  readonly countIncludePad: boolean;
  readonly divisorOverride: number | null;
  constructor(kernelSize: number | [number, number], options: AvgPoolOptions = {}) {
    super();
    this.kernelSize = kernelSize;
    this.stride = options.stride ?? kernelSize;
    this.padding = options.padding ?? 0;
    this.ceilMode = options.ceilMode ?? false;
    this.countIncludePad = options.countIncludePad ?? true;
    this.divisorOverride = options.divisorOverride ?? null;
  }
  override forward(input: tf.Tensor): tf.Tensor {
    return asModule(this, () =>
      F.avgPool2d(input, this.kernelSize as Size2, {
        stride: this.stride as Size2,
        padding: this.padding as Size2,
        ceilMode: this.ceilMode,
        countIncludePad: this.countIncludePad,
        divisorOverride: this.divisorOverride,
      }),
    );
  }
  override extraRepr(): string {
    return `kernel_size=${pyValue(this.kernelSize)}, stride=${pyValue(this.stride)}, padding=${pyValue(this.padding)}`;
  }
}

/** 1-d average pooling: (N, C, L) or (C, L) → (N, C, L_out). */
export class AvgPool1d extends Module {
  readonly kernelSize: number;
  readonly stride: number;
  readonly padding: number;
  readonly ceilMode: boolean;
  readonly countIncludePad: boolean;
  constructor(kernelSize: number, options: AvgPoolOptions = {}) {
    super();
    this.kernelSize = kernelSize;
    this.stride = (options.stride as number | null | undefined) ?? kernelSize;
    this.padding = (options.padding as number | undefined) ?? 0;
    this.ceilMode = options.ceilMode ?? false;
    this.countIncludePad = options.countIncludePad ?? true;
  }
  override forward(input: tf.Tensor): tf.Tensor {
    return asModule(this, () =>
      F.avgPool1d(input, this.kernelSize, { stride: this.stride, padding: this.padding, ceilMode: this.ceilMode, countIncludePad: this.countIncludePad }),
    );
  }
  override extraRepr(): string {
    return `kernel_size=(${this.kernelSize},), stride=(${this.stride},), padding=(${this.padding},)`;
  }
}

/**
 * Adaptive average pooling to a fixed size, whatever the input size (PyTorch's bins).
 *
 * Shapes: (N, C, H, W) or (C, H, W) → (N, C, outH, outW).
 *
 * ```ts
 * const gap = new nn.AdaptiveAvgPool2d(1);        // global average pooling → (N, C, 1, 1)
 * const p = new nn.AdaptiveAvgPool2d([5, 7]);
 * ```
 */
export class AdaptiveAvgPool2d extends Module {
  readonly outputSize: F.AdaptiveSize2;
  constructor(outputSize: F.AdaptiveSize2) {
    super();
    this.outputSize = outputSize;
  }
  override forward(input: tf.Tensor): tf.Tensor {
    return asModule(this, () => F.adaptiveAvgPool2d(input, this.outputSize));
  }
  override extraRepr(): string {
    const o = this.outputSize;
    return `output_size=${typeof o === 'number' ? o : `(${o.map((v) => v ?? 'None').join(', ')})`}`;
  }
}

/** Adaptive max pooling to a fixed size. Shapes as AdaptiveAvgPool2d. */
export class AdaptiveMaxPool2d extends Module {
  readonly outputSize: F.AdaptiveSize2;
  constructor(outputSize: F.AdaptiveSize2) {
    super();
    this.outputSize = outputSize;
  }
  override forward(input: tf.Tensor): tf.Tensor {
    return asModule(this, () => F.adaptiveMaxPool2d(input, this.outputSize));
  }
  override extraRepr(): string {
    const o = this.outputSize;
    return `output_size=${typeof o === 'number' ? o : `(${o.map((v) => v ?? 'None').join(', ')})`}`;
  }
}

/** Adaptive average pooling of (N, C, L) to (N, C, outputSize). */
export class AdaptiveAvgPool1d extends Module {
  readonly outputSize: number;
  constructor(outputSize: number) {
    super();
    this.outputSize = outputSize;
  }
  override forward(input: tf.Tensor): tf.Tensor {
    return asModule(this, () => F.adaptiveAvgPool1d(input, this.outputSize));
  }
  override extraRepr(): string {
    return `output_size=${this.outputSize}`;
  }
}
