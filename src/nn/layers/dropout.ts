/**
 * Dropout layers: active in training mode (`model.train()`), the identity in eval mode.
 */
import * as tf from '@tensorflow/tfjs';
import { Module } from '../module';
import { dropout, dropout1d, dropout2d } from '../functional/dropout';
import { asModule, pyBool, pyFloat } from './repr';

function readP(p: number | { p?: number } | undefined, where: string): number {
  const v = typeof p === 'object' && p !== null ? p.p : p;
  const out = v ?? 0.5;
  if (typeof out !== 'number' || !(out >= 0 && out <= 1)) throw new Error(`${where}: dropout probability has to be between 0 and 1, but got ${String(out)}`);
  return out;
}

/**
 * Zeroes each element with probability p in training and scales the rest by 1/(1 − p).
 *
 * ```ts
 * const drop = new nn.Dropout(0.2);     // or new nn.Dropout({ p: 0.2 })
 * ```
 */
export class Dropout extends Module {
  readonly p: number;
  constructor(p: number | { p?: number } = 0.5) {
    super();
    this.p = readP(p, 'Dropout');
  }
  override forward(input: tf.Tensor): tf.Tensor {
    return asModule(this, () => dropout(input, this.p, this.training));
  }
  override extraRepr(): string {
    return `p=${pyFloat(this.p)}, inplace=${pyBool(false)}`;
  }
}

/** Zeroes whole channels of (N, C, H, W) input with probability p in training. */
export class Dropout2d extends Module {
  readonly p: number;
  constructor(p: number | { p?: number } = 0.5) {
    super();
    this.p = readP(p, 'Dropout2d');
  }
  override forward(input: tf.Tensor): tf.Tensor {
    return asModule(this, () => dropout2d(input, this.p, this.training));
  }
  override extraRepr(): string {
    return `p=${pyFloat(this.p)}, inplace=${pyBool(false)}`;
  }
}

/** Zeroes whole channels of (N, C, L) input with probability p in training. */
export class Dropout1d extends Module {
  readonly p: number;
  constructor(p: number | { p?: number } = 0.5) {
    super();
    this.p = readP(p, 'Dropout1d');
  }
  override forward(input: tf.Tensor): tf.Tensor {
    return asModule(this, () => dropout1d(input, this.p, this.training));
  }
  override extraRepr(): string {
    return `p=${pyFloat(this.p)}, inplace=${pyBool(false)}`;
  }
}
