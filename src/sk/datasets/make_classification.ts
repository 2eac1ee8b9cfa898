import * as tf from '@tensorflow/tfjs';
import { Generator, normal, permutation, randint } from '../../data/generator';
import { checkCount, makeGenerator, toTensors } from './synthetic_common';

/** Options of {@link makeClassification} (scikit-learn's parameters, camelCased). */
export interface MakeClassificationOptions {
  nSamples?: number;
  /** Total features (default 20). */
  nFeatures?: number;
  /** Features that carry the class signal (default 2). */
  nInformative?: number;
  /** Random linear combinations of the informative features (default 2). */
  nRedundant?: number;
  /** Copies of informative/redundant features (default 0). */
  nRepeated?: number;
  nClasses?: number;
  /** Gaussian clusters per class (default 2). */
  nClustersPerClass?: number;
  /** Class proportions (default balanced); `nClasses - 1` entries infer the last one. */
  weights?: number[] | null;
  /** Fraction of labels replaced at random (default 0.01). */
  flipY?: number;
  /** Half the side of the hypercube the clusters sit on (default 1). */
  classSep?: number;
  /** Clusters on hypercube vertices (default true) or on a random polytope. */
  hypercube?: boolean;
  /** Added to every feature (default 0; null = random in [-classSep, classSep]). */
  shift?: number | null;
  /** Multiplies every feature (default 1; null = random in [1, 101)). */
  scale?: number | null;
  shuffle?: boolean;
  randomState?: number;
}

/** `samples` distinct binary codes of length `dims` (vertices of the unit hypercube). */
function hypercubeVertices(samples: number, dims: number, gen: Generator): number[][] {
  if (dims > 30) {
    const low = hypercubeVertices(samples, 30, gen);
    return low.map((v) => [...Array.from({ length: dims - 30 }, () => randint(gen, 2)), ...v]);
  }
  const chosen = new Set<number>();
  while (chosen.size < samples) chosen.add(randint(gen, 2 ** dims));
  return [...chosen].map((code) => Array.from({ length: dims }, (_, b) => (code >>> (dims - 1 - b)) & 1));
}

/**
 * A random n-class classification problem (sklearn's `make_classification`, same algorithm):
 * Gaussian clusters (std 1, random covariance) on the vertices of an `nInformative`-dimensional
 * hypercube of side `2 * classSep`, an equal number of clusters per class; then redundant features
 * (linear combinations), repeated features, pure-noise features, label flips, shift/scale, shuffle.
 *
 * Returns `[X float32 [n, nFeatures], y int32 [n]]`. The numbers differ from sklearn's (different
 * random generator) but follow the same distribution.
 * ```ts
 * const [X, y] = sk.datasets.makeClassification({ nSamples: 1000, nFeatures: 20, nInformative: 10, randomState: 42 });
 * ```
 */
