import { Generator } from '../../data/generator';

/**
 * Splits `nDraws` among classes proportionally to `classCounts`, flooring and handing the remaining
 * draws to the largest remainders (ties broken at random) — sklearn's `_approximate_mode`, the
 * allocation behind stratified splits.
 */
export function approximateMode(classCounts: number[], nDraws: number, gen: Generator): number[] {
  const total = classCounts.reduce((a, b) => a + b, 0);
  const continuous = classCounts.map((c) => (c / total) * nDraws);
  const floored = continuous.map(Math.floor);
  let need = nDraws - floored.reduce((a, b) => a + b, 0);
  if (need > 0) {
    const remainder = continuous.map((c, i) => c - floored[i]);
    const values = [...new Set(remainder)].sort((a, b) => b - a);
    for (const value of values) {
      const inds = remainder.map((r, i) => (r === value ? i : -1)).filter((i) => i >= 0);
      const addNow = Math.min(inds.length, need);
      // choose addNow of inds without replacement
      for (let k = 0; k < addNow; k++) {
        const j = k + Math.floor(gen.random() * (inds.length - k));
        [inds[k], inds[j]] = [inds[j], inds[k]];
        floored[inds[k]] += 1;
      }
      need -= addNow;
      if (need === 0) break;
    }
  }
  return floored;
}
