/**
 * The starting state of seedrandom's alea generator for a seed text: what `seedrandom.alea(text, { state: true })
 * .state()` returns, which `tf.randomUniform(shape, 0, 1, dtype, seed)` draws from (seeded with `seed.toString()`).
 *
 * seedrandom builds a generator object with closures and hashes the text four times over (three times a space,
 * then the seed); the first three hashes never depend on the seed, so they are done once here, and a dropout
 * mask pays only for hashing its seed: ~0.2 µs instead of ~5 µs per mask (a breast-cancer step draws three).
 * Baagøe's "Mash" hash, as seedrandom/lib/alea.js computes it: every value is a double, in the same order of
 * operations, so the state is the same to the last bit (tests compare the two over thousands of seeds).
 */

/** alea's state: three fractions in [0, 1) (multiples of 2^-32) and an integer carry. */
export interface AleaState {
  c: number;
  s0: number;
  s1: number;
  s2: number;
}

const TWO_POW_32 = 0x100000000;
const TWO_POW_MINUS_32 = 2.3283064365386963e-10;

/** Mash's running value after hashing `text`, starting from `n` (a double, not always a whole number). */
function mashRun(n: number, text: string): number {
  for (let i = 0; i < text.length; i++) {
    n += text.charCodeAt(i);
    let h = 0.02519603282416938 * n;
    n = h >>> 0;
    h -= n;
    h *= n;
    n = h >>> 0;
    h -= n;
    n += h * TWO_POW_32;
  }
  return n;
}

/** Mash's output for its running value. */
const mashOut = (n: number): number => (n >>> 0) * TWO_POW_MINUS_32;

// The three hashes of a space every generator starts with.
const N1 = mashRun(0xefc8249d, ' ');
const N2 = mashRun(N1, ' ');
const N3 = mashRun(N2, ' ');
const SPACE0 = mashOut(N1);
const SPACE1 = mashOut(N2);
const SPACE2 = mashOut(N3);

/** alea's state right after seeding with `text` (before any draw). */
export function aleaState(text: string): AleaState {
  const n4 = mashRun(N3, text);
  const n5 = mashRun(n4, text);
  const n6 = mashRun(n5, text);
  let s0 = SPACE0 - mashOut(n4);
  if (s0 < 0) s0 += 1;
  let s1 = SPACE1 - mashOut(n5);
  if (s1 < 0) s1 += 1;
  let s2 = SPACE2 - mashOut(n6);
  if (s2 < 0) s2 += 1;
  return { c: 1, s0, s1, s2 };
}
