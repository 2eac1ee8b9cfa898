import type { Optimizer } from '../optimizer';
import { LRScheduler, perGroup } from './lr_scheduler';

/** Options of `OneCycleLR`. */
export interface OneCycleLROptions {
  /** The peak learning rate (one for all groups or one per group). Required. */
  maxLr: number | number[];
  /** Total number of steps; or give `epochs` and `stepsPerEpoch`. */
  totalSteps?: number;
  epochs?: number;
  stepsPerEpoch?: number;
  /** Fraction of the steps spent increasing the learning rate. Default 0.3. */
  pctStart?: number;
  /** `'cos'` (default) or `'linear'` annealing. */
  annealStrategy?: 'cos' | 'linear';
  /** Cycle the momentum (SGD's `momentum`, Adam's beta1) inversely to the learning rate. Default true. */
  cycleMomentum?: boolean;
  /** Lowest momentum. Default 0.85. */
  baseMomentum?: number | number[];
  /** Highest momentum. Default 0.95. */
  maxMomentum?: number | number[];
  /** initialLr = maxLr / divFactor. Default 25. */
  divFactor?: number;
  /** minLr = initialLr / finalDivFactor. Default 1e4. */
  finalDivFactor?: number;
  /** Use a third phase that anneals from initialLr down to minLr (fastai's schedule otherwise). Default false. */
  threePhase?: boolean;
  /** Index of the last step when resuming. Default -1. */
  lastEpoch?: number;
}

interface Phase {
  endStep: number;
  startLr: 'initialLr' | 'maxLr';
  endLr: 'initialLr' | 'maxLr' | 'minLr';
  startMomentum: 'maxMomentum' | 'baseMomentum';
  endMomentum: 'maxMomentum' | 'baseMomentum';
}

/**
 * The 1cycle policy (Smith & Topin, 2017), like `torch.optim.lr_scheduler.OneCycleLR`: the learning rate
 * rises from maxLr / divFactor to maxLr over `pctStart` of the steps, then anneals to a tiny minLr; the
 * momentum moves the opposite way. Step it after every batch, not every epoch.
 *
 * ```ts
 * const sched = new optim.lrScheduler.OneCycleLR(opt, { maxLr: 0.01, epochs: 10, stepsPerEpoch: loader.length });
 * ```
 */
export class OneCycleLR extends LRScheduler {
  readonly totalSteps: number;
  readonly annealStrategy: 'cos' | 'linear';
  readonly cycleMomentum: boolean;
  /** Whether the momentum lives in Adam's `betas[0]` rather than `momentum`. */
  readonly useBeta1: boolean;
  private readonly phases: Phase[];

