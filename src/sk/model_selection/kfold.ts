import { VectorLike, numSamples, toVector, uniqueSorted } from '../array_like';
import { Generator, makeGenerator, permutation, shuffleInPlace } from '../../data/generator';

/** One split: training row indices and test row indices. */
export type TrainTestIndices = [number[], number[]];

function checkSplits(nSplits: number, shuffle: boolean, randomState: number | undefined, who: string): void {
  if (!Number.isInteger(nSplits)) throw new Error(`The number of folds must be of Integral type. ${nSplits} was passed.`);
  if (nSplits <= 1) {
    throw new Error(`${who} cross-validation requires at least one train/test split by setting nSplits=2 or more, got nSplits=${nSplits}.`);
  }
  if (!shuffle && randomState !== undefined) {
    throw new Error('Setting a randomState has no effect since shuffle is false. You should leave randomState to its default (undefined), or set shuffle=true.');
  }
}

/** What KFold and StratifiedKFold share: the number of folds and the seeded shuffle. */
abstract class BaseKFold {
  readonly shuffle: boolean;
  readonly randomState?: number;
  protected readonly gen: Generator | null;

  constructor(readonly nSplits = 5, options: { shuffle?: boolean; randomState?: number } = {}) {
    this.shuffle = options.shuffle ?? false;
    this.randomState = options.randomState;
    checkSplits(nSplits, this.shuffle, this.randomState, 'k-fold');
    this.gen = this.shuffle ? makeGenerator(this.randomState) : null;
  }

  getNSplits(): number {
    return this.nSplits;
  }
}

/**
 * K-fold cross-validation indices (sklearn's `KFold`): consecutive folds (after an optional seeded
 * shuffle); the first `n % nSplits` folds get one extra sample.
 * ```ts
 * for (const [trainIdx, testIdx] of new sk.modelSelection.KFold(5, { shuffle: true, randomState: 42 }).split(X)) { ... }
 * ```
 */
export class KFold extends BaseKFold {

  /** The `nSplits` pairs `[trainIndices, testIndices]` for the rows of `X`. */
  split(X: unknown, _y?: unknown): TrainTestIndices[] {
    const n = numSamples(X, 'X');
    if (this.nSplits > n) {
      throw new Error(`Cannot have number of splits nSplits=${this.nSplits} greater than the number of samples: nSamples=${n}.`);
    }
    const gen = this.randomState !== undefined ? makeGenerator(this.randomState) : this.gen;
    const order = gen ? permutation(gen, n) : Array.from({ length: n }, (_, i) => i);
    const folds: TrainTestIndices[] = [];
    let start = 0;
    for (let k = 0; k < this.nSplits; k++) {
      const size = Math.floor(n / this.nSplits) + (k < n % this.nSplits ? 1 : 0);
      const test = order.slice(start, start + size).sort((a, b) => a - b);
      const inTest = new Set(test);
      folds.push([order.filter((i) => !inTest.has(i)).sort((a, b) => a - b), test]);
      start += size;
    }
    return folds;
  }
}

/**
 * Stratified k-fold (sklearn 1.2's `StratifiedKFold`): every fold keeps the class proportions of `y`.
 * Samples are dealt to folds class by class in sklearn's order, so without shuffling the folds are
 * identical to scikit-learn's.
 * ```ts
 * new sk.modelSelection.StratifiedKFold(5).split(X, y);
 * ```
 */
export class StratifiedKFold extends BaseKFold {

  split(X: unknown, y: VectorLike): TrainTestIndices[] {
    const n = numSamples(X, 'X');
    if (y === undefined) throw new Error('StratifiedKFold.split needs the labels y');
    const labels = toVector(y, 'y');
    if (labels.length !== n) throw new Error(`Found input variables with inconsistent numbers of samples: [${n}, ${labels.length}] (X, y)`);
    // Encode classes in order of first appearance (sklearn does this so the fold assignment is stable).
    const sorted = uniqueSorted(labels, 'y');
    const firstSeen = sorted.map((c) => labels.indexOf(c));
    const order = firstSeen.map((_, i) => i).sort((a, b) => firstSeen[a] - firstSeen[b]);
    const code = new Map(order.map((classIdx, rank) => [sorted[classIdx], rank]));
    const encoded = labels.map((l) => code.get(l)!);
    const nClasses = sorted.length;
    const counts = new Array<number>(nClasses).fill(0);
    encoded.forEach((c) => counts[c]++);
    if (this.nSplits > Math.max(...counts)) {
      throw new Error(`nSplits=${this.nSplits} cannot be greater than the number of members in each class (largest class has ${Math.max(...counts)}).`);
    }
    if (this.nSplits > Math.min(...counts)) {
      console.warn(`The least populated class in y has only ${Math.min(...counts)} members, which is less than nSplits=${this.nSplits}.`);
    }
    const yOrder = encoded.slice().sort((a, b) => a - b);
    const allocation = Array.from({ length: this.nSplits }, (_, f) => {
      const row = new Array<number>(nClasses).fill(0);
      for (let i = f; i < n; i += this.nSplits) row[yOrder[i]]++;
      return row;
    });
    const gen = this.randomState !== undefined ? makeGenerator(this.randomState) : this.gen;
    const testFold = new Array<number>(n);
    for (let k = 0; k < nClasses; k++) {
      const folds: number[] = [];
      allocation.forEach((row, f) => {
        for (let j = 0; j < row[k]; j++) folds.push(f);
      });
      if (gen) shuffleInPlace(gen, folds);
      let at = 0;
      encoded.forEach((c, i) => {
        if (c === k) testFold[i] = folds[at++];
      });
    }
    return Array.from({ length: this.nSplits }, (_, f) => {
      const test: number[] = [];
      const train: number[] = [];
      testFold.forEach((tf, i) => (tf === f ? test : train).push(i));
      return [train, test] as TrainTestIndices;
    });
  }
}
