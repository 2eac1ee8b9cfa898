import type { Optimizer } from '../optimizer';
import { LRScheduler } from './lr_scheduler';

/** Options of `ExponentialLR`. */
export interface ExponentialLROptions {
  /** Multiplicative factor per epoch. Required. */
  gamma: number;
  /** Index of the last epoch when resuming. Default -1. */
  lastEpoch?: number;
}

/**
 * Multiplies each group's learning rate by `gamma` every epoch, like
 * `torch.optim.lr_scheduler.ExponentialLR`: lr = baseLr · gamma^epoch.
 *
 * ```ts
 * const sched = new optim.lrScheduler.ExponentialLR(opt, { gamma: 0.95 });
 * ```
 */
export class ExponentialLR extends LRScheduler {
  readonly gamma: number;

  constructor(optimizer: Optimizer<any>, options: ExponentialLROptions) {
    super(optimizer, options?.lastEpoch ?? -1);
    if (typeof options?.gamma !== 'number') throw new Error(`ExponentialLR: gamma is required, e.g. { gamma: 0.95 }`);
    this.gamma = options.gamma;
    this.initialStep();
  }

  protected override getLr(): number[] {
    if (this.lastEpoch === 0) return this.groups.map((g) => g.lr);
    return this.groups.map((g) => g.lr * this.gamma);
  }

  protected override closedFormLr(): number[] {
    return this.baseLrs.map((lr) => lr * this.gamma ** this.lastEpoch);
  }
}
