import * as tf from '@tensorflow/tfjs';
import { normal, randint, uniform } from '../../data/generator';
import { checkCount, makeGenerator } from './synthetic_common';

/**
 * The XOR problem. Without options, the four points of the truth table: `X = [[0,0],[0,1],[1,0],[1,1]]`,
 * `y = [0, 1, 1, 0]`. With `nSamples`, that many points drawn at the four corners with Gaussian
 * `noise` (default 0.1) added, labelled by the corner.
 *
 * Returns `[X float32 [n, 2], y int32 [n]]` (for BCE use `y.reshape([-1, 1]).toFloat()`).
 * ```ts
 * const [X, y] = sk.datasets.makeXor();
 * ```
 */
export function makeXor(options: { nSamples?: number; noise?: number; randomState?: number } = {}): [tf.Tensor2D, tf.Tensor1D] {
  const corners = [[0, 0], [0, 1], [1, 0], [1, 1]];
  const labels = [0, 1, 1, 0];
  if (options.nSamples === undefined) return [tf.tensor2d(corners, [4, 2], 'float32'), tf.tensor1d(labels, 'int32')];
  checkCount(options.nSamples, 'nSamples');
  const noise = options.noise ?? 0.1;
  if (!(noise >= 0)) throw new Error(`noise should be a non-negative number, got noise=${noise}`);
  const gen = makeGenerator(options.randomState);
  const X: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < options.nSamples; i++) {
    const k = randint(gen, 4);
    X.push(corners[k][0] + normal(gen, 0, noise), corners[k][1] + normal(gen, 0, noise));
    y.push(labels[k]);
  }
  return [tf.tensor2d(X, [options.nSamples, 2], 'float32'), tf.tensor1d(y, 'int32')];
}

/**
 * Noisy samples of a sine for regression: `x ~ U(low, high)`, `y = sin(x) + noise * N(0, 1)` — the
 * optimizer/scheduler/regularization examples' data (200 points in [-3, 3], noise 0.1).
 *
 * Returns `[X float32 [n, 1], y float32 [n, 1]]` (rows in drawing order; sort X to plot a curve).
 * ```ts
 * const [X, y] = sk.datasets.makeSineWave({ nSamples: 200, randomState: 42 });
 * ```
 */
export function makeSineWave(options: { nSamples?: number; low?: number; high?: number; noise?: number; randomState?: number } = {}): [tf.Tensor2D, tf.Tensor2D] {
  const { nSamples = 200, low = -3, high = 3, noise = 0.1 } = options;
  checkCount(nSamples, 'nSamples');
  if (!(low < high)) throw new Error(`makeSineWave: need low < high, got low=${low}, high=${high}`);
  if (!(noise >= 0)) throw new Error(`noise should be a non-negative number, got noise=${noise}`);
  const gen = makeGenerator(options.randomState);
  const x = Array.from({ length: nSamples }, () => uniform(gen, low, high));
  const y = x.map((v) => Math.sin(v) + noise * normal(gen));
  return [tf.tensor2d(x, [nSamples, 1], 'float32'), tf.tensor2d(y, [nSamples, 1], 'float32')];
}

/**
 * A noisy sine time series: `t = 0, step, 2·step, ...` (`nPoints` values), `value = sin(t) + noise * N(0, 1)`
 * — the forecasting example's data (10,000 points, step 0.1, noise 0.1). Cut it into windows with
 * `data.slidingWindows(values, 50)`.
 *
 * Returns `[t float32 [n], values float32 [n, 1]]` (a column, ready for `MinMaxScaler`).
 * ```ts
 * const [t, series] = sk.datasets.makeSineSeries({ randomState: 42 });
 * ```
 */
export function makeSineSeries(options: { nPoints?: number; step?: number; noise?: number; randomState?: number } = {}): [tf.Tensor1D, tf.Tensor2D] {
  const { nPoints = 10000, step = 0.1, noise = 0.1 } = options;
  checkCount(nPoints, 'nPoints', 2);
  if (!(step > 0)) throw new Error(`makeSineSeries: step should be positive, got step=${step}`);
  if (!(noise >= 0)) throw new Error(`noise should be a non-negative number, got noise=${noise}`);
  const gen = makeGenerator(options.randomState);
  const t = Array.from({ length: nPoints }, (_, i) => i * step);
  const v = t.map((x) => Math.sin(x) + noise * normal(gen));
  return [tf.tensor1d(t, 'float32'), tf.tensor2d(v, [nPoints, 1], 'float32')];
}

const POSITIVE = [
  'This movie was absolutely fantastic and amazing',
  'Great acting and wonderful storyline',
  'A delightful film with a warm heart and clever jokes',
  'I loved every minute of it, the cast is superb',
  'Beautiful photography and a moving soundtrack',
  'One of the best stories I have seen this year',
  'The actors were brilliant and the ending was perfect',
  'Funny, touching and wonderfully made',
  'An excellent script with great performances',
  'I would happily watch it again, truly enjoyable',
  'The director did an amazing job with this story',
  'A charming and uplifting film for the whole family',
  'Smart dialogue and a wonderful lead performance',
  'Gripping from start to finish, highly recommended',
  'The best film of the festival, simply wonderful',
  'What a great surprise, fresh and inventive',
  'A lovely, heartfelt story told with great skill',
  'Stunning visuals and a fantastic cast',
  'I enjoyed the clever plot and the great music',
  'A masterpiece, beautiful and powerful',
];

const NEGATIVE = [
  'Terrible film, complete waste of time',
  'Boring and predictable, not recommended',
  'The plot made no sense and the acting was awful',
  'I fell asleep halfway through, painfully slow',
  'A dull script with flat and lifeless characters',
  'One of the worst movies I have ever seen',
  'The jokes were bad and the ending was worse',
  'Poorly made, badly acted and far too long',
  'I regret paying for this awful movie',
  'A boring mess with no story at all',
  'The dialogue was terrible and the music annoying',
  'Disappointing and predictable from the first scene',
  'Weak performances and a silly, confusing plot',
  'Not funny, not moving, just bad',
  'The worst film of the year, avoid it',
  'Lazy writing and a waste of a good cast',
  'An ugly, noisy and tiresome film',
  'I hated the characters and the boring story',
  'Badly edited and painfully dull',
  'A terrible sequel that nobody needed',
];

/** The labelled sentences of {@link loadSentimentCorpus}. */
export interface SentimentCorpus {
  texts: string[];
  /** 1 = positive, 0 = negative. */
  labels: number[];
  targetNames: ['negative', 'positive'];
}

/**
 * A small labelled corpus of short movie-review sentences (20 positive, 20 negative, written for
 * this project; the first two of each are the sentiment example's sentences), alternating
 * positive/negative. Labels: 1 = positive, 0 = negative.
 * ```ts
 * const { texts, labels } = sk.datasets.loadSentimentCorpus();
 * ```
 */
export function loadSentimentCorpus(): SentimentCorpus {
  const texts: string[] = [];
  const labels: number[] = [];
  POSITIVE.forEach((p, i) => {
    texts.push(p, NEGATIVE[i]);
    labels.push(1, 0);
  });
  return { texts, labels, targetNames: ['negative', 'positive'] };
}
