/**
 * `sk.datasets` — real and synthetic data sets (scikit-learn's `sklearn.datasets`), plus the
 * course's own small sets (XOR, sine wave/series, sentiment sentences). Loaders return a
 * {@link Bunch} of tensors; generators return `[X, y]` tensors and take a `randomState` seed.
 */
export { loadBreastCancer, BREAST_CANCER_FEATURE_NAMES } from './load_breast_cancer';
export { loadDigits } from './load_digits';
export type { DigitsBunch } from './load_digits';
export { loadIris } from './load_iris';
export type { Bunch } from './bunch';
export { makeMoons, makeCircles } from './make_moons';
export type { TwoShapeOptions } from './make_moons';
export { makeBlobs } from './make_blobs';
export type { MakeBlobsOptions } from './make_blobs';
export { makeRegression } from './make_regression';
export type { MakeRegressionOptions } from './make_regression';
export { makeClassification } from './make_classification';
export type { MakeClassificationOptions } from './make_classification';
export { makeXor, makeSineWave, makeSineSeries, loadSentimentCorpus } from './course_data';
export type { SentimentCorpus } from './course_data';
