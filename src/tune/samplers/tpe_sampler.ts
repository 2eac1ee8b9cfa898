import { Generator, makeGenerator } from '../../data/generator';
import { ParamDistribution, ParamValue, fromInternal, internalBounds, toInternal } from '../distributions';
import { FrozenTrial } from '../frozen_trial';
import { defaultWeights, buildParzen, logPdfParzen, sampleParzen } from './parzen_estimator';
import { sampleUniform } from './random_sampler';
import { Sampler, StudyView } from './sampler';

/** Options of {@link TPESampler} (Optuna's defaults). */
export interface TPESamplerOptions {
  seed?: number;
  /** Random trials before TPE starts (default 10). */
  nStartupTrials?: number;
  /** Candidates drawn from l(x) per suggestion (default 24). */
  nEiCandidates?: number;
  /** Size of the "good" group from the number of finished trials (default min(ceil(0.1 n), 25)). */
  gamma?: (n: number) => number;
  /** Weight of the prior component (default 1). */
  priorWeight?: number;
}

/**
 * Tree-structured Parzen Estimator (Optuna's default `TPESampler`, independent per parameter).
 *
 * After `nStartupTrials` random trials, finished trials are split into the best `gamma(n)` ("below")
 * and the rest ("above"); each group gets a Parzen density (l and g) over the parameter, candidates
 * are drawn from l and the one with the largest l(x)/g(x) is suggested.
 * ```ts
 * const study = optuna.createStudy({ direction: 'minimize', sampler: new optuna.samplers.TPESampler({ seed: 42 }) });
 * ```
 */
export class TPESampler implements Sampler {
  private readonly gen: Generator;
  readonly nStartupTrials: number;
  readonly nEiCandidates: number;
  readonly gamma: (n: number) => number;
  readonly priorWeight: number;

  constructor(options: TPESamplerOptions = {}) {
    this.gen = makeGenerator(options.seed);
    this.nStartupTrials = options.nStartupTrials ?? 10;
    this.nEiCandidates = options.nEiCandidates ?? 24;
    this.gamma = options.gamma ?? ((n) => Math.min(Math.ceil(0.1 * n), 25));
    this.priorWeight = options.priorWeight ?? 1;
    if (!Number.isInteger(this.nStartupTrials) || this.nStartupTrials < 0) throw new Error(`TPESampler: nStartupTrials should be a non-negative integer, got ${this.nStartupTrials}`);
    if (!Number.isInteger(this.nEiCandidates) || this.nEiCandidates < 1) throw new Error(`TPESampler: nEiCandidates should be a positive integer, got ${this.nEiCandidates}`);
  }

  /** Finished trials with this parameter, best first (complete by value, then pruned by progress). */
  private rankedTrials(study: StudyView, name: string): FrozenTrial[] {
    const sign = study.direction === 'minimize' ? 1 : -1;
    const withParam = study.trials.filter((t) => name in t.params && (t.state === 'COMPLETE' || t.state === 'PRUNED') && t.value !== null && !Number.isNaN(t.value));
    const complete = withParam.filter((t) => t.state === 'COMPLETE').sort((a, b) => sign * (a.value! - b.value!));
    const lastStep = (t: FrozenTrial) => Math.max(-1, ...t.intermediateValues.keys());
    const pruned = withParam.filter((t) => t.state === 'PRUNED').sort((a, b) => lastStep(b) - lastStep(a) || sign * (a.value! - b.value!));
    return [...complete, ...pruned];
  }

  sample(study: StudyView, _trial: FrozenTrial, name: string, d: ParamDistribution): ParamValue {
    const ranked = this.rankedTrials(study, name);
    if (ranked.length < this.nStartupTrials || ranked.length < 2) return sampleUniform(this.gen, d);
    const nBelow = Math.max(1, Math.min(ranked.length - 1, this.gamma(ranked.length)));
    const belowSet = new Set(ranked.slice(0, nBelow));
    // Observations in trial order (the weights favour recent trials).
    const inOrder = ranked.slice().sort((a, b) => a.number - b.number);
    const below = inOrder.filter((t) => belowSet.has(t)).map((t) => toInternal(d, t.params[name]));
    const above = inOrder.filter((t) => !belowSet.has(t)).map((t) => toInternal(d, t.params[name]));
    if (d.kind === 'categorical') return this.sampleCategorical(d.choices, below, above);
    const [low, high] = internalBounds(d);
    const l = buildParzen(below, low, high, this.priorWeight);
    const g = buildParzen(above, low, high, this.priorWeight);
    let best = NaN;
    let bestScore = -Infinity;
    for (let i = 0; i < this.nEiCandidates; i++) {
      const x = sampleParzen(l, this.gen);
      const score = logPdfParzen(l, x) - logPdfParzen(g, x);
      if (score > bestScore) [best, bestScore] = [x, score];
    }
    return fromInternal(d, best);
  }

  private sampleCategorical(choices: unknown[], below: number[], above: number[]): ParamValue {
    const k = choices.length;
    const density = (obs: number[]) => {
      const w = defaultWeights(obs.length);
      const mass = new Array<number>(k).fill(this.priorWeight / k);
      obs.forEach((c, i) => (mass[c] += w[i]));
      const total = mass.reduce((a, b) => a + b, 0);
      return mass.map((m) => m / total);
    };
    const l = density(below);
    const g = density(above);
    let best = 0;
    let bestScore = -Infinity;
    for (let i = 0; i < this.nEiCandidates; i++) {
      let u = this.gen.random();
      let c = 0;
      while (c < k - 1 && u >= l[c]) u -= l[c++];
      const score = Math.log(l[c]) - Math.log(g[c]);
      if (score > bestScore) [best, bestScore] = [c, score];
    }
    return choices[best];
  }
}
