import { Generator } from '../../data/generator';

/** A distribution to draw a hyper-parameter from (for {@link RandomizedSearch}). */
export interface Distribution {
  sample(gen: Generator): number;
  readonly description: string;
}

function check(low: number, high: number, who: string, positive = false): void {
  if (!(Number.isFinite(low) && Number.isFinite(high) && low < high)) throw new Error(`${who}: need low < high, got low=${low}, high=${high}`);
  if (positive && low <= 0) throw new Error(`${who}: low must be > 0 for a log scale, got low=${low}`);
}

/** Uniform on [low, high). */
export function uniform(low: number, high: number): Distribution {
  check(low, high, 'uniform');
  return { sample: (g) => low + (high - low) * g.random(), description: `uniform(${low}, ${high})` };
}

/** Log-uniform on [low, high) (scipy's `loguniform`), for learning rates and other scales. */
export function loguniform(low: number, high: number): Distribution {
  check(low, high, 'loguniform', true);
  const a = Math.log(low);
  const b = Math.log(high);
  return { sample: (g) => Math.exp(a + (b - a) * g.random()), description: `loguniform(${low}, ${high})` };
}

/** Uniform integers in [low, high) (scipy's `randint`, high excluded). */
export function randint(low: number, high: number): Distribution {
  check(low, high, 'randint');
  if (!Number.isInteger(low) || !Number.isInteger(high)) throw new Error(`randint: low and high must be integers, got ${low}, ${high}`);
  return { sample: (g) => low + Math.floor(g.random() * (high - low)), description: `randint(${low}, ${high})` };
}
