import type { Optimizer } from '../optimizer';
import { LRScheduler } from './lr_scheduler';

/** A function from the epoch index to a multiplicative factor of the base learning rate. */
export type LrLambda = (epoch: number) => number;

/** Options of `LambdaLR`. */
export interface LambdaLROptions {
  /** One function for every group, or one per group. Required. */
  lrLambda: LrLambda | LrLambda[];
  /** Index of the last epoch when resuming. Default -1. */
  lastEpoch?: number;
}

/**
 * Sets each group's learning rate to its base learning rate times a function of the epoch, like
 * `torch.optim.lr_scheduler.LambdaLR`: lr = baseLr · lrLambda(epoch).
 *
 * ```ts
 * const warmup = new optim.lrScheduler.LambdaLR(opt, { lrLambda: (e) => Math.min(1, (e + 1) / 5) });
 * ```
 */
export class LambdaLR extends LRScheduler {
  readonly lrLambdas: LrLambda[];

  constructor(optimizer: Optimizer<any>, options: LambdaLROptions) {
    super(optimizer, options?.lastEpoch ?? -1);
    const given = options?.lrLambda;
    const n = optimizer.paramGroups.length;
    if (Array.isArray(given)) {
      if (given.length !== n) throw new Error(`LambdaLR: expected ${n} lrLambda functions (one per group), got ${given.length}`);
      this.lrLambdas = [...given];
    } else {
      this.lrLambdas = new Array<LrLambda>(n).fill(given as LrLambda);
    }
    if (!this.lrLambdas.every((f) => typeof f === 'function')) {
      throw new TypeError('LambdaLR: lrLambda must be a function of the epoch (or one per group), e.g. (epoch) => 0.95 ** epoch');
    }
    this.initialStep();
  }

  protected override getLr(): number[] {
    return this.baseLrs.map((base, i) => base * this.lrLambdas[i](this.lastEpoch));
  }
}
