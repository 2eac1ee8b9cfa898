/**
 * Batch normalisation layers `nn.BatchNorm1d` and `nn.BatchNorm2d`, with PyTorch's running statistics:
 * in training mode the batch mean and (unbiased) variance are folded into `running_mean` /
 * `running_var` with `momentum` (or a cumulative average when momentum is null), and
 * `num_batches_tracked` counts the batches; in eval mode the running statistics are used.
 */
import * as tf from '@tensorflow/tfjs';
import { Module } from '../module';
import { Parameter } from '../parameter';
import * as init from '../init';
import { batchNorm, batchNormWithStats } from '../functional/normalization';
import { shapeText } from '../functional/args';
import { emptyParameter, positiveInt } from './parameters';
import { asModule, moduleLabel, pyBool, pyFloat } from './repr';
import { backendHasHostMemory, hostArray, hostFloat32Views, ownsData } from '../../backend/host_memory';

export interface BatchNormOptions {
  /** Added to the variance. Default 1e-5. */
  eps?: number;
  /** Running-average factor; null for a cumulative average. Default 0.1. */
  momentum?: number | null;
  /** Learn a per-channel scale and shift. Default true. */
  affine?: boolean;
  /** Keep running statistics (else batch statistics are used in eval mode too). Default true. */
  trackRunningStats?: boolean;
}

abstract class BatchNormBase extends Module {
  readonly numFeatures: number;
  readonly eps: number;
  readonly momentum: number | null;
  readonly affine: boolean;
  readonly trackRunningStats: boolean;
  weight: Parameter | null;
  bias: Parameter | null;

  protected constructor(numFeatures: number, options: BatchNormOptions) {
    super();
    this.numFeatures = positiveInt(numFeatures, 'numFeatures', this.constructor.name);
    this.eps = options.eps ?? 1e-5;
    this.momentum = options.momentum === undefined ? 0.1 : options.momentum;
    this.affine = options.affine ?? true;
    this.trackRunningStats = options.trackRunningStats ?? true;
    this.weight = this.affine ? emptyParameter([numFeatures]) : null;
    this.bias = this.affine ? emptyParameter([numFeatures]) : null;
    if (this.trackRunningStats) {
      this.registerBuffer('running_mean', tf.zeros([numFeatures]));
      this.registerBuffer('running_var', tf.ones([numFeatures]));
      this.registerBuffer('num_batches_tracked', tf.scalar(0, 'int32'));
    }
    this.resetParameters();
  }

  /** Running mean per channel (the `running_mean` buffer), or null without trackRunningStats. */
  get runningMean(): tf.Tensor | null {
    return this.trackRunningStats ? this.getBuffer('running_mean') : null;
  }

  /** Running (unbiased) variance per channel (the `running_var` buffer). */
  get runningVar(): tf.Tensor | null {
    return this.trackRunningStats ? this.getBuffer('running_var') : null;
  }

  /** Number of training batches seen (the `num_batches_tracked` buffer). */
  get numBatchesTracked(): tf.Tensor | null {
    return this.trackRunningStats ? this.getBuffer('num_batches_tracked') : null;
  }

  /** Zeroes the running statistics. */
  resetRunningStats(): void {
    if (!this.trackRunningStats) return;
    this.setBuffer('running_mean', tf.zeros([this.numFeatures]));
    this.setBuffer('running_var', tf.ones([this.numFeatures]));
    this.setBuffer('num_batches_tracked', tf.scalar(0, 'int32'));
  }

  /** Running statistics reset, weight = 1, bias = 0. */
  resetParameters(): void {
    this.resetRunningStats();
    if (this.weight) init.ones_(this.weight);
    if (this.bias) init.zeros_(this.bias);
  }

  protected abstract checkInputDim(input: tf.Tensor): void;

