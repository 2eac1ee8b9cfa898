import { ParamDistribution, ParamValue } from './distributions';
import { FrozenTrial } from './frozen_trial';
import { INFO, WARNING, log } from './logging';
import { MedianPruner, Pruner } from './pruners';
import { Sampler } from './samplers/sampler';
import { TPESampler } from './samplers/tpe_sampler';
import { Trial, TrialPruned } from './trial';

/** The function being optimized: returns the value for one trial (may be async). */
export type Objective = (trial: Trial) => number | Promise<number>;

/** Options of {@link Study.optimize}. */
export interface OptimizeOptions {
  /** Number of trials to run (default: until `timeout`; at least one of the two is needed). */
  nTrials?: number;
  /** Stop starting new trials after this many seconds. */
  timeout?: number;
  /** Called after each finished trial. */
  callbacks?: Array<(study: Study, trial: FrozenTrial) => void>;
  /** Record errors thrown by the objective as failed trials instead of stopping (default false). */
  catchErrors?: boolean;
}

function formatValue(v: unknown): string {
  return typeof v === 'string' ? `'${v}'` : String(v);
}

function formatParams(p: Record<string, unknown>): string {
  return `{${Object.entries(p).map(([k, v]) => `'${k}': ${formatValue(v)}`).join(', ')}}`;
}

/**
 * A hyper-parameter optimization run (Optuna's `Study`). Create it with {@link createStudy}.
 * ```ts
 * const study = optuna.createStudy({ direction: 'minimize', sampler: new optuna.samplers.TPESampler({ seed: 0 }) });
 * await study.optimize((trial) => (trial.suggestFloat('x', -10, 10) - 2) ** 2, { nTrials: 50 });
 * study.bestParams;   // { x: 2.0… }
 * ```
 */
export class Study {
  readonly trials_: FrozenTrial[] = [];
  private readonly queued: Array<Record<string, ParamValue>> = [];

  constructor(
    readonly direction: 'minimize' | 'maximize',
    readonly sampler: Sampler,
    readonly pruner: Pruner,
    readonly studyName: string,
  ) {}

  /** All trials (copies of the records). */
  get trials(): FrozenTrial[] {
    return this.trials_.slice();
  }

  /** The best completed trial; an error when none completed. */
  get bestTrial(): FrozenTrial {
    const done = this.trials_.filter((t) => t.state === 'COMPLETE' && t.value !== null && !Number.isNaN(t.value));
    if (done.length === 0) throw new Error('No trials are completed yet.');
    return done.reduce((best, t) => ((this.direction === 'minimize' ? t.value! < best.value! : t.value! > best.value!) ? t : best));
  }

  get bestValue(): number {
    return this.bestTrial.value!;
  }

  get bestParams(): Record<string, ParamValue> {
    return { ...this.bestTrial.params };
  }

  /** Fixes the parameters of a future trial (Optuna's `enqueue_trial`); others are sampled. */
  enqueueTrial(params: Record<string, ParamValue>): void {
    this.queued.push({ ...params });
  }

  /** @internal Used by Trial: a value for `name`, from the queue or the sampler. */
  sampleParam(record: FrozenTrial, name: string, distribution: ParamDistribution): ParamValue {
    const fixed = record.userAttrs.fixedParams as Record<string, ParamValue> | undefined;
    if (fixed && name in fixed) return fixed[name];
    return this.sampler.sample({ direction: this.direction, trials: this.trials_ }, record, name, distribution);
  }

