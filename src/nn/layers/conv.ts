/**
 * Convolution layers: `nn.Conv1d`, `nn.Conv2d`, `nn.ConvTranspose2d`, NCHW / NCL like PyTorch.
 */
import * as tf from '@tensorflow/tfjs';
import { Module } from '../module';
import { Parameter } from '../parameter';
import * as init from '../init';
import { conv1d, conv2d, convTranspose2d } from '../functional/conv';
import { pad } from '../functional/padding';
import { shapeText } from '../functional/args';
import { emptyParameter, positiveInt } from './parameters';
import { asModule, moduleLabel, pyTuple } from './repr';

export interface ConvOptions {
  /** Default 1. */
  stride?: number | number[];
  /** Zero padding on both sides, or 'same' / 'valid'. Default 0. */
  padding?: number | number[] | 'same' | 'valid';
  /** Default 1. */
  dilation?: number | number[];
  /** Default 1. */
  groups?: number;
  /** Default true. */
  bias?: boolean;
  /** How the border is padded: 'zeros' (default), 'reflect', 'replicate' or 'circular'. */
  paddingMode?: ConvPaddingMode;
}

/** Border handling of a convolution's padding. */
export type ConvPaddingMode = 'zeros' | 'reflect' | 'replicate' | 'circular';

export interface ConvTransposeOptions {
  stride?: number | number[];
  padding?: number | number[];
  outputPadding?: number | number[];
  groups?: number;
  bias?: boolean;
  dilation?: number | number[];
  paddingMode?: 'zeros';
}

function tuple(v: number | number[], n: number, name: string, where: string, allowZero = false): number[] {
  const t = typeof v === 'number' ? new Array<number>(n).fill(v) : v;
  if (!Array.isArray(t) || t.length !== n || !t.every((x) => Number.isInteger(x) && x >= (allowZero ? 0 : 1))) {
    throw new Error(`${where}: ${name} must be ${allowZero ? 'a non-negative' : 'a positive'} integer or ${n} of them, got ${JSON.stringify(v)}`);
  }
  return t;
}

/** Shared configuration and initialisation of the convolutions (PyTorch's _ConvNd). */
abstract class ConvNd extends Module {
  readonly inChannels: number;
  readonly outChannels: number;
  readonly kernelSize: number[];
  readonly stride: number[];
  readonly padding: number[] | 'same' | 'valid';
  readonly dilation: number[];
  readonly outputPadding: number[];
  readonly groups: number;
  readonly transposed: boolean;
  readonly paddingMode: ConvPaddingMode;
  weight: Parameter;
  bias: Parameter | null;

  protected constructor(
    nd: number,
    transposed: boolean,
    inChannels: number,
    outChannels: number,
    kernelSize: number | number[],
    givenOptions: ConvOptions | ConvTransposeOptions,
  ) {
    super();
    const options = givenOptions as ConvOptions & ConvTransposeOptions;
    const where = this.constructor.name;
    this.inChannels = positiveInt(inChannels, 'inChannels', where);
    this.outChannels = positiveInt(outChannels, 'outChannels', where);
    this.kernelSize = tuple(kernelSize, nd, 'kernelSize', where);
    this.stride = tuple(options.stride ?? 1, nd, 'stride', where);
    const padding = options.padding ?? 0;
    if (padding === 'same' || padding === 'valid') {
      if (transposed) throw new Error(`${where}: padding must be a number or a tuple, got '${padding}'`);
      if (padding === 'same' && this.stride.some((s) => s !== 1)) throw new Error(`${where}: padding='same' is not supported for strided convolutions`);
      this.padding = padding;
    } else {
      this.padding = tuple(padding, nd, 'padding', where, true);
    }
    this.dilation = tuple(options.dilation ?? 1, nd, 'dilation', where);
    this.outputPadding = tuple(options.outputPadding ?? 0, nd, 'outputPadding', where, true);
    this.groups = positiveInt(options.groups ?? 1, 'groups', where);
    this.transposed = transposed;
    const mode = options.paddingMode ?? 'zeros';
    if (!['zeros', 'reflect', 'replicate', 'circular'].includes(mode)) {
      throw new Error(`${where}: paddingMode must be 'zeros', 'reflect', 'replicate' or 'circular', got '${String(mode)}'`);
    }
    if (mode !== 'zeros' && transposed) throw new Error(`${where}: only 'zeros' paddingMode is supported for transposed convolutions`);
    if (mode !== 'zeros' && typeof this.padding === 'string') {
      throw new Error(`${where}: paddingMode '${mode}' needs numeric padding, got '${this.padding}'`);
    }
    this.paddingMode = mode;
    if (inChannels % this.groups !== 0) throw new Error(`${where}: inChannels (${inChannels}) must be divisible by groups (${this.groups})`);
    if (outChannels % this.groups !== 0) throw new Error(`${where}: outChannels (${outChannels}) must be divisible by groups (${this.groups})`);
    const wShape = transposed
      ? [inChannels, outChannels / this.groups, ...this.kernelSize]
      : [outChannels, inChannels / this.groups, ...this.kernelSize];
    this.weight = emptyParameter(wShape);
    this.bias = options.bias ?? true ? emptyParameter([outChannels]) : null;
    this.resetParameters();
  }

