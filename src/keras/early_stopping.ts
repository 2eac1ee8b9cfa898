import * as tf from '@tensorflow/tfjs';
import { monitorValue, resolveMode, warnMissing, type MonitorMode } from './monitor';
import { WeightsSnapshot } from './weights_snapshot';

/** Options of `keras.EarlyStopping` (Keras's names, camelCased). */
export interface EarlyStoppingOptions {
  /** The quantity to watch. Default 'val_loss'. */
  monitor?: string;
  /** Smallest change that counts as an improvement. Default 0. */
  minDelta?: number;
  /** Epochs without improvement after which training stops. Default 0. */
  patience?: number;
  /** Default 'auto' (max for accuracies, min otherwise). */
  mode?: MonitorMode;
  /** Training stops if the quantity does not beat this value (within `patience` epochs). */
  baseline?: number;
  /** When stopping, put back the weights of the best epoch. Default false. */
  restoreBestWeights?: boolean;
  /** Epochs to ignore at the start (warm-up). Default 0. */
  startFromEpoch?: number;
  /** Print a line when stopping. Default 0. */
  verbose?: number;
}

/**
 * Stops `model.fit` when a monitored quantity has stopped improving, like
 * `keras.callbacks.EarlyStopping`, with `restoreBestWeights` (which tfjs's own `earlyStopping` lacks):
 * when training stops, the weights of the best epoch are restored.
 *
 * ```ts
 * await model.fit(x, y, { epochs: 100, validationSplit: 0.2,
 *   callbacks: [new keras.EarlyStopping({ patience: 10, restoreBestWeights: true })] });
 * ```
 */
export class EarlyStopping extends tf.Callback {
  readonly monitor: string;
  readonly minDelta: number;
  readonly patience: number;
  readonly mode: 'min' | 'max';
  readonly baseline: number | undefined;
  readonly restoreBestWeights: boolean;
  readonly startFromEpoch: number;
  readonly verbose: number;
  /** Epochs since the last improvement. */
  wait = 0;
  /** The epoch (0-based) at which training was stopped, or 0. */
  stoppedEpoch = 0;
  /** The best value seen. */
  best = Infinity;
  /** The epoch (0-based) of the best value. */
  bestEpoch = 0;
  private bestWeights: WeightsSnapshot | null = null;
  private warned = false;

  constructor(options: EarlyStoppingOptions = {}) {
    super();
    this.monitor = options.monitor ?? 'val_loss';
    this.minDelta = Math.abs(options.minDelta ?? 0);
    this.patience = options.patience ?? 0;
    this.mode = resolveMode(options.mode ?? 'auto', this.monitor, 'EarlyStopping');
    this.baseline = options.baseline;
    this.restoreBestWeights = options.restoreBestWeights ?? false;
    this.startFromEpoch = options.startFromEpoch ?? 0;
    this.verbose = options.verbose ?? 0;
    if (!(this.patience >= 0)) throw new Error(`EarlyStopping: patience must be >= 0, got ${this.patience}`);
  }

  private isImprovement(value: number, reference: number): boolean {
    return this.mode === 'min' ? value + this.minDelta < reference : value - this.minDelta > reference;
  }

  override async onTrainBegin(): Promise<void> {
    this.wait = 0;
    this.stoppedEpoch = 0;
    this.best = this.mode === 'min' ? Infinity : -Infinity;
    this.bestEpoch = 0;
    this.bestWeights?.dispose();
    this.bestWeights = null;
  }

  override async onEpochEnd(epoch: number, logs?: tf.Logs): Promise<void> {
    const current = monitorValue(logs, this.monitor);
    if (current === undefined) {
      if (!this.warned) warnMissing('EarlyStopping', this.monitor, logs);
      this.warned = true;
      return;
    }
    if (epoch < this.startFromEpoch) return;
    if (this.restoreBestWeights && this.bestWeights === null) this.bestWeights = WeightsSnapshot.of(this.model);
    this.wait += 1;
    if (this.isImprovement(current, this.best)) {
      this.best = current;
      this.bestEpoch = epoch;
      if (this.restoreBestWeights) {
        this.bestWeights?.dispose();
        this.bestWeights = WeightsSnapshot.of(this.model);
      }
      if (this.baseline === undefined || this.isImprovement(current, this.baseline)) {
        this.wait = 0;
        return;
      }
    }
    if (this.wait >= this.patience && epoch > 0) {
      this.stoppedEpoch = epoch;
      this.model.stopTraining = true;
      if (this.restoreBestWeights && this.bestWeights !== null) {
        if (this.verbose > 0) console.log(`Restoring model weights from the end of the best epoch: ${this.bestEpoch + 1}.`);
        this.bestWeights.restore(this.model);
      }
    }
  }

  override async onTrainEnd(): Promise<void> {
    if (this.stoppedEpoch > 0 && this.verbose > 0) console.log(`Epoch ${this.stoppedEpoch + 1}: early stopping`);
    this.bestWeights?.dispose();
    this.bestWeights = null;
  }
}