export function makeClassification(options: MakeClassificationOptions = {}): [tf.Tensor2D, tf.Tensor1D] {
  const {
    nSamples = 100, nFeatures = 20, nInformative = 2, nRedundant = 2, nRepeated = 0, nClasses = 2,
    nClustersPerClass = 2, flipY = 0.01, classSep = 1, hypercube = true,
  } = options;
  checkCount(nSamples, 'nSamples');
  checkCount(nFeatures, 'nFeatures');
  checkCount(nInformative, 'nInformative');
  checkCount(nClasses, 'nClasses');
  checkCount(nClustersPerClass, 'nClustersPerClass');
  if (nInformative + nRedundant + nRepeated > nFeatures) {
    throw new Error(`Number of informative, redundant and repeated features must sum to less than the number of total features: nInformative=${nInformative} + nRedundant=${nRedundant} + nRepeated=${nRepeated} > nFeatures=${nFeatures}`);
  }
  if (nInformative < Math.log2(nClasses * nClustersPerClass)) {
    throw new Error(`nClasses(${nClasses}) * nClustersPerClass(${nClustersPerClass}) must be smaller or equal 2**nInformative(${nInformative})=${2 ** nInformative}`);
  }
  let weights = options.weights ?? null;
  if (weights !== null) {
    if (weights.length !== nClasses && weights.length !== nClasses - 1) {
      throw new Error(`Weights specified but incompatible with number of classes: ${weights.length} weights for nClasses=${nClasses}`);
    }
    if (weights.length === nClasses - 1) weights = [...weights, 1 - weights.reduce((a, b) => a + b, 0)];
  } else weights = new Array<number>(nClasses).fill(1 / nClasses);
  const gen = makeGenerator(options.randomState);
  const nUseless = nFeatures - nInformative - nRedundant - nRepeated;
  const nClusters = nClasses * nClustersPerClass;
  const perCluster = Array.from({ length: nClusters }, (_, k) => Math.floor((nSamples * weights![k % nClasses]) / nClustersPerClass));
  for (let i = 0; i < nSamples - perCluster.reduce((a, b) => a + b, 0); i++) perCluster[i % nClusters] += 1;

  const X = Array.from({ length: nSamples }, () => new Array<number>(nFeatures).fill(0));
  let y = new Array<number>(nSamples).fill(0);
  const centroids = hypercubeVertices(nClusters, nInformative, gen).map((v) => v.map((b) => b * 2 * classSep - classSep));
  if (!hypercube) {
    const rowScale = centroids.map(() => gen.random());
    const colScale = Array.from({ length: nInformative }, () => gen.random());
    centroids.forEach((c, k) => c.forEach((_, j) => (c[j] *= rowScale[k] * colScale[j])));
  }
  for (const row of X) for (let j = 0; j < nInformative; j++) row[j] = normal(gen);
  let stop = 0;
  centroids.forEach((centroid, k) => {
    const start = stop;
    stop += perCluster[k];
    const A = Array.from({ length: nInformative }, () => Array.from({ length: nInformative }, () => 2 * gen.random() - 1));
    for (let i = start; i < stop; i++) {
      y[i] = k % nClasses;
      const xi = X[i].slice(0, nInformative);
      for (let j = 0; j < nInformative; j++) X[i][j] = xi.reduce((a, v, m) => a + v * A[m][j], 0) + centroid[j];
    }
  });
  if (nRedundant > 0) {
    const B = Array.from({ length: nInformative }, () => Array.from({ length: nRedundant }, () => 2 * gen.random() - 1));
    for (const row of X) for (let r = 0; r < nRedundant; r++) row[nInformative + r] = B.reduce((a, b, m) => a + row[m] * b[r], 0);
  }
  if (nRepeated > 0) {
    const n = nInformative + nRedundant;
    const picks = Array.from({ length: nRepeated }, () => Math.floor((n - 1) * gen.random() + 0.5));
    for (const row of X) picks.forEach((src, r) => (row[n + r] = row[src]));
  }
  if (nUseless > 0) for (const row of X) for (let j = nFeatures - nUseless; j < nFeatures; j++) row[j] = normal(gen);
  if (flipY >= 0) {
    const flip = y.map(() => gen.random() < flipY);
    y = y.map((v, i) => (flip[i] ? randint(gen, nClasses) : v));
  }
  const shift = options.shift === undefined ? 0 : options.shift;
  const shifts = shift === null ? Array.from({ length: nFeatures }, () => (2 * gen.random() - 1) * classSep) : new Array<number>(nFeatures).fill(shift);
  const scale = options.scale === undefined ? 1 : options.scale;
  const scales = scale === null ? Array.from({ length: nFeatures }, () => 1 + 100 * gen.random()) : new Array<number>(nFeatures).fill(scale);
  for (const row of X) for (let j = 0; j < nFeatures; j++) row[j] = (row[j] + shifts[j]) * scales[j];
  let outX = X;
  if (options.shuffle ?? true) {
    const rows = permutation(gen, nSamples);
    outX = rows.map((i) => X[i]);
    y = rows.map((i) => y[i]);
    const cols = permutation(gen, nFeatures);
    outX = outX.map((r) => cols.map((j) => r[j]));
  }
  return toTensors(outX, y);
}
