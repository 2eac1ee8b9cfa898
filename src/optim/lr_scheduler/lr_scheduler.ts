import { Optimizer, type ParamGroup } from '../optimizer';

/**
 * The base of the epoch-based schedulers, like `torch.optim.lr_scheduler._LRScheduler`: a scheduler only
 * changes `optimizer.paramGroups[i].lr` (and the momentum for the cyclic ones). Each group's starting
 * learning rate is remembered as `initialLr` (PyTorch's `initial_lr`) and read into `baseLrs`.
 *
 * Subclasses define `getLr()`, the chainable form computed from the current learning rates at
 * `lastEpoch`, and optionally `closedFormLr()`, used when `step(epoch)` is given an explicit epoch.
 * Their constructors end with `this.initialStep()` (which sets the learning rates for epoch 0).
 *
 * ```ts
 * const sched = new optim.lrScheduler.StepLR(opt, { stepSize: 30, gamma: 0.1 });
 * for (let epoch = 0; epoch < 100; epoch++) { train(); sched.step(); }
 * ```
 */
export abstract class LRScheduler {
  /** The optimizer whose learning rates this scheduler sets. */
  readonly optimizer: Optimizer<any>;
  /** Each group's starting learning rate. */
  baseLrs: number[];
  /** The index of the last epoch (or iteration) stepped; -1 before the initial step. */
  lastEpoch: number;
  /** How many times `step()` ran (1 after construction). */
  protected stepCount = 0;
  private lastLr: number[] = [];

  constructor(optimizer: Optimizer<any>, lastEpoch = -1) {
    if (!(optimizer instanceof Optimizer)) {
      throw new TypeError(`${new.target.name}: expected an optimizer (e.g. new optim.SGD(...)), got ${typeof optimizer}`);
    }
    this.optimizer = optimizer;
    if (lastEpoch === -1) {
      for (const g of optimizer.paramGroups) if (g.initialLr === undefined) g.initialLr = g.lr;
    } else {
      optimizer.paramGroups.forEach((g, i) => {
        if (g.initialLr === undefined) {
          throw new Error(`${new.target.name}: paramGroups[${i}] has no initialLr; it is needed when resuming (lastEpoch ≠ -1)`);
        }
      });
    }
    this.baseLrs = optimizer.paramGroups.map((g) => g.initialLr as number);
    this.lastEpoch = lastEpoch;
  }

  /** The groups of the optimizer. */
  protected get groups(): ParamGroup<any>[] {
    return this.optimizer.paramGroups;
  }

  /** The learning rates for `lastEpoch`, computed from the current ones (PyTorch's chainable `get_lr`). */
  protected abstract getLr(): number[];

  /** The learning rates for `lastEpoch` from `baseLrs` alone, when the schedule has a closed form. */
  protected closedFormLr(): number[] | null {
    return null;
  }

  /**
   * Performs the first step at construction (epoch 0). Called at the end of subclass constructors;
   * also used by `SequentialLR`.
   * @internal
   */
  initialStep(): void {
    this.stepCount = 0;
    this.step();
  }

  /**
   * Advances to the next epoch (or to `epoch` when given, using the closed form if there is one) and
   * writes the new learning rates into the optimizer's groups.
   */
  step(epoch?: number): void {
    this.stepCount += 1;
    let values: number[];
    if (epoch === undefined) {
      this.lastEpoch += 1;
      values = this.getLr();
    } else {
      this.lastEpoch = epoch;
      values = this.closedFormLr() ?? this.getLr();
    }
    this.groups.forEach((g, i) => {
      g.lr = values[i];
    });
    this.setLastLr();
  }

  /** Records the groups' current learning rates as the last ones (for `getLastLr`). */
  protected setLastLr(): void {
    this.lastLr = this.groups.map((g) => g.lr);
  }

  /** The learning rate of each group after the last `step()`. */
  getLastLr(): number[] {
    return [...this.lastLr];
  }

  /** The scheduler's state (every field but the optimizer and functions), like PyTorch's `state_dict()`. */
  stateDict(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(this)) {
      if (k === 'optimizer' || typeof v === 'function' || v instanceof LRScheduler) continue;
      if (Array.isArray(v) && v.some((x) => typeof x === 'function' || x instanceof LRScheduler)) continue;
      out[k] = Array.isArray(v) ? [...v] : v;
    }
    return out;
  }

  /** Restores a state saved by `stateDict()`. */
  loadStateDict(state: Record<string, unknown>): void {
    for (const [k, v] of Object.entries(state)) {
      (this as Record<string, unknown>)[k] = Array.isArray(v) ? [...v] : v;
    }
  }
}

/** Expands one value to one per group, or checks a per-group list (PyTorch's `_format_param`). */
export function perGroup(name: string, where: string, optimizer: Optimizer<any>, value: number | number[]): number[] {
  const n = optimizer.paramGroups.length;
  if (Array.isArray(value)) {
    if (value.length !== n) throw new Error(`${where}: expected ${n} values for ${name} (one per group), got ${value.length}`);
    return [...value];
  }
  if (typeof value !== 'number' || Number.isNaN(value)) throw new Error(`${where}: ${name} must be a number, got ${value}`);
  return new Array<number>(n).fill(value);
}