  /** PyTorch's default: kaiming_uniform(a = √5) weights, bias from U(−1/√fanIn, 1/√fanIn). */
  resetParameters(): void {
    init.kaimingUniform_(this.weight, { a: Math.sqrt(5) });
    if (this.bias) {
      const [fanIn] = init.calculateFanInAndFanOut(this.weight);
      if (fanIn !== 0) {
        const bound = 1 / Math.sqrt(fanIn);
        init.uniform_(this.bias, -bound, bound);
      }
    }
  }

  /**
   * For a non-'zeros' paddingMode, pads the input with F.pad (PyTorch's order: last dimension first) and
   * returns it with the padding the convolution itself should then use (0). Otherwise returns both as given.
   */
  protected applyPaddingMode<P>(input: tf.Tensor, convPadding: P, zero: P): [tf.Tensor, P] {
    if (this.paddingMode === 'zeros' || typeof this.padding === 'string' || this.padding.every((p) => p === 0)) return [input, convPadding];
    const spec = this.padding.slice().reverse().flatMap((p) => [p, p]);
    return [pad(input, spec, this.paddingMode), zero];
  }

  protected checkInput(input: tf.Tensor, nd: number): void {
    const batched = nd + 2;
    if (input.rank !== batched && input.rank !== batched - 1) {
      const names = nd === 2 ? '(N, C, H, W) or (C, H, W)' : '(N, C, L) or (C, L)';
      throw new Error(`${moduleLabel(this)}: expected ${batched - 1}-d or ${batched}-d input ${names}, got shape ${shapeText(input.shape)}`);
    }
    const c = input.shape[input.rank - nd - 1];
    if (c !== this.inChannels) {
      throw new Error(`${moduleLabel(this)}: expected input with ${this.inChannels} channels, got shape ${shapeText(input.shape)} (${c} channels)`);
    }
  }

  override extraRepr(): string {
    let s = `${this.inChannels}, ${this.outChannels}, kernel_size=${pyTuple(this.kernelSize)}, stride=${pyTuple(this.stride)}`;
    if (typeof this.padding === 'string') s += `, padding=${this.padding}`;
    else if (this.padding.some((p) => p !== 0)) s += `, padding=${pyTuple(this.padding)}`;
    if (this.dilation.some((d) => d !== 1)) s += `, dilation=${pyTuple(this.dilation)}`;
    if (this.outputPadding.some((p) => p !== 0)) s += `, output_padding=${pyTuple(this.outputPadding)}`;
    if (this.groups !== 1) s += `, groups=${this.groups}`;
    if (this.bias === null) s += ', bias=False';
    if (this.paddingMode !== 'zeros') s += `, padding_mode=${this.paddingMode}`;
    return s;
  }
}

