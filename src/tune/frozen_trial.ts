import { ParamDistribution, ParamValue } from './distributions';

/** How a trial ended. */
export type TrialState = 'RUNNING' | 'COMPLETE' | 'PRUNED' | 'FAIL';

/** A finished (or running) trial's record (Optuna's `FrozenTrial`). */
export interface FrozenTrial {
  number: number;
  state: TrialState;
  /** The objective value (for a pruned trial: its last reported intermediate value). */
  value: number | null;
  params: Record<string, ParamValue>;
  distributions: Record<string, ParamDistribution>;
  /** step → reported value. */
  intermediateValues: Map<number, number>;
  userAttrs: Record<string, unknown>;
  datetimeStart: Date;
  datetimeComplete: Date | null;
}
