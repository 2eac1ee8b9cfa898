import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import * as sk from '../../src/sk';

const { trainTestSplit, KFold, StratifiedKFold, GridSearch, RandomizedSearch, loguniform } = sk.modelSelection;

describe('trainTestSplit', () => {
  it('splits arrays and tensors alike, keeps rows paired, is seeded', () => {
    const X = Array.from({ length: 20 }, (_, i) => [i, i * 10]);
    const y = Array.from({ length: 20 }, (_, i) => i);
    const [Xtr, Xte, ytr, yte] = trainTestSplit(X, y, { testSize: 0.25, randomState: 1 });
    expect([Xtr.length, Xte.length]).toEqual([15, 5]);
    Xtr.forEach((r: number[], k: number) => expect(r[0]).toBe(ytr[k]));
    expect(new Set([...ytr, ...yte]).size).toBe(20);
    const [, , ytr2] = trainTestSplit(X, y, { testSize: 0.25, randomState: 1 });
    expect(ytr2).toEqual(ytr);
    const Xt = tf.tensor2d(X);
    const [a, b] = trainTestSplit(Xt, { testSize: 5, randomState: 1 });
    expect([a.shape, b.shape]).toEqual([[15, 2], [5, 2]]);
    const [, , u] = trainTestSplit(X, y, { testSize: 0.25, shuffle: false });
    expect(u).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
  });

  it('stratify keeps proportions', () => {
    const y = [...new Array(80).fill(0), ...new Array(20).fill(1)];
    const [ytr, yte] = trainTestSplit(y, { testSize: 0.2, stratify: y, randomState: 0 });
    expect(yte.filter((v: number) => v === 1).length).toBe(4);
    expect(ytr.filter((v: number) => v === 1).length).toBe(16);
  });

  it('bad input: test size outside (0, 1), mismatched lengths, singleton class', () => {
    const X = [[1], [2], [3], [4]];
    expect(() => trainTestSplit(X, [1, 2, 3, 4], { testSize: 1.5 })).toThrow(/testSize=1.5 should be either positive and smaller than the number of samples 4 or a float in the \(0, 1\) range/);
    expect(() => trainTestSplit(X, [1, 2, 3, 4], { testSize: 0 })).toThrow(/testSize=0/);
    expect(() => trainTestSplit(X, [1, 2, 3], { testSize: 0.25 })).toThrow(/inconsistent numbers of samples: \[4, 3\]/);
    expect(() => trainTestSplit(X, { testSize: 0.5, stratify: [0, 0, 0, 1] })).toThrow(/least populated class in y has only 1 member/);
  });
});

describe('KFold / StratifiedKFold', () => {
  it('every sample is tested exactly once', () => {
    for (const splitter of [new KFold(3, { shuffle: true, randomState: 0 }), new StratifiedKFold(3, { shuffle: true, randomState: 0 })]) {
      const y = [0, 1, 0, 1, 0, 1, 0, 1, 0, 1];
      const tested = splitter.split(y, y).flatMap(([, te]) => te).sort((a, b) => a - b);
      expect(tested).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    }
    expect(() => new KFold(1)).toThrow(/requires at least one train\/test split by setting nSplits=2 or more, got nSplits=1/);
    expect(() => new KFold(5).split([1, 2, 3])).toThrow(/nSplits=5 greater than the number of samples: nSamples=3/);
    expect(() => new KFold(3, { randomState: 1 })).toThrow(/Setting a randomState has no effect since shuffle is false/);
  });
});

describe('preprocessing', () => {
  it('StandardScaler: tensor in, tensor out; NaN and feature-count errors', () => {
    const X = tf.tensor2d([[1, 10], [3, 30], [5, 50]]);
    const scaler = new sk.preprocessing.StandardScaler();
    const Z = scaler.fitTransform(X) as tf.Tensor2D;
    expect(Z).toBeInstanceOf(tf.Tensor);
    expect(Array.from(Z.dataSync()).map((v) => +v.toFixed(4))).toEqual([-1.2247, -1.2247, 0, 0, 1.2247, 1.2247]);
    expect(() => scaler.fit([[1, NaN]])).toThrow(/Input X contains NaN \(at row 0, column 1\)/);
    expect(() => scaler.transform([[1, 2, 3]])).toThrow(/X has 3 features, but StandardScaler is expecting 2 features as input/);
    expect(() => new sk.preprocessing.StandardScaler().transform([[1]])).toThrow(/not fitted yet/);
    expect(() => scaler.fit([1, 2, 3] as never)).toThrow(/Expected 2D array for X, got 1D array instead/);
    tf.dispose([X, Z]);
  });

  it('MinMaxScaler round trip; encoders reject unknown labels', () => {
    const s = new sk.preprocessing.MinMaxScaler();
    const out = s.fitTransform([[2], [4], [6]]) as number[][];
    expect(out).toEqual([[0], [0.5], [1]]);
    expect(s.inverseTransform(out)).toEqual([[2], [4], [6]]);
    expect(() => new sk.preprocessing.MinMaxScaler({ featureRange: [1, 0] })).toThrow(/Minimum of desired feature range must be smaller than maximum/);
    const le = new sk.preprocessing.LabelEncoder().fit(['a', 'b']);
    expect(() => le.transform(['c'])).toThrow(/y contains previously unseen labels: \['c'\]/);
    const enc = new sk.preprocessing.OneHotEncoder().fit([['x'], ['y']]);
    expect(() => enc.transform([['z']])).toThrow(/Found unknown categories \['z'\] in column 0 during transform/);
  });
});

