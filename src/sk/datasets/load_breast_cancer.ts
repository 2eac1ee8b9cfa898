import * as tf from '@tensorflow/tfjs';
import { Bunch, makeBunch } from './bunch';
import { parseNumericRows, readDataFile } from './data_files';

const MEASURES = ['radius', 'texture', 'perimeter', 'area', 'smoothness', 'compactness', 'concavity', 'concave points', 'symmetry', 'fractal dimension'];

/** The 30 feature names, in scikit-learn's spelling ('mean radius', ..., 'radius error', ..., 'worst radius', ...). */
export const BREAST_CANCER_FEATURE_NAMES = [
  ...MEASURES.map((m) => `mean ${m}`),
  ...MEASURES.map((m) => `${m} error`),
  ...MEASURES.map((m) => `worst ${m}`),
];

const DESCR = `Breast cancer Wisconsin (diagnostic) data set: 569 samples, 30 numeric features computed from
digitized images of fine needle aspirates of breast masses (mean, standard error and worst value of
10 cell-nucleus measurements), target 0 = malignant (212), 1 = benign (357).
Creators: W. H. Wolberg, W. N. Street, O. L. Mangasarian (University of Wisconsin, 1995), via the UCI
Machine Learning Repository. File: data/breast_cancer.csv, as shipped in scikit-learn (Debian python3-sklearn 1.2.1).`;

/**
 * The breast-cancer Wisconsin diagnostic data set (sklearn's `load_breast_cancer`), read from the
 * project's `data/breast_cancer.csv`.
 *
 * Returns `data` float32 `[569, 30]`, `target` int32 `[569]` (0 = malignant, 1 = benign),
 * `featureNames`, `targetNames` (`['malignant', 'benign']`), `frame` records and `DESCR`. With
 * `returnXY: true`, just `[data, target]`.
 * ```ts
 * const cancer = sk.datasets.loadBreastCancer();
 * cancer.data.shape;   // [569, 30]
 * ```
 */
export function loadBreastCancer(): Bunch;
export function loadBreastCancer(options: { returnXY: true }): [tf.Tensor2D, tf.Tensor1D];
export function loadBreastCancer(options: { returnXY?: boolean } = {}): Bunch | [tf.Tensor2D, tf.Tensor1D] {
  const lines = readDataFile('breast_cancer.csv').split('\n');
  const header = lines[0].split(',');
  const [nSamples, nFeatures] = [Number(header[0]), Number(header[1])];
  const rows = parseNumericRows(lines.slice(1), 'breast_cancer.csv');
  if (rows.length !== nSamples || rows.some((r) => r.length !== nFeatures + 1)) {
    throw new Error(`breast_cancer.csv: expected ${nSamples} rows of ${nFeatures} features + target, got ${rows.length} rows`);
  }
  const bunch = makeBunch(rows.map((r) => r.slice(0, nFeatures)), rows.map((r) => r[nFeatures]), BREAST_CANCER_FEATURE_NAMES.slice(), header.slice(2), DESCR);
  if (options.returnXY) return [bunch.data, bunch.target];
  return bunch;
}
