import * as tf from '@tensorflow/tfjs';
import { normal, uniform } from '../../data/generator';
import { checkCount, makeGenerator, shuffleRows, toTensors } from './synthetic_common';

/** Options of {@link makeBlobs}. */
export interface MakeBlobsOptions {
  /** Total points split evenly among centres (default 100), or one count per centre. */
  nSamples?: number | number[];
  /** Dimensions (default 2; ignored when centres are given). */
  nFeatures?: number;
  /** Number of random centres (default 3), or their coordinates `[k, d]`. */
  centers?: number | number[][];
  /** Standard deviation of each cluster (default 1), one number or one per centre. */
  clusterStd?: number | number[];
  /** Box the random centres are drawn from (default [-10, 10]). */
  centerBox?: [number, number];
  shuffle?: boolean;
  randomState?: number;
  /** Also return the centres. */
  returnCenters?: boolean;
}

/**
 * Isotropic Gaussian blobs (sklearn's `make_blobs`). Returns `[X float32 [n, d], y int32 [n]]`
 * (plus the centres `number[][]` with `returnCenters`).
 * ```ts
 * const [X, y] = sk.datasets.makeBlobs({ nSamples: 300, centers: 4, clusterStd: 0.6, randomState: 0 });
 * ```
 */
export function makeBlobs(options: MakeBlobsOptions = {}): [tf.Tensor2D, tf.Tensor1D] | [tf.Tensor2D, tf.Tensor1D, number[][]] {
  const gen = makeGenerator(options.randomState);
  const { nSamples = 100, centerBox = [-10, 10] } = options;
  let nFeatures = options.nFeatures ?? 2;
  checkCount(nFeatures, 'nFeatures');
  let centers: number[][];
  const randomCenters = (k: number) => Array.from({ length: k }, () => Array.from({ length: nFeatures }, () => uniform(gen, centerBox[0], centerBox[1])));
  if (Array.isArray(options.centers)) {
    centers = options.centers;
    if (centers.length === 0 || !Array.isArray(centers[0])) throw new Error(`Parameter centers must be a number or an array of coordinates, got ${JSON.stringify(options.centers)}`);
    nFeatures = centers[0].length;
  } else {
    const k = options.centers ?? (Array.isArray(nSamples) ? nSamples.length : 3);
    checkCount(k, 'centers');
    centers = randomCenters(k);
  }
  if (Array.isArray(nSamples) && nSamples.length !== centers.length) {
    throw new Error(`Length of nSamples not consistent with number of centers. Got nSamples = [${nSamples.join(', ')}] and ${centers.length} centers`);
  }
  const k = centers.length;
  const std = options.clusterStd ?? 1;
  const stds = Array.isArray(std) ? std : new Array<number>(k).fill(std);
  if (stds.length !== k) throw new Error(`Length of clusterStd not consistent with number of centers. Got ${k} centers and clusterStd = [${stds.join(', ')}]`);
  let perCenter: number[];
  if (Array.isArray(nSamples)) perCenter = nSamples;
  else {
    checkCount(nSamples, 'nSamples');
    perCenter = new Array<number>(k).fill(Math.floor(nSamples / k));
    for (let i = 0; i < nSamples % k; i++) perCenter[i] += 1;
  }
  let X: number[][] = [];
  let y: number[] = [];
  perCenter.forEach((count, c) => {
    for (let i = 0; i < count; i++) {
      X.push(centers[c].map((m) => normal(gen, m, stds[c])));
      y.push(c);
    }
  });
  if (options.shuffle ?? true) [X, y] = shuffleRows(gen, X, y);
  const [Xt, yt] = toTensors(X, y);
  return options.returnCenters ? [Xt, yt, centers] : [Xt, yt];
}