describe('metrics bad input', () => {
  it('clear errors naming arguments and values', () => {
    expect(() => sk.metrics.accuracyScore([0, 1, 1], [0, 1])).toThrow(/inconsistent numbers of samples: \[3, 2\] \(yTrue: 3, yPred: 2\)/);
    expect(() => sk.metrics.f1Score([0, 1, 2], [0, 1, 2])).toThrow(/Target is multiclass but average='binary'/);
    expect(() => sk.metrics.precisionScore([0, 1], [0.5, 1])).toThrow(/can't handle continuous targets: yPred\[0\] = 0.5/);
    expect(() => sk.metrics.f1Score(['a', 'b'], ['a', 'b'])).toThrow(/posLabel=1 is not a valid label. It should be one of \['a', 'b'\]/);
    expect(() => sk.metrics.rocAucScore([1, 1, 1], [0.2, 0.3, 0.9])).toThrow(/Only one class present in yTrue/);
    expect(() => sk.metrics.rocAucScore([0, 1], [NaN, 0.3])).toThrow(/Input yScore contains NaN \(at position 0\)/);
    expect(() => sk.metrics.meanSquaredError([], [])).toThrow(/empty/);
    expect(() => sk.metrics.rocAucScore([0, 1, 2], [[0.5, 0.5, 0], [0.2, 0.2, 0.6], [0.1, 0.1, 0.8]])).toThrow(/multiClass must be in \('ovo', 'ovr'\)/);
  });

  it('metrics read tensors', () => {
    const yt = tf.tensor1d([0, 1, 1, 0], 'int32');
    const yp = tf.tensor1d([0, 1, 0, 0], 'int32');
    expect(sk.metrics.accuracyScore(yt, yp)).toBe(0.75);
    expect(sk.metrics.confusionMatrix(yt, yp)).toEqual([[2, 0], [1, 1]]);
    expect(sk.metrics.classificationReportRows(yt, yp).map((r) => r.name)).toEqual(['0', '1', 'accuracy', 'macro avg', 'weighted avg']);
    tf.dispose([yt, yp]);
  });
});

describe('GridSearch / RandomizedSearch over a train-and-score function', () => {
  it('grid search finds the best setting and ranks the table', async () => {
    const search = new GridSearch({ a: [1, 2, 3], b: [0, 10] }, (p) => -(((p.a as number) - 2) ** 2) + (p.b as number));
    await search.fit();
    expect(search.bestParams).toEqual({ a: 2, b: 10 });
    expect(search.bestScore).toBe(10);
    expect(search.cvResults_.length).toBe(6);
    const table = search.resultsTable();
    expect(table.find((r) => r.rankTestScore === 1)).toMatchObject({ param_a: 2, param_b: 10 });
    expect(() => new GridSearch({ a: 3 as never }, () => 0)).toThrow(/Parameter grid for parameter 'a' needs to be an array/);
  });

  it('cross-validation calls the score function per fold; randomized search is seeded', async () => {
    const X = Array.from({ length: 12 }, (_, i) => [i]);
    const seen: number[] = [];
    const search = new GridSearch({ k: [1, 2] }, async (p, fold) => {
      seen.push(fold!.testIndex.length);
      return (p.k as number) * fold!.index;
    }, { cv: 3 });
    await search.fit(X);
    expect(seen).toEqual([4, 4, 4, 4, 4, 4]);
    expect(search.cvResults_[1].splitTestScores).toEqual([0, 2, 4]);
    const run = async () => {
      const r = new RandomizedSearch({ lr: loguniform(1e-4, 1e-1), h: [8, 16, 32] }, (p) => -Math.abs(Math.log10(p.lr as number) + 2), { nIter: 15, randomState: 3 });
      await r.fit();
      return r;
    };
    const [r1, r2] = [await run(), await run()];
    expect(r1.bestParams_).toEqual(r2.bestParams_);
    expect(r1.cvResults_.every((row) => (row.params.lr as number) >= 1e-4 && (row.params.lr as number) < 1e-1)).toBe(true);
  });
});
