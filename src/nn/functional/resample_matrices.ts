/**
 * Separable resampling by matrix products: adaptive average pooling and interpolation both compute
 * every output row as a weighted sum of input rows (and likewise for columns), so
 * `y = M_h · x · M_wᵀ` for an (out, in) weight matrix per axis. Matrix products differentiate on every
 * backend, which TensorFlow.js's resize kernels and gathers do not guarantee.
 */
import * as tf from '@tensorflow/tfjs';

/** Weights of PyTorch's adaptive average pooling: bin i covers [⌊i·in/out⌋, ⌈(i+1)·in/out⌉). */
export function adaptivePoolMatrix(inSize: number, outSize: number): number[][] {
  const rows: number[][] = [];
  for (let i = 0; i < outSize; i++) {
    const start = Math.floor((i * inSize) / outSize);
    const end = Math.ceil(((i + 1) * inSize) / outSize);
    const row = new Array<number>(inSize).fill(0);
    for (let j = start; j < end; j++) row[j] = 1 / (end - start);
    rows.push(row);
  }
  return rows;
}

/** Bin boundaries [start, end) of adaptive pooling along one axis. */
export function adaptiveBins(inSize: number, outSize: number): Array<[number, number]> {
  const bins: Array<[number, number]> = [];
  for (let i = 0; i < outSize; i++) {
    bins.push([Math.floor((i * inSize) / outSize), Math.ceil(((i + 1) * inSize) / outSize)]);
  }
  return bins;
}

/**
 * Source coordinate of output index `i` for interpolation, following PyTorch: with alignCorners the end
 * pixels' centres line up; otherwise pixel centres are mapped through the scale (in/out, or 1/scaleFactor
 * when the caller gave one).
 */
function sourceCoordinate(i: number, inSize: number, outSize: number, alignCorners: boolean, scale: number | null): number {
  if (alignCorners) return outSize > 1 ? (i * (inSize - 1)) / (outSize - 1) : 0;
  const s = scale !== null ? 1 / scale : inSize / outSize;
  return Math.max((i + 0.5) * s - 0.5, 0);
}

/** Linear interpolation weights (out, in). */
export function linearInterpMatrix(inSize: number, outSize: number, alignCorners: boolean, scale: number | null): number[][] {
  const rows: number[][] = [];
  for (let i = 0; i < outSize; i++) {
    const src = sourceCoordinate(i, inSize, outSize, alignCorners, scale);
    const lo = Math.min(Math.floor(src), inSize - 1);
    const hi = Math.min(lo + 1, inSize - 1);
    const frac = src - lo;
    const row = new Array<number>(inSize).fill(0);
    row[lo] += 1 - frac;
    row[hi] += frac;
    rows.push(row);
  }
  return rows;
}

/** Nearest-neighbour selection weights (out, in): PyTorch's 'nearest' takes ⌊i · scale⌋. */
export function nearestInterpMatrix(inSize: number, outSize: number, scale: number | null): number[][] {
  const s = scale !== null ? 1 / scale : inSize / outSize;
  const rows: number[][] = [];
  for (let i = 0; i < outSize; i++) {
    const row = new Array<number>(inSize).fill(0);
    row[Math.min(Math.floor(i * s), inSize - 1)] = 1;
    rows.push(row);
  }
  return rows;
}

/**
 * y[n, c] = M_h · x[n, c] · M_wᵀ for an NCHW tensor; either matrix may be null (axis unchanged).
 */
export function applySeparable(x: tf.Tensor4D, mh: number[][] | null, mw: number[][] | null): tf.Tensor4D {
  const [n, c, h, w] = x.shape;
  let y: tf.Tensor = x;
  let curW = w;
  if (mw) {
    const m = tf.tensor2d(mw); // (ow, w)
    y = tf.reshape(tf.matMul(tf.reshape(y, [-1, w]), m, false, true), [n, c, h, mw.length]);
    curW = mw.length;
  }
  if (mh) {
    const m = tf.tensor2d(mh); // (oh, h)
    const t = tf.reshape(tf.transpose(y, [0, 1, 3, 2]), [-1, h]);
    y = tf.transpose(tf.reshape(tf.matMul(t, m, false, true), [n, c, curW, mh.length]), [0, 1, 3, 2]);
  }
  return y as tf.Tensor4D;
}
