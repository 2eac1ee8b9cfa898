import { Dataset, Subset } from './dataset';
import { makeGenerator, permutation } from './generator';

/**
 * Splits `dataset` into non-overlapping random subsets (PyTorch's `random_split`).
 *
 * `lengths` are either item counts summing to `dataset.length`, or fractions summing to 1 (the counts
 * are then `floor(fraction * n)`, and the remainder is handed out one by one from the first subset,
 * as PyTorch does). `seed` makes the split repeatable; without it the global seed (`manualSeed`) does.
 * ```ts
 * const [train, val] = data.randomSplit(ds, [0.8, 0.2], 42);
 * ```
 */
export function randomSplit<T>(dataset: Dataset<T>, lengths: number[], seed?: number): Subset<T>[] {
  const n = dataset.length;
  if (lengths.length === 0) throw new Error('randomSplit: lengths must not be empty');
  if (lengths.some((l) => !Number.isFinite(l) || l < 0)) {
    throw new Error(`randomSplit: lengths must be non-negative numbers, got [${lengths.join(', ')}]`);
  }
  let counts: number[];
  const total = lengths.reduce((a, b) => a + b, 0);
  const areFractions = lengths.every((l) => l <= 1) && Math.abs(total - 1) < 1e-9 && !lengths.every(Number.isInteger);
  if (areFractions) {
    counts = lengths.map((f) => Math.floor(n * f));
    let remainder = n - counts.reduce((a, b) => a + b, 0);
    for (let k = 0; remainder > 0; k = (k + 1) % counts.length, remainder--) counts[k] += 1;
  } else {
    if (!lengths.every(Number.isInteger) || total !== n) {
      throw new Error(
        `randomSplit: sum of lengths [${lengths.join(', ')}] = ${total} does not equal the length of the data set (${n}); ` +
          'give integer counts summing to it or fractions summing to 1',
      );
    }
    counts = lengths.slice();
  }
  const order = permutation(makeGenerator(seed), n);
  const subsets: Subset<T>[] = [];
  let offset = 0;
  for (const c of counts) {
    subsets.push(new Subset(dataset, order.slice(offset, offset + c)));
    offset += c;
  }
  return subsets;
}