  constructor(optimizer: Optimizer<any>, options: OneCycleLROptions) {
    const lastEpoch = options?.lastEpoch ?? -1;
    const maxLrs = perGroup('maxLr', 'OneCycleLR', optimizer, options?.maxLr);
    const {
      totalSteps,
      epochs,
      stepsPerEpoch,
      pctStart = 0.3,
      annealStrategy = 'cos',
      cycleMomentum = true,
      baseMomentum = 0.85,
      maxMomentum = 0.95,
      divFactor = 25,
      finalDivFactor = 1e4,
      threePhase = false,
    } = options;
    let total: number;
    if (totalSteps !== undefined) {
      if (!Number.isInteger(totalSteps) || totalSteps <= 0) throw new Error(`OneCycleLR: expected a positive integer totalSteps, got ${totalSteps}`);
      total = totalSteps;
    } else if (epochs !== undefined && stepsPerEpoch !== undefined) {
      if (!Number.isInteger(epochs) || epochs <= 0) throw new Error(`OneCycleLR: expected a positive integer epochs, got ${epochs}`);
      if (!Number.isInteger(stepsPerEpoch) || stepsPerEpoch <= 0) {
        throw new Error(`OneCycleLR: expected a positive integer stepsPerEpoch, got ${stepsPerEpoch}`);
      }
      total = epochs * stepsPerEpoch;
    } else {
      throw new Error('OneCycleLR: give either totalSteps, or epochs and stepsPerEpoch');
    }
    if (!(pctStart >= 0 && pctStart <= 1)) throw new Error(`OneCycleLR: pctStart must be in [0, 1], got ${pctStart}`);
    if (annealStrategy !== 'cos' && annealStrategy !== 'linear') {
      throw new Error(`OneCycleLR: annealStrategy must be 'cos' or 'linear', got '${annealStrategy}'`);
    }
    const useBeta1 = 'betas' in optimizer.defaults;
    if (cycleMomentum && !('momentum' in optimizer.defaults) && !useBeta1) {
      throw new Error('OneCycleLR: cycleMomentum needs an optimizer with momentum or betas (pass cycleMomentum: false)');
    }
    if (lastEpoch === -1) {
      optimizer.paramGroups.forEach((g, i) => {
        g.initialLr = maxLrs[i] / divFactor;
        g.maxLr = maxLrs[i];
        g.minLr = (g.initialLr as number) / finalDivFactor;
      });
    }
    if (cycleMomentum && lastEpoch === -1) {
      const maxMs = perGroup('maxMomentum', 'OneCycleLR', optimizer, maxMomentum);
      const baseMs = perGroup('baseMomentum', 'OneCycleLR', optimizer, baseMomentum);
      optimizer.paramGroups.forEach((g, i) => {
        if (useBeta1) g.betas = [maxMs[i], (g.betas as number[])[1]];
        else g.momentum = maxMs[i];
        g.maxMomentum = maxMs[i];
        g.baseMomentum = baseMs[i];
      });
    }
    super(optimizer, lastEpoch);
    this.totalSteps = total;
    this.annealStrategy = annealStrategy;
    this.cycleMomentum = cycleMomentum;
    this.useBeta1 = useBeta1;
    this.phases = threePhase
      ? [
          { endStep: pctStart * total - 1, startLr: 'initialLr', endLr: 'maxLr', startMomentum: 'maxMomentum', endMomentum: 'baseMomentum' },
          { endStep: 2 * pctStart * total - 2, startLr: 'maxLr', endLr: 'initialLr', startMomentum: 'baseMomentum', endMomentum: 'maxMomentum' },
          { endStep: total - 1, startLr: 'initialLr', endLr: 'minLr', startMomentum: 'maxMomentum', endMomentum: 'maxMomentum' },
        ]
      : [
          { endStep: pctStart * total - 1, startLr: 'initialLr', endLr: 'maxLr', startMomentum: 'maxMomentum', endMomentum: 'baseMomentum' },
          { endStep: total - 1, startLr: 'maxLr', endLr: 'minLr', startMomentum: 'baseMomentum', endMomentum: 'maxMomentum' },
        ];
    this.initialStep();
  }

  private anneal(start: number, end: number, pct: number): number {
    if (this.annealStrategy === 'linear') return (end - start) * pct + start;
    return end + ((start - end) / 2) * (Math.cos(Math.PI * pct) + 1);
  }

  protected override getLr(): number[] {
    const stepNum = this.lastEpoch;
    if (stepNum > this.totalSteps) {
      throw new Error(`OneCycleLR: tried to step ${stepNum + 1} times; the specified number of total steps is ${this.totalSteps}`);
    }
    return this.groups.map((g) => {
      let startStep = 0;
      let lr = g.lr;
      for (let i = 0; i < this.phases.length; i++) {
        const phase = this.phases[i];
        if (stepNum <= phase.endStep || i === this.phases.length - 1) {
          const pct = (stepNum - startStep) / (phase.endStep - startStep);
          lr = this.anneal(g[phase.startLr] as number, g[phase.endLr] as number, pct);
          if (this.cycleMomentum) {
            const m = this.anneal(g[phase.startMomentum] as number, g[phase.endMomentum] as number, pct);
            if (this.useBeta1) g.betas = [m, (g.betas as number[])[1]];
            else g.momentum = m;
          }
          break;
        }
        startStep = phase.endStep;
      }
      return lr;
    });
  }
}
