import * as tf from '@tensorflow/tfjs';
import { VectorLike, checkConsistentLength, numSamples, toVector, uniqueSorted } from '../array_like';
import { makeGenerator, permutation, shuffleInPlace } from '../../data/generator';
import { approximateMode } from './approximate_mode';
import { takeRows } from './subset_rows';

/** Options of {@link trainTestSplit}. */
export interface TrainTestSplitOptions {
  /** Fraction in (0, 1) or a count of test samples (default 0.25 when trainSize is not given either). */
  testSize?: number;
  /** Fraction in (0, 1) or a count of training samples (default: the complement of testSize). */
  trainSize?: number;
  /** Seed of the shuffle, for a repeatable split (sklearn's `random_state`). */
  randomState?: number;
  /** Shuffle before splitting (default true). */
  shuffle?: boolean;
  /** Labels to keep class proportions equal in both parts. */
  stratify?: VectorLike;
}

function isOptions(x: unknown): x is TrainTestSplitOptions {
  return x !== null && typeof x === 'object' && !Array.isArray(x) && !(x instanceof tf.Tensor) && !ArrayBuffer.isView(x);
}

/** sklearn's `_validate_shuffle_split`: the numbers of train and test samples. */
export function splitSizes(n: number, testSize: number | undefined, trainSize: number | undefined, defaultTest = 0.25): [number, number] {
  if (testSize === undefined && trainSize === undefined) testSize = defaultTest;
  const check = (v: number | undefined, name: string) => {
    if (v === undefined) return;
    const isFloat = !Number.isInteger(v);
    if ((isFloat && (v <= 0 || v >= 1)) || (!isFloat && (v <= 0 || v >= n)) || !Number.isFinite(v)) {
      throw new Error(`${name}=${v} should be either positive and smaller than the number of samples ${n} or a float in the (0, 1) range`);
    }
  };
  check(testSize, 'testSize');
  check(trainSize, 'trainSize');
  if (testSize !== undefined && trainSize !== undefined && !Number.isInteger(testSize) && !Number.isInteger(trainSize) && testSize + trainSize > 1) {
    throw new Error(`The sum of testSize and trainSize = ${testSize + trainSize}, should be in the (0, 1) range. Reduce testSize and/or trainSize.`);
  }
  let nTest = testSize === undefined ? undefined : Number.isInteger(testSize) ? testSize : Math.ceil(testSize * n);
  let nTrain = trainSize === undefined ? undefined : Number.isInteger(trainSize) ? trainSize : Math.floor(trainSize * n);
  if (nTrain === undefined) nTrain = n - nTest!;
  if (nTest === undefined) nTest = n - nTrain;
  if (nTrain + nTest > n) {
    throw new Error(`The sum of trainSize and testSize = ${nTrain + nTest}, should be smaller than the number of samples ${n}. Reduce testSize and/or trainSize.`);
  }
  if (nTrain === 0) {
    throw new Error(`With nSamples=${n}, testSize=${testSize} and trainSize=${trainSize}, the resulting train set will be empty. Adjust any of the aforementioned parameters.`);
  }
  return [nTrain, nTest];
}

/** Train and test row indices for a (stratified) shuffled split. */
export function trainTestIndices(n: number, options: TrainTestSplitOptions): [number[], number[]] {
  const [nTrain, nTest] = splitSizes(n, options.testSize, options.trainSize);
  const shuffle = options.shuffle ?? true;
  if (!shuffle) {
    if (options.stratify !== undefined) throw new Error('Stratified train/test split is not implemented for shuffle=false');
    return [Array.from({ length: nTrain }, (_, i) => i), Array.from({ length: nTest }, (_, i) => nTrain + i)];
  }
  const gen = makeGenerator(options.randomState);
  if (options.stratify === undefined) {
    const order = permutation(gen, n);
    return [order.slice(nTest, nTest + nTrain), order.slice(0, nTest)];
  }
  const y = toVector(options.stratify, 'stratify');
  checkConsistentLength([['arrays', n], ['stratify', y.length]]);
  const classes = uniqueSorted(y, 'stratify');
  const byClass = classes.map((c) => y.map((v, i) => (v === c ? i : -1)).filter((i) => i >= 0));
  const counts = byClass.map((ix) => ix.length);
  const least = Math.min(...counts);
  if (least < 2) {
    throw new Error(`The least populated class in y has only ${least} member (class ${JSON.stringify(classes[counts.indexOf(least)])}), which is too few. The minimum number of groups for any class cannot be less than 2.`);
  }
  if (nTrain < classes.length) throw new Error(`The train_size = ${nTrain} should be greater or equal to the number of classes = ${classes.length}`);
  if (nTest < classes.length) throw new Error(`The test_size = ${nTest} should be greater or equal to the number of classes = ${classes.length}`);
  const nI = approximateMode(counts, nTrain, gen);
  const tI = approximateMode(counts.map((c, i) => c - nI[i]), nTest, gen);
  const train: number[] = [];
  const test: number[] = [];
  byClass.forEach((ix, k) => {
    const shuffled = shuffleInPlace(gen, ix.slice());
    train.push(...shuffled.slice(0, nI[k]));
    test.push(...shuffled.slice(nI[k], nI[k] + tI[k]));
  });
  return [shuffleInPlace(gen, train), shuffleInPlace(gen, test)];
}

/**
 * Splits arrays or tensors (same number of rows) into random train and test parts (sklearn's
 * `train_test_split`). Returns `[aTrain, aTest, bTrain, bTest, ...]`, each of the input's kind.
 *
 * Sizes follow scikit-learn: `nTest = ceil(testSize * n)`, `nTrain = n - nTest` — 455 / 114 for
 * 569 rows at testSize 0.2. The shuffle is seeded by `randomState` (our own generator, so the
 * chosen rows differ from numpy's; sizes and class proportions match).
 * ```ts
 * const [XTrain, XTest, yTrain, yTest] = sk.modelSelection.trainTestSplit(X, y, { testSize: 0.2, randomState: 42, stratify: y });
 * ```
 */
export function trainTestSplit<T extends unknown[]>(...args: [...T, TrainTestSplitOptions] | T): any[] {
  const last = args[args.length - 1];
  const options: TrainTestSplitOptions = isOptions(last) ? last : {};
  const arrays = isOptions(last) ? args.slice(0, -1) : args;
  if (arrays.length === 0) throw new Error('At least one array required as input');
  const lengths = arrays.map((a, k) => numSamples(a, `array ${k}`));
  checkConsistentLength(arrays.map((_, k) => [`array ${k}`, lengths[k]] as [string, number]));
  if (lengths[0] === 0) throw new Error('trainTestSplit: the arrays are empty (0 samples)');
  const [train, test] = trainTestIndices(lengths[0], options);
  return arrays.flatMap((a) => [takeRows(a, train), takeRows(a, test)]);
}
