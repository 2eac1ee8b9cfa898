import type { Optimizer } from '../optimizer';
import { LRScheduler } from './lr_scheduler';
import type { LrLambda } from './lambda_lr';

/** Options of `MultiplicativeLR`. */
export interface MultiplicativeLROptions {
  /** The factor applied at each epoch, as a function of the epoch (one for all groups or one per group). */
  lrLambda: LrLambda | LrLambda[];
  /** Index of the last epoch when resuming. Default -1. */
  lastEpoch?: number;
}

/**
 * Multiplies each group's learning rate by `lrLambda(epoch)` at every epoch, like
 * `torch.optim.lr_scheduler.MultiplicativeLR`: lr_t = lr_{t-1} · lrLambda(t).
 *
 * ```ts
 * const sched = new optim.lrScheduler.MultiplicativeLR(opt, { lrLambda: () => 0.95 });
 * ```
 */
export class MultiplicativeLR extends LRScheduler {
  readonly lrLambdas: LrLambda[];

  constructor(optimizer: Optimizer<any>, options: MultiplicativeLROptions) {
    super(optimizer, options?.lastEpoch ?? -1);
    const given = options?.lrLambda;
    const n = optimizer.paramGroups.length;
    if (Array.isArray(given)) {
      if (given.length !== n) throw new Error(`MultiplicativeLR: expected ${n} lrLambda functions (one per group), got ${given.length}`);
      this.lrLambdas = [...given];
    } else {
      this.lrLambdas = new Array<LrLambda>(n).fill(given as LrLambda);
    }
    if (!this.lrLambdas.every((f) => typeof f === 'function')) {
      throw new TypeError('MultiplicativeLR: lrLambda must be a function of the epoch (or one per group), e.g. () => 0.95');
    }
    this.initialStep();
  }

  protected override getLr(): number[] {
    if (this.lastEpoch <= 0) return this.groups.map((g) => g.lr);
    return this.groups.map((g, i) => g.lr * this.lrLambdas[i](this.lastEpoch));
  }
}
