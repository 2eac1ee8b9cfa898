import type { Optimizer } from '../optimizer';
import { LRScheduler } from './lr_scheduler';

/** Options of `CosineAnnealingLR`. */
export interface CosineAnnealingLROptions {
  /** Number of epochs of one half cosine period (PyTorch's `T_max`). Required. */
  tMax: number;
  /** The minimum learning rate. Default 0. */
  etaMin?: number;
  /** Index of the last epoch when resuming. Default -1. */
  lastEpoch?: number;
}

/**
 * Anneals each group's learning rate along a cosine, like `torch.optim.lr_scheduler.CosineAnnealingLR`:
 * lr = etaMin + (baseLr - etaMin) (1 + cos(π · epoch / tMax)) / 2, going back up after tMax epochs.
 *
 * ```ts
 * const sched = new optim.lrScheduler.CosineAnnealingLR(opt, { tMax: 100 });
 * ```
 */
export class CosineAnnealingLR extends LRScheduler {
  readonly tMax: number;
  readonly etaMin: number;

  constructor(optimizer: Optimizer<any>, options: CosineAnnealingLROptions) {
    super(optimizer, options?.lastEpoch ?? -1);
    if (typeof options?.tMax !== 'number' || !(options.tMax > 0)) {
      throw new Error(`CosineAnnealingLR: tMax must be a positive number of epochs, got ${options?.tMax}`);
    }
    this.tMax = options.tMax;
    this.etaMin = options.etaMin ?? 0;
    this.initialStep();
  }

  protected override getLr(): number[] {
    const { lastEpoch: t, tMax, etaMin } = this;
    if (t === 0) return this.groups.map((g) => g.lr);
    if (this.stepCount === 1 && t > 0) {
      return this.baseLrs.map((base) => etaMin + ((base - etaMin) * (1 + Math.cos((t * Math.PI) / tMax))) / 2);
    }
    if ((((t - 1 - tMax) % (2 * tMax)) + 2 * tMax) % (2 * tMax) === 0) {
      return this.groups.map((g, i) => g.lr + ((this.baseLrs[i] - etaMin) * (1 - Math.cos(Math.PI / tMax))) / 2);
    }
    const ratio = (1 + Math.cos((Math.PI * t) / tMax)) / (1 + Math.cos((Math.PI * (t - 1)) / tMax));
    return this.groups.map((g) => ratio * (g.lr - etaMin) + etaMin);
  }

  protected override closedFormLr(): number[] {
    return this.baseLrs.map((base) => this.etaMin + ((base - this.etaMin) * (1 + Math.cos((Math.PI * this.lastEpoch) / this.tMax))) / 2);
  }
}
