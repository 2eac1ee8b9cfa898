import type { Optimizer } from '../optimizer';
import { LRScheduler } from './lr_scheduler';

/** Options of `MultiStepLR`. */
export interface MultiStepLROptions {
  /** Epoch indices at which to decay (increasing; a repeated milestone decays several times). */
  milestones: number[];
  /** Multiplicative factor of each decay. Default 0.1. */
  gamma?: number;
  /** Index of the last epoch when resuming. Default -1. */
  lastEpoch?: number;
}

/**
 * Multiplies each group's learning rate by `gamma` at each milestone epoch, like
 * `torch.optim.lr_scheduler.MultiStepLR`.
 *
 * ```ts
 * const sched = new optim.lrScheduler.MultiStepLR(opt, { milestones: [30, 80], gamma: 0.1 });
 * ```
 */
export class MultiStepLR extends LRScheduler {
  readonly milestones: number[];
  readonly gamma: number;

  constructor(optimizer: Optimizer<any>, options: MultiStepLROptions) {
    super(optimizer, options?.lastEpoch ?? -1);
    if (!Array.isArray(options?.milestones) || !options.milestones.every((m) => Number.isInteger(m))) {
      throw new Error(`MultiStepLR: milestones must be a list of integers, got ${JSON.stringify(options?.milestones)}`);
    }
    this.milestones = [...options.milestones].sort((a, b) => a - b);
    this.gamma = options.gamma ?? 0.1;
    this.initialStep();
  }

  protected override getLr(): number[] {
    const hits = this.milestones.filter((m) => m === this.lastEpoch).length;
    if (hits === 0) return this.groups.map((g) => g.lr);
    return this.groups.map((g) => g.lr * this.gamma ** hits);
  }

  protected override closedFormLr(): number[] {
    const passed = this.milestones.filter((m) => m <= this.lastEpoch).length;
    return this.baseLrs.map((lr) => lr * this.gamma ** passed);
  }
}
