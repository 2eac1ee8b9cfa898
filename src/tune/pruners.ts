import { FrozenTrial } from './frozen_trial';
import { StudyView } from './samplers/sampler';

/** Decides whether a running trial should stop early. */
export interface Pruner {
  prune(study: StudyView, trial: FrozenTrial): boolean;
}

/** Never prunes (Optuna's `NopPruner`). */
export class NopPruner implements Pruner {
  prune(): boolean {
    return false;
  }
}

/** Options of {@link MedianPruner} (Optuna's defaults). */
export interface MedianPrunerOptions {
  /** No pruning until this many trials have completed (default 5). */
  nStartupTrials?: number;
  /** No pruning before this step of a trial (default 0). */
  nWarmupSteps?: number;
  /** Check only every this many steps after the warm-up (default 1). */
  intervalSteps?: number;
  /** Completed trials reporting at the step needed for a median (default 1). */
  nMinTrials?: number;
}

function percentile(values: number[], q: number): number {
  const s = values.slice().sort((a, b) => a - b);
  const pos = (q / 100) * (s.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}

/**
 * Prunes a trial whose best intermediate value so far is worse than the median of the completed
 * trials' values at the same step (Optuna's `MedianPruner`).
 * ```ts
 * const study = optuna.createStudy({ pruner: new optuna.pruners.MedianPruner({ nWarmupSteps: 2 }) });
 * // in the objective, after each epoch: trial.report(valLoss, epoch); if (trial.shouldPrune()) throw new optuna.TrialPruned();
 * ```
 */
export class MedianPruner implements Pruner {
  readonly nStartupTrials: number;
  readonly nWarmupSteps: number;
  readonly intervalSteps: number;
  readonly nMinTrials: number;

  constructor(options: MedianPrunerOptions = {}) {
    this.nStartupTrials = options.nStartupTrials ?? 5;
    this.nWarmupSteps = options.nWarmupSteps ?? 0;
    this.intervalSteps = options.intervalSteps ?? 1;
    this.nMinTrials = options.nMinTrials ?? 1;
    for (const [k, v, min] of [['nStartupTrials', this.nStartupTrials, 0], ['nWarmupSteps', this.nWarmupSteps, 0], ['intervalSteps', this.intervalSteps, 1], ['nMinTrials', this.nMinTrials, 1]] as const) {
      if (!Number.isInteger(v) || v < min) throw new Error(`MedianPruner: ${k} should be an integer >= ${min}, got ${v}`);
    }
  }

  prune(study: StudyView, trial: FrozenTrial): boolean {
    const steps = [...trial.intermediateValues.keys()];
    if (steps.length === 0) return false;
    const step = Math.max(...steps);
    const completed = study.trials.filter((t) => t.state === 'COMPLETE');
    if (completed.length < this.nStartupTrials) return false;
    if (step < this.nWarmupSteps) return false;
    if ((step - this.nWarmupSteps) % this.intervalSteps !== 0) return false;
    const values = [...trial.intermediateValues.values()];
    if (Number.isNaN(trial.intermediateValues.get(step)!)) return true;
    const finite = values.filter((v) => !Number.isNaN(v));
    const best = study.direction === 'minimize' ? Math.min(...finite) : Math.max(...finite);
    const others = completed.map((t) => t.intermediateValues.get(step)).filter((v): v is number => v !== undefined && !Number.isNaN(v));
    if (others.length < this.nMinTrials) return false;
    const median = percentile(others, 50);
    return study.direction === 'minimize' ? best > median : best < median;
  }
}
