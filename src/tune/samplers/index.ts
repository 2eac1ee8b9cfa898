/** `optuna.samplers` — how trial parameters are chosen. */
export { RandomSampler } from './random_sampler';
export { TPESampler } from './tpe_sampler';
export type { TPESamplerOptions } from './tpe_sampler';
export type { Sampler, StudyView } from './sampler';
