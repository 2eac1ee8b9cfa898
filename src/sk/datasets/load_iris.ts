import * as tf from '@tensorflow/tfjs';
import { Bunch, makeBunch } from './bunch';
import { parseNumericRows, readDataFile } from './data_files';

const DESCR = `Iris plants data set (R. A. Fisher, 1936): 150 samples, 4 features (sepal and petal length and width in
cm), 3 classes of 50 (setosa, versicolor, virginica). File: data/iris.csv, as shipped in scikit-learn
(Debian python3-sklearn 1.2.1), originally from the UCI Machine Learning Repository.`;

/**
 * The iris data set (sklearn's `load_iris`): `data` float32 `[150, 4]`, `target` int32 `[150]`
 * (0 setosa, 1 versicolor, 2 virginica).
 * ```ts
 * const iris = sk.datasets.loadIris();
 * ```
 */
export function loadIris(): Bunch;
export function loadIris(options: { returnXY: true }): [tf.Tensor2D, tf.Tensor1D];
export function loadIris(options: { returnXY?: boolean } = {}): Bunch | [tf.Tensor2D, tf.Tensor1D] {
  const lines = readDataFile('iris.csv').split('\n');
  const header = lines[0].split(',');
  const rows = parseNumericRows(lines.slice(1), 'iris.csv');
  const bunch = makeBunch(
    rows.map((r) => r.slice(0, 4)),
    rows.map((r) => r[4]),
    ['sepal length (cm)', 'sepal width (cm)', 'petal length (cm)', 'petal width (cm)'],
    header.slice(2),
    DESCR,
  );
  return options.returnXY ? [bunch.data, bunch.target] : bunch;
}
