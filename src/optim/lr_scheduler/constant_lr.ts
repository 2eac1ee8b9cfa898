import type { Optimizer } from '../optimizer';
import { LRScheduler } from './lr_scheduler';

/** Options of `ConstantLR`. */
export interface ConstantLROptions {
  /** Factor applied to the base learning rate until `totalIters`, in [0, 1]. Default 1/3. */
  factor?: number;
  /** Number of epochs with the reduced learning rate. Default 5. */
  totalIters?: number;
  /** Index of the last epoch when resuming. Default -1. */
  lastEpoch?: number;
}

/**
 * Multiplies each group's learning rate by a constant `factor` for the first `totalIters` epochs, then
 * restores it, like `torch.optim.lr_scheduler.ConstantLR` (a simple warm-up).
 *
 * ```ts
 * const warmup = new optim.lrScheduler.ConstantLR(opt, { factor: 0.5, totalIters: 4 });
 * ```
 */
export class ConstantLR extends LRScheduler {
  readonly factor: number;
  readonly totalIters: number;

  constructor(optimizer: Optimizer<any>, options: ConstantLROptions = {}) {
    super(optimizer, options.lastEpoch ?? -1);
    const { factor = 1 / 3, totalIters = 5 } = options;
    if (!(factor >= 0 && factor <= 1)) throw new Error(`ConstantLR: factor must be in [0, 1], got ${factor}`);
    if (!Number.isInteger(totalIters) || totalIters < 0) throw new Error(`ConstantLR: totalIters must be an integer >= 0, got ${totalIters}`);
    this.factor = factor;
    this.totalIters = totalIters;
    this.initialStep();
  }

  protected override getLr(): number[] {
    if (this.lastEpoch === 0) return this.groups.map((g) => g.lr * this.factor);
    if (this.lastEpoch !== this.totalIters) return this.groups.map((g) => g.lr);
    return this.groups.map((g) => g.lr * (1.0 / this.factor));
  }

  protected override closedFormLr(): number[] {
    const after = this.lastEpoch >= this.totalIters ? 1 : 0;
    return this.baseLrs.map((base) => base * (this.factor + after * (1 - this.factor)));
  }
}
