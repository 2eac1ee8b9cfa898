/**
 * scikit-learn parity: every case in tests/parity/fixtures/sk/*.json (made by make_sk.py with
 * Debian's scikit-learn) is recomputed with `sk` and compared (numbers: 1e-4 relative, 1e-6 absolute).
 */
import * as fs from 'fs';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import * as sk from '../../src/sk';

interface Case {
  name: string;
  fn: string;
  args: any[];
  kwargs: Record<string, any>;
  expected: any;
}

const FIXTURES = path.join(__dirname, 'fixtures', 'sk');

function close(actual: unknown, expected: unknown, where: string): void {
  if (typeof expected === 'number') {
    expect(typeof actual, `${where}: type`).toBe('number');
    const a = actual as number;
    if (Number.isNaN(expected)) return void expect(Number.isNaN(a), where).toBe(true);
    const tol = 1e-6 + 1e-4 * Math.abs(expected);
    if (Math.abs(a - expected) > tol) throw new Error(`${where}: expected ${expected}, got ${a}`);
    return;
  }
  if (Array.isArray(expected)) {
    const arr = ArrayBuffer.isView(actual) ? Array.from(actual as unknown as ArrayLike<number>) : (actual as unknown[]);
    expect(Array.isArray(arr), `${where}: expected an array`).toBe(true);
    expect(arr.length, `${where}: length`).toBe(expected.length);
    expected.forEach((e, i) => close(arr[i], e, `${where}[${i}]`));
    return;
  }
  if (expected !== null && typeof expected === 'object') {
    for (const [k, v] of Object.entries(expected)) close((actual as Record<string, unknown>)[k], v, `${where}.${k}`);
    return;
  }
  expect(actual, where).toEqual(expected);
}

const counts = (labels: number[], k: number) => Array.from({ length: k }, (_, c) => labels.filter((v) => v === c).length);
const values = (t: tf.Tensor) => Array.from(t.dataSync());

