/**
 * Seeded random numbers for data code (shuffling, splitting, augmentation, synthetic data sets).
 *
 * Every random choice in `data`, `vision`, `sk` and `optuna` goes through a {@link Generator} made here
 * from `src/random.ts`, so `tsdl.manualSeed(42)` (or an explicit `seed` / `randomState` argument)
 * makes a run repeatable.
 */
import { nextSeed, randomGenerator } from '../random';

/** The part of `src/random.ts`'s generator that data code uses: uniform numbers in [0, 1). */
export interface Generator {
  random(): number;
}

/**
 * A generator seeded with `seed`, or with a fresh seed drawn from the global seeded generator
 * (so `manualSeed` controls it) when `seed` is undefined.
 */
export function makeGenerator(seed?: number): Generator {
  if (seed !== undefined && !Number.isFinite(seed)) {
    throw new Error(`seed must be a finite number, got ${seed}`);
  }
  return randomGenerator(seed ?? nextSeed());
}

/** A uniform integer in [0, n). */
export function randint(gen: Generator, n: number): number {
  return Math.min(n - 1, Math.floor(gen.random() * n));
}

/** A uniform number in [low, high). */
export function uniform(gen: Generator, low = 0, high = 1): number {
  return low + (high - low) * gen.random();
}

/** A normal sample with the given mean and standard deviation (Box-Muller). */
export function normal(gen: Generator, mean = 0, std = 1): number {
  let u = gen.random();
  while (u <= Number.MIN_VALUE) u = gen.random();
  const v = gen.random();
  return mean + std * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Shuffles `array` in place (Fisher-Yates) and returns it. */
export function shuffleInPlace<T>(gen: Generator, array: T[]): T[] {
  for (let i = array.length - 1; i > 0; i--) {
    const j = randint(gen, i + 1);
    const tmp = array[i];
    array[i] = array[j];
    array[j] = tmp;
  }
  return array;
}

/** A random permutation of 0..n-1. */
export function permutation(gen: Generator, n: number): number[] {
  return shuffleInPlace(gen, Array.from({ length: n }, (_, i) => i));
}
