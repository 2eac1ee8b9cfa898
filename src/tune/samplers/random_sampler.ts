import { Generator, makeGenerator } from '../../data/generator';
import { ParamDistribution, ParamValue, fromInternal, internalBounds } from '../distributions';
import { Sampler } from './sampler';

/** Draws a value uniformly from the working space of `d` (log space for log scales). */
export function sampleUniform(gen: Generator, d: ParamDistribution): ParamValue {
  if (d.kind === 'categorical') return d.choices[Math.floor(gen.random() * d.choices.length)];
  const [lo, hi] = internalBounds(d);
  return fromInternal(d, lo + (hi - lo) * gen.random());
}

/**
 * Independent uniform sampling (Optuna's `RandomSampler`).
 * ```ts
 * optuna.createStudy({ sampler: new optuna.samplers.RandomSampler({ seed: 0 }) });
 * ```
 */
export class RandomSampler implements Sampler {
  private readonly gen: Generator;

  constructor(options: { seed?: number } = {}) {
    this.gen = makeGenerator(options.seed);
  }

  sample(_study: unknown, _trial: unknown, _name: string, distribution: ParamDistribution): ParamValue {
    return sampleUniform(this.gen, distribution);
  }
}
