import type { Optimizer } from '../optimizer';
import { LRScheduler } from './lr_scheduler';

/** Options of `CosineAnnealingWarmRestarts`. */
export interface CosineAnnealingWarmRestartsOptions {
  /** Epochs until the first restart (PyTorch's `T_0`). Required. */
  t0: number;
  /** Factor by which the period grows after each restart (PyTorch's `T_mult`). Default 1. */
  tMult?: number;
  /** The minimum learning rate. Default 0. */
  etaMin?: number;
  /** Index of the last epoch when resuming. Default -1. */
  lastEpoch?: number;
}

/**
 * Cosine annealing with warm restarts (SGDR, Loshchilov & Hutter 2016), like
 * `torch.optim.lr_scheduler.CosineAnnealingWarmRestarts`:
 * lr = etaMin + (baseLr - etaMin) (1 + cos(π · tCur / tI)) / 2, where tCur counts epochs since the last
 * restart and the period tI starts at t0 and is multiplied by tMult at each restart.
 * `step(epoch)` accepts fractional epochs (e.g. `epoch + i / itersPerEpoch`).
 *
 * ```ts
 * const sched = new optim.lrScheduler.CosineAnnealingWarmRestarts(opt, { t0: 10, tMult: 2 });
 * ```
 */
export class CosineAnnealingWarmRestarts extends LRScheduler {
  readonly t0: number;
  readonly tMult: number;
  readonly etaMin: number;
  /** The current period. */
  tI: number;
  /** Epochs since the last restart. */
  tCur: number;

  constructor(optimizer: Optimizer<any>, options: CosineAnnealingWarmRestartsOptions) {
    const lastEpoch = options?.lastEpoch ?? -1;
    super(optimizer, lastEpoch);
    const { t0, tMult = 1, etaMin = 0 } = options ?? {};
    if (!Number.isInteger(t0) || t0 <= 0) throw new Error(`CosineAnnealingWarmRestarts: expected a positive integer t0, got ${t0}`);
    if (!Number.isInteger(tMult) || tMult < 1) throw new Error(`CosineAnnealingWarmRestarts: expected an integer tMult >= 1, got ${tMult}`);
    this.t0 = t0;
    this.tI = t0;
    this.tMult = tMult;
    this.etaMin = etaMin;
    this.tCur = lastEpoch;
    this.initialStep();
  }

  protected override getLr(): number[] {
    return this.baseLrs.map((base) => this.etaMin + ((base - this.etaMin) * (1 + Math.cos((Math.PI * this.tCur) / this.tI))) / 2);
  }

  override step(epoch?: number): void {
    this.stepCount += 1;
    if (epoch === undefined && this.lastEpoch < 0) epoch = 0;
    if (epoch === undefined) {
      epoch = this.lastEpoch + 1;
      this.tCur += 1;
      if (this.tCur >= this.tI) {
        this.tCur -= this.tI;
        this.tI *= this.tMult;
      }
    } else {
      if (epoch < 0) throw new Error(`CosineAnnealingWarmRestarts: expected a non-negative epoch, got ${epoch}`);
      if (epoch >= this.t0) {
        if (this.tMult === 1) {
          this.tCur = epoch % this.t0;
        } else {
          const n = Math.floor(Math.log((epoch / this.t0) * (this.tMult - 1) + 1) / Math.log(this.tMult));
          this.tCur = epoch - (this.t0 * (this.tMult ** n - 1)) / (this.tMult - 1);
          this.tI = this.t0 * this.tMult ** n;
        }
      } else {
        this.tI = this.t0;
        this.tCur = epoch;
      }
    }
    this.lastEpoch = Math.floor(epoch);
    const values = this.getLr();
    this.groups.forEach((g, i) => {
      g.lr = values[i];
    });
    this.setLastLr();
  }
}