  override forward(input: tf.Tensor): tf.Tensor {
    this.checkInputDim(input);
    if (input.shape[1] !== this.numFeatures) {
      throw new Error(`${moduleLabel(this)}: expected input with ${this.numFeatures} channels (dimension 1), got shape ${shapeText(input.shape)}`);
    }
    const useBatchStats = this.training || !this.trackRunningStats;
    if (!useBatchStats) {
      return asModule(this, () =>
        batchNorm(input, this.getBuffer('running_mean'), this.getBuffer('running_var'), { weight: this.weight, bias: this.bias, training: false, eps: this.eps }),
      );
    }
    const r = asModule(this, () => batchNormWithStats(input, this.weight, this.bias, this.eps));
    if (this.training && this.trackRunningStats) {
      const tracked = this.getBuffer('num_batches_tracked') as tf.Tensor;
      let count = incrementInPlace(tracked);
      if (count === null) {
        const next = tf.tidy(() => tf.add(tracked, 1));
        this.setBuffer('num_batches_tracked', next);
        count = this.momentum === null ? next.dataSync()[0] : NaN;
      }
      const factor = this.momentum ?? 1 / count;
      const update = (name: string, batch: tf.Tensor, batchFactor: number) => {
        const running = this.getBuffer(name) as tf.Tensor;
        if (!blendInPlace(running, batch, 1 - factor, batchFactor)) {
          this.setBuffer(name, tf.tidy(() => tf.add(tf.mul(running, 1 - factor), tf.mul(batch, batchFactor))));
        }
      };
      update('running_mean', r.mean, factor);
      update('running_var', r.variance, factor * r.unbiasedScale);
    }
    r.mean.dispose();
    r.variance.dispose();
    return r.output;
  }

  override extraRepr(): string {
    const m = this.momentum === null ? 'None' : pyFloat(this.momentum);
    return `${this.numFeatures}, eps=${pyFloat(this.eps)}, momentum=${m}, affine=${pyBool(this.affine)}, track_running_stats=${pyBool(this.trackRunningStats)}`;
  }
}

/**
 * Adds 1 to an int32 scalar counter in place where tensors live in this process's memory and the counter owns its
 * data (a kernel call and a new scalar per training step otherwise); returns the new count, or null when it
 * cannot.
 */
function incrementInPlace(counter: tf.Tensor): number | null {
  if (counter.dtype !== 'int32' || counter.size !== 1 || !backendHasHostMemory() || !ownsData(counter)) return null;
  const values = hostArray(tf.backend(), tf.getBackend(), counter);
  if (!(values instanceof Int32Array) || values.length !== 1) return null;
  return ++values[0];
}

/**
 * running ← running · keep + batch · take, in place when the backend keeps tensors in host memory and
 * `running` owns its data (no `stateDict()` copy shares it): three kernel calls fewer per statistic and step.
 * Float32 operations in the tensor-op form's order. Returns false when it did nothing.
 */
function blendInPlace(running: tf.Tensor, batch: tf.Tensor, keep: number, take: number): boolean {
  if (running.size !== batch.size || !backendHasHostMemory() || !ownsData(running)) return false;
  const views = hostFloat32Views([running, batch]);
  if (views === null) return false;
  const [r, b] = views;
  const k = Math.fround(keep), t = Math.fround(take);
  for (let i = 0; i < r.length; i++) r[i] = Math.fround(Math.fround(r[i] * k) + Math.fround(b[i] * t));
  return true;
}

/**
 * Batch normalisation over (N, C) or (N, C, L) input, per channel C.
 *
 * y = (x − E[x]) / √(Var[x] + eps) · γ + β
 *
 * Attributes: `weight` γ and `bias` β (C), buffers `running_mean`, `running_var`, `num_batches_tracked`.
 *
 * ```ts
 * const bn = new nn.BatchNorm1d(100);
 * bn.forward(tf.randomNormal([20, 100]));
 * ```
 */
export class BatchNorm1d extends BatchNormBase {
  constructor(numFeatures: number, options: BatchNormOptions = {}) {
    super(numFeatures, options);
  }
  protected checkInputDim(input: tf.Tensor): void {
    if (input.rank !== 2 && input.rank !== 3) {
      throw new Error(`${moduleLabel(this)}: expected 2D or 3D input (got ${input.rank}D input of shape ${shapeText(input.shape)})`);
    }
  }
}

/**
 * Batch normalisation over (N, C, H, W) images, per channel C.
 *
 * ```ts
 * const bn = new nn.BatchNorm2d(16);
 * ```
 */
export class BatchNorm2d extends BatchNormBase {
  constructor(numFeatures: number, options: BatchNormOptions = {}) {
    super(numFeatures, options);
  }
  protected checkInputDim(input: tf.Tensor): void {
    if (input.rank !== 4) throw new Error(`${moduleLabel(this)}: expected 4D input (got ${input.rank}D input of shape ${shapeText(input.shape)})`);
  }
}
