/** Float32 comparison shared by the losses, optimizers and schedulers tests. */
import { expect } from 'vitest';

/** Relative tolerance of the parity contract (float32). */
export const RTOL = 1e-4;
/** Absolute floor for values near zero. */
export const ATOL = 1e-5;

/** Asserts |actual - expected| <= atol + rtol * |expected| element-wise, naming the worst element. */
export function expectClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  what: string,
  rtol = RTOL,
  atol = ATOL,
): void {
  expect(actual.length, `${what}: length`).toBe(expected.length);
  let worst = -1;
  let worstExcess = 0;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i];
    const e = expected[i];
    const excess = Math.abs(a - e) - (atol + rtol * Math.abs(e));
    if (Number.isNaN(a) !== Number.isNaN(e) || excess > worstExcess) {
      worst = i;
      worstExcess = Number.isNaN(excess) ? Infinity : excess;
    }
  }
  if (worst >= 0) {
    throw new Error(`${what}: element ${worst} is ${actual[worst]}, expected ${expected[worst]} (rtol ${rtol}, atol ${atol})`);
  }
}
