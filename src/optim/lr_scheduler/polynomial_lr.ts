import type { Optimizer } from '../optimizer';
import { LRScheduler } from './lr_scheduler';

/** Options of `PolynomialLR`. */
export interface PolynomialLROptions {
  /** Number of epochs over which the learning rate decays to 0. Default 5. */
  totalIters?: number;
  /** Power of the polynomial. Default 1 (linear). */
  power?: number;
  /** Index of the last epoch when resuming. Default -1. */
  lastEpoch?: number;
}

/**
 * Decays each group's learning rate to 0 over `totalIters` epochs along a polynomial, like
 * `torch.optim.lr_scheduler.PolynomialLR`: lr = baseLr · (1 - min(epoch, totalIters) / totalIters)^power.
 *
 * ```ts
 * const sched = new optim.lrScheduler.PolynomialLR(opt, { totalIters: 50, power: 2 });
 * ```
 */
export class PolynomialLR extends LRScheduler {
  readonly totalIters: number;
  readonly power: number;

  constructor(optimizer: Optimizer<any>, options: PolynomialLROptions = {}) {
    super(optimizer, options.lastEpoch ?? -1);
    const { totalIters = 5, power = 1.0 } = options;
    if (!Number.isInteger(totalIters) || totalIters < 1) throw new Error(`PolynomialLR: totalIters must be a positive integer, got ${totalIters}`);
    this.totalIters = totalIters;
    this.power = power;
    this.initialStep();
  }

  protected override getLr(): number[] {
    const { lastEpoch: t, totalIters: n } = this;
    if (t === 0 || t > n) return this.groups.map((g) => g.lr);
    const decay = ((1.0 - t / n) / (1.0 - (t - 1) / n)) ** this.power;
    return this.groups.map((g) => g.lr * decay);
  }

  protected override closedFormLr(): number[] {
    return this.baseLrs.map((base) => base * (1.0 - Math.min(this.totalIters, this.lastEpoch) / this.totalIters) ** this.power);
  }
}
