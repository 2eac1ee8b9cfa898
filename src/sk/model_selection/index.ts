/**
 * `sk.modelSelection` — splitting and hyper-parameter search (scikit-learn's
 * `sklearn.model_selection`).
 */
export { trainTestSplit, splitSizes } from './train_test_split';
export type { TrainTestSplitOptions } from './train_test_split';
export { KFold, StratifiedKFold } from './kfold';
export type { TrainTestIndices } from './kfold';
export { parameterGrid, parameterSampler } from './parameter_grid';
export type { Params, ParamGridSpec, ParamDistributions } from './parameter_grid';
export { GridSearch, RandomizedSearch } from './search';
export type { Fold, ScoreFunction, SearchOptions, SearchResult } from './search';
export { uniform, loguniform, randint } from './distributions';
export type { Distribution } from './distributions';
