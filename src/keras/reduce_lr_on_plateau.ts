import * as tf from '@tensorflow/tfjs';
import { getLearningRate, modelOptimizer, setLearningRate } from './learning_rate';
import { monitorValue, resolveMode, warnMissing, type MonitorMode } from './monitor';

/** Options of `keras.ReduceLROnPlateau` (Keras's names, camelCased). */
export interface KerasReduceLROnPlateauOptions {
  /** The quantity to watch. Default 'val_loss'. */
  monitor?: string;
  /** new lr = lr · factor, < 1. Default 0.1. */
  factor?: number;
  /** Epochs without improvement before reducing. Default 10. */
  patience?: number;
  /** Default 'auto' (max for accuracies, min otherwise). */
  mode?: MonitorMode;
  /** Smallest change that counts as an improvement. Default 1e-4. */
  minDelta?: number;
  /** Epochs to wait after a reduction before counting again. Default 0. */
  cooldown?: number;
  /** Lower bound of the learning rate. Default 0. */
  minLr?: number;
  /** Print a line at each reduction. Default 0. */
  verbose?: number;
}

/**
 * Reduces the learning rate of the model's optimizer when a monitored quantity has stopped improving,
 * like `keras.callbacks.ReduceLROnPlateau`. Works with every tfjs optimizer and `keras.AdamW`. The
 * current learning rate is added to the epoch logs as `lr`.
 *
 * ```ts
 * await model.fit(x, y, { epochs: 50, validationSplit: 0.2,
 *   callbacks: [new keras.ReduceLROnPlateau({ factor: 0.5, patience: 5 })] });
 * ```
 */
export class ReduceLROnPlateau extends tf.Callback {
  readonly monitor: string;
  readonly factor: number;
  readonly patience: number;
  readonly mode: 'min' | 'max';
  readonly minDelta: number;
  readonly cooldown: number;
  readonly minLr: number;
  readonly verbose: number;
  /** Epochs since the last improvement. */
  wait = 0;
  cooldownCounter = 0;
  best = Infinity;
  private warned = false;

  constructor(options: KerasReduceLROnPlateauOptions = {}) {
    super();
    this.monitor = options.monitor ?? 'val_loss';
    this.factor = options.factor ?? 0.1;
    if (!(this.factor < 1)) throw new Error(`ReduceLROnPlateau: factor must be < 1, got ${this.factor}`);
    this.patience = options.patience ?? 10;
    this.mode = resolveMode(options.mode ?? 'auto', this.monitor, 'ReduceLROnPlateau');
    this.minDelta = options.minDelta ?? 1e-4;
    this.cooldown = options.cooldown ?? 0;
    this.minLr = options.minLr ?? 0;
    this.verbose = options.verbose ?? 0;
  }

  private improved(current: number): boolean {
    return this.mode === 'min' ? current < this.best - this.minDelta : current > this.best + this.minDelta;
  }

  override async onTrainBegin(): Promise<void> {
    this.best = this.mode === 'min' ? Infinity : -Infinity;
    this.cooldownCounter = 0;
    this.wait = 0;
  }

  override async onEpochEnd(epoch: number, logs?: tf.Logs): Promise<void> {
    const optimizer = modelOptimizer(this.model, 'ReduceLROnPlateau');
    if (logs !== undefined) logs.lr = getLearningRate(optimizer, 'ReduceLROnPlateau');
    const current = monitorValue(logs, this.monitor);
    if (current === undefined) {
      if (!this.warned) warnMissing('ReduceLROnPlateau', this.monitor, logs);
      this.warned = true;
      return;
    }
    if (this.cooldownCounter > 0) {
      this.cooldownCounter -= 1;
      this.wait = 0;
    }
    if (this.improved(current)) {
      this.best = current;
      this.wait = 0;
    } else if (this.cooldownCounter <= 0) {
      this.wait += 1;
      if (this.wait >= this.patience) {
        const oldLr = getLearningRate(optimizer, 'ReduceLROnPlateau');
        if (oldLr > this.minLr) {
          const newLr = Math.max(oldLr * this.factor, this.minLr);
          setLearningRate(optimizer, newLr, 'ReduceLROnPlateau');
          if (this.verbose > 0) console.log(`Epoch ${epoch + 1}: ReduceLROnPlateau reducing learning rate to ${newLr}.`);
          this.cooldownCounter = this.cooldown;
          this.wait = 0;
        }
      }
    }
  }
}
