/** The search space of one hyper-parameter (Optuna's distributions). */
export type ParamDistribution =
  | { kind: 'float'; low: number; high: number; log: boolean; step: number | null }
  | { kind: 'int'; low: number; high: number; log: boolean; step: number }
  | { kind: 'categorical'; choices: unknown[] };

/** A parameter value. */
export type ParamValue = unknown;

/** Readable form, e.g. `FloatDistribution(low=1e-05, high=0.1, log=true)`. */
export function describeDistribution(d: ParamDistribution): string {
  if (d.kind === 'categorical') return `CategoricalDistribution(choices=${JSON.stringify(d.choices)})`;
  const name = d.kind === 'float' ? 'FloatDistribution' : 'IntDistribution';
  return `${name}(low=${d.low}, high=${d.high}, log=${d.log}, step=${d.step})`;
}

/** Same search space? (a parameter's space may not change between trials). */
export function sameDistribution(a: ParamDistribution, b: ParamDistribution): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Maps a value into the sampler's working space: log for log scales, index for categoricals. */
export function toInternal(d: ParamDistribution, value: ParamValue): number {
  if (d.kind === 'categorical') return d.choices.indexOf(value);
  return d.log ? Math.log(value as number) : (value as number);
}

/** Maps back from the working space, rounding to the step and clamping to the bounds. */
export function fromInternal(d: ParamDistribution, x: number): ParamValue {
  if (d.kind === 'categorical') return d.choices[Math.round(x)];
  let v = d.log ? Math.exp(x) : x;
  if (d.kind === 'int') {
    v = d.low + Math.round((v - d.low) / d.step) * d.step;
    v = Math.round(v);
  } else if (d.step !== null) {
    v = d.low + Math.round((v - d.low) / d.step) * d.step;
  }
  return Math.min(d.high, Math.max(d.low, v));
}

/** Bounds of the working space (ints and stepped floats widened by half a step, as Optuna). */
export function internalBounds(d: Exclude<ParamDistribution, { kind: 'categorical' }>): [number, number] {
  const half = d.kind === 'int' || d.step !== null ? (d.step ?? 1) / 2 : 0;
  if (d.log) return [Math.log(d.low - half), Math.log(d.high + half)];
  return [d.low - half, d.high + half];
}
