import type { Optimizer } from '../optimizer';
import { LRScheduler } from './lr_scheduler';

/** Options of `StepLR`. */
export interface StepLROptions {
  /** Decay the learning rate every `stepSize` epochs. Required. */
  stepSize: number;
  /** Multiplicative factor of the decay. Default 0.1. */
  gamma?: number;
  /** Index of the last epoch when resuming. Default -1. */
  lastEpoch?: number;
}

/**
 * Multiplies each group's learning rate by `gamma` every `stepSize` epochs, like
 * `torch.optim.lr_scheduler.StepLR`: lr = baseLr · gamma^⌊epoch / stepSize⌋.
 *
 * ```ts
 * const sched = new optim.lrScheduler.StepLR(opt, { stepSize: 30, gamma: 0.1 });
 * ```
 */
export class StepLR extends LRScheduler {
  readonly stepSize: number;
  readonly gamma: number;

  constructor(optimizer: Optimizer<any>, options: StepLROptions) {
    super(optimizer, options?.lastEpoch ?? -1);
    if (!Number.isInteger(options?.stepSize) || options.stepSize < 1) {
      throw new Error(`StepLR: stepSize must be a positive integer, got ${options?.stepSize}`);
    }
    this.stepSize = options.stepSize;
    this.gamma = options.gamma ?? 0.1;
    this.initialStep();
  }

  protected override getLr(): number[] {
    if (this.lastEpoch === 0 || this.lastEpoch % this.stepSize !== 0) return this.groups.map((g) => g.lr);
    return this.groups.map((g) => g.lr * this.gamma);
  }

  protected override closedFormLr(): number[] {
    return this.baseLrs.map((lr) => lr * this.gamma ** Math.floor(this.lastEpoch / this.stepSize));
  }
}