/**
 * 2-d convolution over (N, C_in, H, W) images.
 *
 * Shapes: input (N, C_in, H, W) or (C_in, H, W) → output (N, C_out, H_out, W_out),
 * H_out = ⌊(H + 2·padding − dilation·(kernel − 1) − 1) / stride⌋ + 1.
 * Attributes: `weight` (C_out, C_in / groups, kH, kW), `bias` (C_out).
 *
 * ```ts
 * const conv = new nn.Conv2d(1, 8, 3, { padding: 1 });
 * conv.forward(tf.zeros([4, 1, 28, 28])).shape;  // [4, 8, 28, 28]
 * ```
 */
export class Conv2d extends ConvNd {
  constructor(inChannels: number, outChannels: number, kernelSize: number | [number, number], options: ConvOptions = {}) {
    super(2, false, inChannels, outChannels, kernelSize, options);
  }

  override forward(input: tf.Tensor): tf.Tensor {
    this.checkInput(input, 2);
    const given = typeof this.padding === 'string' ? this.padding : (this.padding as [number, number]);
    return asModule(this, () =>
      tf.tidy(() => {
        const [x, padding] = this.applyPaddingMode<typeof given>(input, given, [0, 0]);
        return conv2d(x, this.weight, this.bias, { stride: this.stride as [number, number], padding, dilation: this.dilation as [number, number], groups: this.groups });
      }),
    );
  }
}

/**
 * 1-d convolution over (N, C_in, L) sequences.
 *
 * Shapes: input (N, C_in, L) or (C_in, L) → output (N, C_out, L_out).
 * Attributes: `weight` (C_out, C_in / groups, k), `bias` (C_out).
 *
 * ```ts
 * const conv = new nn.Conv1d(16, 33, 3, { stride: 2 });
 * ```
 */
export class Conv1d extends ConvNd {
  constructor(inChannels: number, outChannels: number, kernelSize: number | [number], options: ConvOptions = {}) {
    super(1, false, inChannels, outChannels, kernelSize, options);
  }

  override forward(input: tf.Tensor): tf.Tensor {
    this.checkInput(input, 1);
    const given = typeof this.padding === 'string' ? this.padding : this.padding[0];
    return asModule(this, () =>
      tf.tidy(() => {
        const [x, padding] = this.applyPaddingMode<typeof given>(input, given, 0);
        return conv1d(x, this.weight, this.bias, { stride: this.stride[0], padding, dilation: this.dilation[0], groups: this.groups });
      }),
    );
  }
}

/**
 * 2-d transposed convolution (learnable upsampling).
 *
 * Shapes: input (N, C_in, H, W) → output (N, C_out, H_out, W_out),
 * H_out = (H − 1)·stride − 2·padding + dilation·(kernel − 1) + outputPadding + 1.
 * Attributes: `weight` (C_in, C_out / groups, kH, kW), `bias` (C_out).
 *
 * ```ts
 * const up = new nn.ConvTranspose2d(16, 8, 3, { stride: 2, padding: 1, outputPadding: 1 });  // doubles H, W
 * ```
 */
export class ConvTranspose2d extends ConvNd {
  constructor(inChannels: number, outChannels: number, kernelSize: number | [number, number], options: ConvTransposeOptions = {}) {
    super(2, true, inChannels, outChannels, kernelSize, options);
    for (let i = 0; i < 2; i++) {
      if (this.outputPadding[i] >= this.stride[i] && this.outputPadding[i] >= this.dilation[i]) {
        throw new Error(`ConvTranspose2d: outputPadding must be smaller than either stride or dilation, got outputPadding=${pyTuple(this.outputPadding)}, stride=${pyTuple(this.stride)}`);
      }
    }
  }

  override forward(input: tf.Tensor): tf.Tensor {
    this.checkInput(input, 2);
    return asModule(this, () =>
      convTranspose2d(input, this.weight, this.bias, {
        stride: this.stride as [number, number],
        padding: this.padding as [number, number],
        outputPadding: this.outputPadding as [number, number],
        groups: this.groups,
        dilation: this.dilation as [number, number],
      }),
    );
  }
}
