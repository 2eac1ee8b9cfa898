/**
 * `nn.Upsample`: resizing by nearest-neighbour or (bi)linear interpolation, the module form of
 * `F.interpolate`.
 */
import * as tf from '@tensorflow/tfjs';
import { Module } from '../module';
import { interpolate, InterpolateMode } from '../functional/interpolate';
import { asModule, pyFloat } from './repr';

export interface UpsampleOptions {
  /** Output spatial size. */
  size?: number | number[] | null;
  /** Spatial multiplier. */
  scaleFactor?: number | number[] | null;
  /** 'nearest' (default), 'linear' (3-d input) or 'bilinear' (4-d input). */
  mode?: InterpolateMode;
  /** For linear modes. Default false. */
  alignCorners?: boolean | null;
}

/**
 * Upsamples (N, C, L) or (N, C, H, W) input.
 *
 * ```ts
 * const up = new nn.Upsample({ scaleFactor: 2, mode: 'bilinear', alignCorners: false });
 * ```
 */
export class Upsample extends Module {
  readonly size: number | number[] | null;
  readonly scaleFactor: number | number[] | null;
  readonly mode: InterpolateMode;
  readonly alignCorners: boolean | null;
  constructor(options: UpsampleOptions = {}) {
    super();
    this.size = options.size ?? null;
    this.scaleFactor = options.scaleFactor ?? null;
    this.mode = options.mode ?? 'nearest';
    this.alignCorners = options.alignCorners ?? null;
    if ((this.size === null) === (this.scaleFactor === null)) throw new Error('Upsample: give exactly one of size and scaleFactor');
  }
  override forward(input: tf.Tensor): tf.Tensor {
    return asModule(this, () =>
      interpolate(input, { size: this.size, scaleFactor: this.scaleFactor, mode: this.mode, alignCorners: this.alignCorners }),
    );
  }
  override extraRepr(): string {
    const fmt = (v: number | number[], float: boolean) =>
      typeof v === 'number' ? (float ? pyFloat(v) : String(v)) : `(${v.map((x) => (float ? pyFloat(x) : String(x))).join(', ')})`;
    let s = this.scaleFactor !== null ? `scale_factor=${fmt(this.scaleFactor, true)}` : `size=${fmt(this.size as number | number[], false)}`;
    // PyTorch 1.13 prints the mode without quotes and leaves alignCorners out.
    return `${s}, mode=${this.mode}`;
  }
}
