import { ParamDistribution, ParamValue, sameDistribution } from './distributions';
import { FrozenTrial } from './frozen_trial';
import type { Study } from './study';

/** Thrown from an objective to stop an unpromising trial (Optuna's `TrialPruned`). */
export class TrialPruned extends Error {
  constructor(message = 'Trial was pruned.') {
    super(message);
    this.name = 'TrialPruned';
  }
}

function checkBounds(name: string, low: number, high: number, log: boolean, who: string): void {
  if (!Number.isFinite(low) || !Number.isFinite(high)) throw new Error(`${who}('${name}'): low and high must be finite numbers, got low=${low}, high=${high}`);
  if (low > high) throw new Error(`${who}('${name}'): the value of low must be smaller than or equal to high, got low=${low}, high=${high}`);
  if (log && low <= 0) throw new Error(`${who}('${name}'): the value of low must be larger than 0 for a log distribution, got low=${low}`);
}

/**
 * One evaluation of the objective (Optuna's `Trial`): asks the study's sampler for parameter values
 * and reports intermediate values to its pruner.
 * ```ts
 * const lr = trial.suggestFloat('lr', 1e-5, 1e-1, { log: true });
 * const layers = trial.suggestInt('layers', 1, 4);
 * const opt = trial.suggestCategorical('optimizer', ['adam', 'sgd']);
 * ```
 */
export class Trial {
  constructor(private readonly study: Study, readonly record: FrozenTrial) {}

  /** 0-based trial number. */
  get number(): number {
    return this.record.number;
  }

  /** Values suggested so far in this trial. */
  get params(): Record<string, ParamValue> {
    return { ...this.record.params };
  }

  private suggest(name: string, distribution: ParamDistribution): ParamValue {
    if (typeof name !== 'string' || name.length === 0) throw new Error('suggest: the parameter name must be a non-empty string');
    const previous = this.record.distributions[name];
    if (previous) {
      if (!sameDistribution(previous, distribution)) {
        throw new Error(`Parameter '${name}' was already suggested in this trial with a different range`);
      }
      return this.record.params[name];
    }
    const value = this.study.sampleParam(this.record, name, distribution);
    this.record.params[name] = value;
    this.record.distributions[name] = distribution;
    return value;
  }

  /** A float in [low, high]; `log` samples on a log scale, `step` discretizes. */
  suggestFloat(name: string, low: number, high: number, options: { log?: boolean; step?: number } = {}): number {
    const log = options.log ?? false;
    checkBounds(name, low, high, log, 'suggestFloat');
    if (options.step !== undefined && log) throw new Error(`suggestFloat('${name}'): the parameters step and log cannot be used at the same time`);
    if (options.step !== undefined && !(options.step > 0)) throw new Error(`suggestFloat('${name}'): step must be positive, got ${options.step}`);
    return this.suggest(name, { kind: 'float', low, high, log, step: options.step ?? null }) as number;
  }

  /** An integer in [low, high] (both included). */
  suggestInt(name: string, low: number, high: number, options: { log?: boolean; step?: number } = {}): number {
    const log = options.log ?? false;
    const step = options.step ?? 1;
    checkBounds(name, low, high, log, 'suggestInt');
    if (!Number.isInteger(low) || !Number.isInteger(high)) throw new Error(`suggestInt('${name}'): low and high must be integers, got low=${low}, high=${high}`);
    if (!Number.isInteger(step) || step <= 0) throw new Error(`suggestInt('${name}'): step must be a positive integer, got ${step}`);
    if (log && step !== 1) throw new Error(`suggestInt('${name}'): the parameters step and log cannot be used at the same time`);
    return this.suggest(name, { kind: 'int', low, high, log, step }) as number;
  }

  /** One of `choices`. */
  suggestCategorical<T>(name: string, choices: T[]): T {
    if (!Array.isArray(choices) || choices.length === 0) throw new Error(`suggestCategorical('${name}'): choices must be a non-empty array, got ${JSON.stringify(choices)}`);
    return this.suggest(name, { kind: 'categorical', choices }) as T;
  }

  /** Older Optuna spelling: `suggestFloat(name, low, high)`. */
  suggestUniform(name: string, low: number, high: number): number {
    return this.suggestFloat(name, low, high);
  }

  /** Older Optuna spelling: `suggestFloat(name, low, high, { log: true })`. */
  suggestLoguniform(name: string, low: number, high: number): number {
    return this.suggestFloat(name, low, high, { log: true });
  }

  /** Older Optuna spelling: `suggestFloat(name, low, high, { step: q })`. */
  suggestDiscreteUniform(name: string, low: number, high: number, q: number): number {
    return this.suggestFloat(name, low, high, { step: q });
  }

  /** Reports an intermediate objective value (e.g. validation loss after epoch `step`). */
  report(value: number, step: number): void {
    if (typeof value !== 'number') throw new Error(`report: value must be a number, got ${typeof value}`);
    if (!Number.isInteger(step) || step < 0) throw new Error(`report: step must be a non-negative integer, got ${step}`);
    if (this.record.intermediateValues.has(step)) {
      console.warn(`The reported value is ignored because this step ${step} is already reported.`);
      return;
    }
    this.record.intermediateValues.set(step, value);
  }

  /** Whether the study's pruner judges this trial unpromising; then `throw new optuna.TrialPruned()`. */
  shouldPrune(): boolean {
    return this.study.pruner.prune(this.study, this.record);
  }

  setUserAttr(key: string, value: unknown): void {
    this.record.userAttrs[key] = value;
  }

  get userAttrs(): Record<string, unknown> {
    return { ...this.record.userAttrs };
  }
}
