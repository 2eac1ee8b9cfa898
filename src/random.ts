/**
 * Seeded random numbers for the whole library.
 *
 * Everything random in tsdl (weight initialisation, dropout masks, data shuffling, `tsdl.randn`...) draws
 * its seed from one global generator, so `manualSeed(42)` at the top of a notebook makes a run repeatable,
 * like `torch.manual_seed(42)`.
 *
 * TensorFlow.js random ops take an explicit `seed` argument; pass `nextSeed()`:
 *
 * ```ts
 * manualSeed(0);
 * const w = tf.randomUniform([3, 4], -1, 1, 'float32', nextSeed());
 * const order = randomGenerator().shuffle([0, 1, 2, 3]);
 * ```
 */

/** A small deterministic pseudo-random generator (sfc32, 128-bit state). */
export interface RandomGenerator {
  /** A float in [0, 1). */
  random(): number;
  /** An integer in [0, n). Throws when `n` is not a positive integer. */
  randint(n: number): number;
  /** A sample of the standard normal distribution N(0, 1) (Box–Muller). */
  normal(): number;
  /** Shuffles `array` in place (Fisher–Yates) and returns it. */
  shuffle<T>(array: T[]): T[];
  /** A random permutation of 0..n-1. */
  permutation(n: number): number[];
  /** A fresh 32-bit unsigned integer, usable as a seed. */
  nextUint32(): number;
}

/** Mixes one 32-bit integer into another (splitmix-style), used to expand a seed into generator state. */
function mix32(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

function checkSeed(seed: number, what: string): void {
  if (typeof seed !== 'number' || !Number.isFinite(seed)) {
    throw new TypeError(`${what}: seed must be a finite number, got ${String(seed)}`);
  }
}

class Sfc32 implements RandomGenerator {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spareNormal: number | null = null;

  constructor(seed: number) {
    // Use both halves of large seeds so that e.g. 2**32 + 1 and 1 differ.
    const lo = seed >>> 0;
    const hi = Math.floor(Math.abs(seed) / 4294967296) >>> 0;
    this.a = mix32(lo ^ 0x9e3779b9);
    this.b = mix32(hi ^ 0x243f6a88);
    this.c = mix32(lo + 0x85a308d3);
    this.d = 1;
    for (let i = 0; i < 15; i++) this.nextUint32();
  }

  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  random(): number {
    return this.nextUint32() / 4294967296;
  }

  randint(n: number): number {
    if (!Number.isInteger(n) || n <= 0) {
      throw new RangeError(`randint(n): n must be a positive integer, got ${n}`);
    }
    return Math.floor(this.random() * n);
  }

  normal(): number {
    if (this.spareNormal !== null) {
      const z = this.spareNormal;
      this.spareNormal = null;
      return z;
    }
    let u = 0;
    while (u === 0) u = this.random();
    const v = this.random();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  shuffle<T>(array: T[]): T[] {
    for (let i = array.length - 1; i > 0; i--) {
      const j = this.randint(i + 1);
      const tmp = array[i];
      array[i] = array[j];
      array[j] = tmp;
    }
    return array;
  }

  permutation(n: number): number[] {
    if (!Number.isInteger(n) || n < 0) {
      throw new RangeError(`permutation(n): n must be a non-negative integer, got ${n}`);
    }
    return this.shuffle(Array.from({ length: n }, (_, i) => i));
  }
}

let globalGenerator: RandomGenerator = new Sfc32(Math.floor(Math.random() * 2 ** 32));
let lastSeed: number | null = null;

/**
 * Seeds the global generator, like `torch.manual_seed(seed)`. Every later random draw in tsdl (and every
 * `nextSeed()`) follows from this seed.
 */
export function manualSeed(seed: number): void {
  checkSeed(seed, 'manualSeed');
  globalGenerator = new Sfc32(seed);
  lastSeed = seed;
}

/** The seed last given to `manualSeed`, or `null` when the generator was seeded from the clock. */
export function initialSeed(): number | null {
  return lastSeed;
}

/**
 * A fresh integer seed from the global generator, for the `seed` argument of tfjs random ops
 * (`tf.randomNormal(shape, 0, 1, 'float32', nextSeed())`, `tf.dropout(x, p, undefined, nextSeed())`).
 */
export function nextSeed(): number {
  return globalGenerator.nextUint32();
}

/**
 * A generator of its own. With `seed` it is independent of the global one; without, it is seeded from
 * the global generator (so it is still repeatable after `manualSeed`).
 *
 * ```ts
 * const rng = randomGenerator(7);
 * rng.random();            // 0.…, the same every run
 * rng.shuffle([1, 2, 3]);  // shuffled in place
 * ```
 */
export function randomGenerator(seed?: number): RandomGenerator {
  if (seed !== undefined) checkSeed(seed, 'randomGenerator');
  return new Sfc32(seed ?? nextSeed());
}

/** The global generator itself (draws advance the global state). */
export function globalRandom(): RandomGenerator {
  return globalGenerator;
}