  /** Runs trials one after another; an async objective is awaited. */
  async optimize(objective: Objective, options: OptimizeOptions = {}): Promise<void> {
    if (typeof objective !== 'function') throw new Error('optimize: objective must be a function (trial) => number | Promise<number>');
    const { nTrials, timeout } = options;
    if (nTrials === undefined && timeout === undefined) throw new Error('optimize: give nTrials and/or timeout (seconds)');
    if (nTrials !== undefined && (!Number.isInteger(nTrials) || nTrials < 1)) throw new Error(`optimize: nTrials should be a positive integer, got ${nTrials}`);
    if (timeout !== undefined && !(timeout > 0)) throw new Error(`optimize: timeout should be a positive number of seconds, got ${timeout}`);
    const started = Date.now();
    for (let k = 0; nTrials === undefined || k < nTrials; k++) {
      if (timeout !== undefined && (Date.now() - started) / 1000 >= timeout) break;
      const record: FrozenTrial = {
        number: this.trials_.length,
        state: 'RUNNING',
        value: null,
        params: {},
        distributions: {},
        intermediateValues: new Map(),
        userAttrs: {},
        datetimeStart: new Date(),
        datetimeComplete: null,
      };
      const fixed = this.queued.shift();
      if (fixed) record.userAttrs.fixedParams = fixed;
      this.trials_.push(record);
      const trial = new Trial(this, record);
      try {
        const value = await objective(trial);
        if (typeof value !== 'number' || Number.isNaN(value)) {
          record.state = 'FAIL';
          log(WARNING, `Trial ${record.number} failed with value ${JSON.stringify(value)}: the objective must return a number (not NaN).`);
        } else {
          record.state = 'COMPLETE';
          record.value = value;
          const best = this.bestTrial;
          log(INFO, `Trial ${record.number} finished with value: ${value} and parameters: ${formatParams(record.params)}. Best is trial ${best.number} with value: ${best.value}.`);
        }
      } catch (err) {
        if (err instanceof TrialPruned) {
          record.state = 'PRUNED';
          const steps = [...record.intermediateValues.keys()];
          record.value = steps.length > 0 ? record.intermediateValues.get(Math.max(...steps))! : null;
          log(INFO, `Trial ${record.number} pruned. ${err.message}`);
        } else {
          record.state = 'FAIL';
          record.datetimeComplete = new Date();
          log(WARNING, `Trial ${record.number} failed because of the following error: ${(err as Error).message}`);
          if (!options.catchErrors) throw err;
        }
      }
      delete record.userAttrs.fixedParams;
      record.datetimeComplete = new Date();
      options.callbacks?.forEach((cb) => cb(this, record));
    }
  }

  /**
   * The trials as table records, with Optuna's `trials_dataframe()` columns: number, value,
   * datetime_start, datetime_complete, duration (seconds), params_<name>..., state.
   */
  trialsDataframe(): Record<string, unknown>[] {
    const names = [...new Set(this.trials_.flatMap((t) => Object.keys(t.params)))].sort();
    return this.trials_.map((t) => ({
      number: t.number,
      value: t.value,
      datetime_start: t.datetimeStart.toISOString(),
      datetime_complete: t.datetimeComplete ? t.datetimeComplete.toISOString() : null,
      duration: t.datetimeComplete ? (t.datetimeComplete.getTime() - t.datetimeStart.getTime()) / 1000 : null,
      ...Object.fromEntries(names.map((n) => [`params_${n}`, n in t.params ? t.params[n] : null])),
      state: t.state,
    }));
  }
}

let studyCounter = 0;

/**
 * Creates a study (Optuna's `create_study`). Defaults: minimize, a TPE sampler seeded from the global
 * seed (`tsdl.manualSeed`), a median pruner.
 * ```ts
 * const study = optuna.createStudy({ direction: 'maximize' });
 * ```
 */
export function createStudy(options: { direction?: 'minimize' | 'maximize'; sampler?: Sampler; pruner?: Pruner; studyName?: string } = {}): Study {
  const direction = options.direction ?? 'minimize';
  if (direction !== 'minimize' && direction !== 'maximize') throw new Error(`createStudy: direction should be 'minimize' or 'maximize', got ${JSON.stringify(direction)}`);
  return new Study(direction, options.sampler ?? new TPESampler(), options.pruner ?? new MedianPruner(), options.studyName ?? `no-name-${++studyCounter}`);
}
