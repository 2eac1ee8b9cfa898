import { ParamDistribution, ParamValue } from '../distributions';
import { FrozenTrial } from '../frozen_trial';

/** What a sampler sees of the study. */
export interface StudyView {
  direction: 'minimize' | 'maximize';
  /** All trials so far, including the running one. */
  trials: FrozenTrial[];
}

/** Chooses a value for one parameter of a running trial. */
export interface Sampler {
  sample(study: StudyView, trial: FrozenTrial, name: string, distribution: ParamDistribution): ParamValue;
}
