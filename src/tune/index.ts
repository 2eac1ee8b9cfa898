/**
 * `optuna` — hyper-parameter optimization in the style of Optuna: `createStudy`, `Study.optimize`,
 * `Trial.suggestInt/suggestFloat/suggestCategorical`, `report`/`shouldPrune` with
 * `pruners.MedianPruner`, `samplers.TPESampler` / `samplers.RandomSampler`, `TrialPruned`.
 */
export { createStudy, Study } from './study';
export type { Objective, OptimizeOptions } from './study';
export { Trial, TrialPruned } from './trial';
export type { FrozenTrial, TrialState } from './frozen_trial';
export type { ParamDistribution } from './distributions';
export * as samplers from './samplers';
export * as pruners from './pruners';
export * as logging from './logging';
