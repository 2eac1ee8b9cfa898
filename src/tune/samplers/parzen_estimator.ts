import { Generator, normal } from '../../data/generator';
import { normalCdf, normalLogPdf } from './normal';

/** A mixture of truncated normals on [low, high] built from observations (Optuna's `_ParzenEstimator`). */
export interface ParzenEstimator {
  weights: number[];
  mus: number[];
  sigmas: number[];
  low: number;
  high: number;
}

/** Optuna's default weights: equal below 25 observations, older ones ramped down beyond. */
export function defaultWeights(n: number): number[] {
  if (n < 25) return new Array<number>(n).fill(1);
  const ramp = Array.from({ length: n - 25 }, (_, i) => (n - 25 === 1 ? 1 / n : 1 / n + ((1 - 1 / n) * i) / (n - 26)));
  return [...ramp, ...new Array<number>(25).fill(1)];
}

/**
 * Builds the estimator: one component per observation (in trial order) plus a wide prior at the
 * centre; bandwidths from the distances to the neighbours, clipped to
 * [(high-low)/min(100, 1+n), high-low] ("magic clip").
 */
export function buildParzen(observations: number[], low: number, high: number, priorWeight: number): ParzenEstimator {
  const mus = [...observations, 0.5 * (low + high)];
  const n = mus.length;
  const order = mus.map((_, i) => i).sort((a, b) => mus[a] - mus[b]);
  const sorted = order.map((i) => mus[i]);
  const withEnds = [low, ...sorted, high];
  const sortedSigmas = sorted.map((_, k) => Math.max(withEnds[k + 1] - withEnds[k], withEnds[k + 2] - withEnds[k + 1]));
  if (n >= 2) {
    sortedSigmas[0] = withEnds[2] - withEnds[1];
    sortedSigmas[n - 1] = withEnds[n] - withEnds[n - 1];
  }
  const sigmas = new Array<number>(n);
  order.forEach((i, k) => (sigmas[i] = sortedSigmas[k]));
  const range = high - low;
  const minSigma = range / Math.min(100, 1 + n);
  for (let i = 0; i < n; i++) sigmas[i] = Math.min(range, Math.max(minSigma, sigmas[i]));
  sigmas[n - 1] = range;
  const raw = [...defaultWeights(observations.length), priorWeight];
  const total = raw.reduce((a, b) => a + b, 0);
  return { weights: raw.map((w) => w / total), mus, sigmas, low, high };
}

/** Draws from the mixture (truncated to [low, high]). */
export function sampleParzen(p: ParzenEstimator, gen: Generator): number {
  let u = gen.random();
  let k = 0;
  while (k < p.weights.length - 1 && u >= p.weights[k]) u -= p.weights[k++];
  for (let attempt = 0; attempt < 100; attempt++) {
    const x = normal(gen, p.mus[k], p.sigmas[k]);
    if (x >= p.low && x <= p.high) return x;
  }
  return Math.min(p.high, Math.max(p.low, p.mus[k]));
}

/** log density of the truncated mixture at x. */
export function logPdfParzen(p: ParzenEstimator, x: number): number {
  let maxTerm = -Infinity;
  const terms = p.weights.map((w, k) => {
    const s = p.sigmas[k];
    const mass = normalCdf((p.high - p.mus[k]) / s) - normalCdf((p.low - p.mus[k]) / s);
    const term = Math.log(w) + normalLogPdf((x - p.mus[k]) / s) - Math.log(s) - Math.log(Math.max(mass, 1e-12));
    maxTerm = Math.max(maxTerm, term);
    return term;
  });
  return maxTerm + Math.log(terms.reduce((a, t) => a + Math.exp(t - maxTerm), 0));
}
