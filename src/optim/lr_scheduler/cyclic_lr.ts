import type { Optimizer } from '../optimizer';
import { LRScheduler, perGroup } from './lr_scheduler';

/** Options of `CyclicLR`. */
export interface CyclicLROptions {
  /** Lower bound of the cycle (one for all groups or one per group); also the starting lr. Required. */
  baseLr: number | number[];
  /** Upper bound of the cycle. Required. */
  maxLr: number | number[];
  /** Steps of the increasing half of a cycle. Default 2000. */
  stepSizeUp?: number;
  /** Steps of the decreasing half. Default `stepSizeUp`. */
  stepSizeDown?: number;
  /** `'triangular'` (default), `'triangular2'` (amplitude halves each cycle) or `'expRange'` (scaled by gamma^step). */
  mode?: 'triangular' | 'triangular2' | 'expRange';
  /** Base of `'expRange'`'s scaling. Default 1. */
  gamma?: number;
  /** A custom amplitude scaling in place of `mode`. */
  scaleFn?: (x: number) => number;
  /** Whether `scaleFn` takes the cycle number (`'cycle'`, default) or the step (`'iterations'`). */
  scaleMode?: 'cycle' | 'iterations';
  /** Cycle the optimizer's momentum inversely to the lr. Default true (needs an optimizer with momentum). */
  cycleMomentum?: boolean;
  /** Lower momentum bound. Default 0.8. */
  baseMomentum?: number | number[];
  /** Upper momentum bound. Default 0.9. */
  maxMomentum?: number | number[];
  /** Index of the last step when resuming. Default -1. */
  lastEpoch?: number;
}

/**
 * Cyclical learning rates (Smith, 2015), like `torch.optim.lr_scheduler.CyclicLR`: the lr goes up
 * linearly from baseLr to maxLr in `stepSizeUp` steps and back down in `stepSizeDown` steps, the
 * amplitude scaled by the mode's function. Step it after every batch.
 *
 * ```ts
 * const sched = new optim.lrScheduler.CyclicLR(opt, { baseLr: 0.001, maxLr: 0.1, stepSizeUp: 200 });
 * ```
 */
export class CyclicLR extends LRScheduler {
  readonly maxLrs: number[];
  readonly totalSize: number;
  readonly stepRatio: number;
  readonly mode: 'triangular' | 'triangular2' | 'expRange';
  readonly gamma: number;
  readonly scaleMode: 'cycle' | 'iterations';
  readonly cycleMomentum: boolean;
  readonly baseMomentums: number[] = [];
  readonly maxMomentums: number[] = [];
  private readonly scaleFn: (x: number) => number;

  constructor(optimizer: Optimizer<any>, options: CyclicLROptions) {
    const lastEpoch = options?.lastEpoch ?? -1;
    const baseLrs = perGroup('baseLr', 'CyclicLR', optimizer, options?.baseLr);
    if (lastEpoch === -1) optimizer.paramGroups.forEach((g, i) => (g.lr = baseLrs[i]));
    super(optimizer, lastEpoch);
    const {
      maxLr,
      stepSizeUp = 2000,
      stepSizeDown,
      mode = 'triangular',
      gamma = 1.0,
      scaleFn,
      scaleMode = 'cycle',
      cycleMomentum = true,
      baseMomentum = 0.8,
      maxMomentum = 0.9,
    } = options;
    this.maxLrs = perGroup('maxLr', 'CyclicLR', optimizer, maxLr);
    const up = stepSizeUp;
    const down = stepSizeDown ?? stepSizeUp;
    if (!(up > 0) || !(down > 0)) throw new Error(`CyclicLR: stepSizeUp and stepSizeDown must be positive, got ${up}, ${down}`);
    this.totalSize = up + down;
    this.stepRatio = up / this.totalSize;
    if (!['triangular', 'triangular2', 'expRange'].includes(mode) && scaleFn === undefined) {
      throw new Error(`CyclicLR: mode must be 'triangular', 'triangular2' or 'expRange', got '${mode}'`);
    }
    this.mode = mode;
    this.gamma = gamma;
    if (scaleFn !== undefined) {
      this.scaleFn = scaleFn;
      this.scaleMode = scaleMode;
    } else if (mode === 'triangular') {
      this.scaleFn = () => 1.0;
      this.scaleMode = 'cycle';
    } else if (mode === 'triangular2') {
      this.scaleFn = (x) => 1 / 2.0 ** (x - 1);
      this.scaleMode = 'cycle';
    } else {
      this.scaleFn = (x) => this.gamma ** x;
      this.scaleMode = 'iterations';
    }
    this.cycleMomentum = cycleMomentum;
    if (cycleMomentum) {
      if (!('momentum' in optimizer.defaults)) {
        throw new Error('CyclicLR: cycleMomentum needs an optimizer with momentum (e.g. SGD); pass cycleMomentum: false');
      }
      const baseMs = perGroup('baseMomentum', 'CyclicLR', optimizer, baseMomentum);
      if (lastEpoch === -1) optimizer.paramGroups.forEach((g, i) => (g.momentum = baseMs[i]));
      this.baseMomentums = optimizer.paramGroups.map((g) => g.momentum as number);
      this.maxMomentums = perGroup('maxMomentum', 'CyclicLR', optimizer, maxMomentum);
    }
    this.baseLrs = baseLrs;
    this.initialStep();
  }

  protected override getLr(): number[] {
    const cycle = Math.floor(1 + this.lastEpoch / this.totalSize);
    const x = 1.0 + this.lastEpoch / this.totalSize - cycle;
    const scaleFactor = x <= this.stepRatio ? x / this.stepRatio : (x - 1) / (this.stepRatio - 1);
    const scale = this.scaleFn(this.scaleMode === 'cycle' ? cycle : this.lastEpoch);
    const lrs = this.baseLrs.map((base, i) => base + (this.maxLrs[i] - base) * scaleFactor * scale);
    if (this.cycleMomentum) {
      this.groups.forEach((g, i) => {
        const height = (this.maxMomentums[i] - this.baseMomentums[i]) * scaleFactor;
        g.momentum = this.maxMomentums[i] - height * scale;
      });
    }
    return lrs;
  }
}