/** Runs one fixture case with the TypeScript implementation. */
function run(c: Case): unknown {
  const { args, kwargs } = c;
  const m = sk.metrics as Record<string, any>;
  switch (c.fn) {
    case 'accuracyScore': case 'precisionScore': case 'recallScore': case 'f1Score': case 'confusionMatrix': case 'classificationReport':
    case 'rocCurve': case 'rocAucScore': case 'meanSquaredError': case 'meanAbsoluteError': case 'r2Score': case 'precisionRecallFscoreSupport':
      return m[c.fn](args[0], args[1], kwargs);
    case 'auc':
      return sk.metrics.auc(args[0], args[1]);
    case 'StandardScaler': {
      const s = new sk.preprocessing.StandardScaler();
      const transformed = s.fitTransform(args[0]);
      return { mean_: s.mean_, var_: s.var_, scale_: s.scale_, transformed };
    }
    case 'StandardScalerInverse':
      return new sk.preprocessing.StandardScaler().fit(args[0]).inverseTransform(args[1]);
    case 'MinMaxScaler': {
      const s = new sk.preprocessing.MinMaxScaler(kwargs as any);
      const transformed = s.fitTransform(args[0]);
      return { dataMin_: s.dataMin_, dataMax_: s.dataMax_, scale_: s.scale_, min_: s.min_, transformed };
    }
    case 'MinMaxScalerInverse':
      return new sk.preprocessing.MinMaxScaler(kwargs as any).fit(args[0]).inverseTransform(args[1]);
    case 'OneHotEncoder': {
      const e = new sk.preprocessing.OneHotEncoder(kwargs as any).fit(args[0]);
      return { categories_: e.categories_, transformed: e.transform(args[1]), featureNames: e.getFeatureNamesOut() };
    }
    case 'OneHotEncoderInverse':
      return new sk.preprocessing.OneHotEncoder().fit(args[0]).inverseTransform(args[1]);
    case 'LabelEncoder': {
      const e = new sk.preprocessing.LabelEncoder().fit(args[0]);
      return { classes_: e.classes_, transformed: e.transform(args[1]) };
    }
    case 'LabelEncoderInverse':
      return new sk.preprocessing.LabelEncoder().fit(args[0]).inverseTransform(args[1]);
    case 'trainTestSplitSizes': {
      const idx = Array.from({ length: args[0] }, (_, i) => i);
      const [a, b] = sk.modelSelection.trainTestSplit(idx, { ...kwargs, randomState: 0 });
      return { train: a.length, test: b.length };
    }
    case 'stratifiedCounts': {
      const y: number[] = args[0];
      const [a, b] = sk.modelSelection.trainTestSplit(y, { testSize: kwargs.testSize, randomState: 3, stratify: y });
      const k = Math.max(...y) + 1;
      return { train: counts(a, k), test: counts(b, k) };
    }
    case 'KFold':
      return new sk.modelSelection.KFold(kwargs.nSplits).split(new Array(args[0]).fill(0));
    case 'KFoldSizes':
      return new sk.modelSelection.KFold(kwargs.nSplits, { shuffle: true, randomState: 0 }).split(new Array(args[0]).fill(0)).map(([a, b]) => [a.length, b.length]);
    case 'StratifiedKFold':
      return new sk.modelSelection.StratifiedKFold(kwargs.nSplits).split(args[0], args[0]);
    case 'parameterGrid':
      return sk.modelSelection.parameterGrid(args[0]);
    case 'makeMoons': case 'makeCircles': {
      const [X, y] = (sk.datasets as any)[c.fn](kwargs);
      return { X: X.arraySync(), y: values(y) };
    }
    case 'loadBreastCancer': case 'loadIris': case 'loadDigits': {
      const b = (sk.datasets as any)[c.fn]();
      const target = values(b.target);
      const data = b.data.arraySync() as number[][];
      const means = data[0].map((_, j) => data.reduce((a, r) => a + r[j], 0) / data.length);
      return {
        shape: b.data.shape, featureNames: b.featureNames, targetNames: b.targetNames, targetCounts: counts(target, Math.max(...target) + 1),
        firstRow: data[0], columnMeans: means, imagesShape: b.images?.shape,
      };
    }
    case 'makeClassificationCounts': {
      const [X, y] = sk.datasets.makeClassification({ ...kwargs, randomState: 0 });
      return { shape: X.shape, classCounts: counts(values(y), kwargs.nClasses) };
    }
    case 'makeBlobsCounts': {
      const [X, y] = sk.datasets.makeBlobs({ ...kwargs, randomState: 0 });
      return { shape: X.shape, classCounts: counts(values(y), kwargs.nSamples.length) };
    }
    case 'makeRegressionShapes': {
      const [X, y] = sk.datasets.makeRegression({ ...kwargs, randomState: 0 });
      return { X: X.shape, y: y.shape };
    }
  }
  throw new Error(`no runner for fixture function ${c.fn}`);
}

function toPlain(x: unknown): unknown {
  return x instanceof tf.Tensor ? x.arraySync() : x;
}

for (const file of fs.readdirSync(FIXTURES).filter((f) => f.endsWith('.json')).sort()) {
  const cases: Case[] = JSON.parse(fs.readFileSync(path.join(FIXTURES, file), 'utf8'));
  describe(`sk parity (${file})`, () => {
    for (const c of cases) {
      it(`sk: ${c.name}`, () => {
        const warn = console.warn;
        console.warn = () => undefined;
        try {
          const out = run(c);
          const plain = out && typeof out === 'object' && !Array.isArray(out) && !(out instanceof tf.Tensor)
            ? Object.fromEntries(Object.entries(out as Record<string, unknown>).map(([k, v]) => [k, toPlain(v)]))
            : toPlain(out);
          close(plain, c.expected, c.name);
        } finally {
          console.warn = warn;
        }
      });
    }
  });
}
