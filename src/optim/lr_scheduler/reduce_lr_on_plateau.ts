import { Optimizer } from '../optimizer';
import { perGroup } from './lr_scheduler';

/** Options of `ReduceLROnPlateau`. */
export interface ReduceLROnPlateauOptions {
  /** `'min'`: reduce when the metric stops decreasing (a loss); `'max'`: when it stops increasing. Default 'min'. */
  mode?: 'min' | 'max';
  /** Factor by which the learning rate is reduced, < 1. Default 0.1. */
  factor?: number;
  /** Number of epochs without improvement to tolerate before reducing. Default 10. */
  patience?: number;
  /** Minimum change that counts as an improvement. Default 1e-4. */
  threshold?: number;
  /** `'rel'`: improvement relative to the best (best · (1 ∓ threshold)); `'abs'`: best ∓ threshold. Default 'rel'. */
  thresholdMode?: 'rel' | 'abs';
  /** Epochs to wait after a reduction before counting bad epochs again. Default 0. */
  cooldown?: number;
  /** Lower bound of the learning rate (one for all groups or one per group). Default 0. */
  minLr?: number | number[];
  /** Reductions smaller than this are ignored. Default 1e-8. */
  eps?: number;
}

/**
 * Reduces the learning rate when a metric has stopped improving, like
 * `torch.optim.lr_scheduler.ReduceLROnPlateau`: after more than `patience` epochs without improvement,
 * lr = max(lr · factor, minLr). Call `step(metric)` once per epoch with the validation loss (or accuracy
 * with `mode: 'max'`).
 *
 * ```ts
 * const sched = new optim.lrScheduler.ReduceLROnPlateau(opt, { mode: 'min', factor: 0.5, patience: 5 });
 * for (let epoch = 0; epoch < 100; epoch++) { train(); sched.step(validate()); }
 * ```
 */
export class ReduceLROnPlateau {
  readonly optimizer: Optimizer<any>;
  readonly mode: 'min' | 'max';
  readonly factor: number;
  readonly patience: number;
  readonly threshold: number;
  readonly thresholdMode: 'rel' | 'abs';
  readonly cooldown: number;
  readonly minLrs: number[];
  readonly eps: number;
  /** The best metric seen so far. */
  best: number;
  /** Consecutive epochs without improvement. */
  numBadEpochs = 0;
  /** Epochs left in the cooldown after a reduction. */
  cooldownCounter = 0;
  /** Number of `step` calls so far. */
  lastEpoch = 0;
  private lastLr: number[];

  constructor(optimizer: Optimizer<any>, options: ReduceLROnPlateauOptions = {}) {
    if (!(optimizer instanceof Optimizer)) {
      throw new TypeError(`ReduceLROnPlateau: expected an optimizer (e.g. new optim.SGD(...)), got ${typeof optimizer}`);
    }
    const {
      mode = 'min',
      factor = 0.1,
      patience = 10,
      threshold = 1e-4,
      thresholdMode = 'rel',
      cooldown = 0,
      minLr = 0,
      eps = 1e-8,
    } = options;
    if (!(factor < 1)) throw new Error(`ReduceLROnPlateau: factor must be < 1, got ${factor}`);
    if (mode !== 'min' && mode !== 'max') throw new Error(`ReduceLROnPlateau: mode must be 'min' or 'max', got '${mode}'`);
    if (thresholdMode !== 'rel' && thresholdMode !== 'abs') {
      throw new Error(`ReduceLROnPlateau: thresholdMode must be 'rel' or 'abs', got '${thresholdMode}'`);
    }
    this.optimizer = optimizer;
    this.mode = mode;
    this.factor = factor;
    this.patience = patience;
    this.threshold = threshold;
    this.thresholdMode = thresholdMode;
    this.cooldown = cooldown;
    this.minLrs = perGroup('minLr', 'ReduceLROnPlateau', optimizer, minLr);
    this.eps = eps;
    this.best = mode === 'min' ? Infinity : -Infinity;
    this.lastLr = optimizer.paramGroups.map((g) => g.lr);
  }

  /** Whether `current` improves on `best` by more than the threshold. */
  isBetter(current: number, best: number): boolean {
    if (this.mode === 'min') {
      return this.thresholdMode === 'rel' ? current < best * (1 - this.threshold) : current < best - this.threshold;
    }
    return this.thresholdMode === 'rel' ? current > best * (1 + this.threshold) : current > best + this.threshold;
  }

  /** Records this epoch's metric (a number or a one-element tensor's value) and reduces the lr if needed. */
  step(metric: number | { dataSync(): ArrayLike<number> }): void {
    const current = typeof metric === 'number' ? metric : Number(metric.dataSync()[0]);
    if (Number.isNaN(current)) throw new Error('ReduceLROnPlateau.step: the metric is NaN');
    this.lastEpoch += 1;
    if (this.isBetter(current, this.best)) {
      this.best = current;
      this.numBadEpochs = 0;
    } else {
      this.numBadEpochs += 1;
    }
    if (this.cooldownCounter > 0) {
      this.cooldownCounter -= 1;
      this.numBadEpochs = 0;
    }
    if (this.numBadEpochs > this.patience) {
      this.optimizer.paramGroups.forEach((g, i) => {
        const newLr = Math.max(g.lr * this.factor, this.minLrs[i]);
        if (g.lr - newLr > this.eps) g.lr = newLr;
      });
      this.cooldownCounter = this.cooldown;
      this.numBadEpochs = 0;
    }
    this.lastLr = this.optimizer.paramGroups.map((g) => g.lr);
  }

  /** The learning rate of each group after the last `step()`. */
  getLastLr(): number[] {
    return [...this.lastLr];
  }

  /** The scheduler's state (every field but the optimizer). */
  stateDict(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(this)) if (k !== 'optimizer') out[k] = Array.isArray(v) ? [...v] : v;
    return out;
  }

  /** Restores a state saved by `stateDict()`. */
  loadStateDict(state: Record<string, unknown>): void {
    for (const [k, v] of Object.entries(state)) (this as Record<string, unknown>)[k] = Array.isArray(v) ? [...v] : v;
  }
}
