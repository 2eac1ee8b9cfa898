import type { Optimizer } from '../optimizer';
import { LRScheduler } from './lr_scheduler';

/** Options of `LinearLR`. */
export interface LinearLROptions {
  /** Factor of the base learning rate at epoch 0, in (0, 1]. Default 1/3. */
  startFactor?: number;
  /** Factor reached after `totalIters` epochs, in [0, 1]. Default 1. */
  endFactor?: number;
  /** Number of epochs of the linear change. Default 5. */
  totalIters?: number;
  /** Index of the last epoch when resuming. Default -1. */
  lastEpoch?: number;
}

/**
 * Changes each group's learning rate linearly from `startFactor · baseLr` to `endFactor · baseLr` over
 * `totalIters` epochs, then keeps it, like `torch.optim.lr_scheduler.LinearLR` (a common warm-up).
 *
 * ```ts
 * const warmup = new optim.lrScheduler.LinearLR(opt, { startFactor: 0.1, totalIters: 10 });
 * ```
 */
export class LinearLR extends LRScheduler {
  readonly startFactor: number;
  readonly endFactor: number;
  readonly totalIters: number;

  constructor(optimizer: Optimizer<any>, options: LinearLROptions = {}) {
    super(optimizer, options.lastEpoch ?? -1);
    const { startFactor = 1 / 3, endFactor = 1.0, totalIters = 5 } = options;
    if (!(startFactor > 0 && startFactor <= 1)) throw new Error(`LinearLR: startFactor must be in (0, 1], got ${startFactor}`);
    if (!(endFactor >= 0 && endFactor <= 1)) throw new Error(`LinearLR: endFactor must be in [0, 1], got ${endFactor}`);
    if (!Number.isInteger(totalIters) || totalIters < 1) throw new Error(`LinearLR: totalIters must be a positive integer, got ${totalIters}`);
    this.startFactor = startFactor;
    this.endFactor = endFactor;
    this.totalIters = totalIters;
    this.initialStep();
  }

  protected override getLr(): number[] {
    const { lastEpoch: t, startFactor: s, endFactor: e, totalIters: n } = this;
    if (t === 0) return this.groups.map((g) => g.lr * s);
    if (t > n) return this.groups.map((g) => g.lr);
    const factor = 1 + (e - s) / (n * s + (t - 1) * (e - s));
    return this.groups.map((g) => g.lr * factor);
  }

  protected override closedFormLr(): number[] {
    const { lastEpoch: t, startFactor: s, endFactor: e, totalIters: n } = this;
    return this.baseLrs.map((base) => base * (s + ((e - s) * Math.min(n, t)) / n));
  }
}
