import * as tf from '@tensorflow/tfjs';
import { isParameter, describe, type Parameter } from '../nn/parameter';
import { assertSomeGradients } from '../autograd/backward';

/** Hyperparameters every optimizer has: the learning rate a scheduler may change in place. */
export interface BaseOptions {
  lr: number;
}

/**
 * One parameter group: its parameters and its own copy of every hyperparameter (PyTorch's
 * `param_groups[i]`). Schedulers change `lr` (and `momentum` / `betas`) here; extra keys such as
 * `initialLr` are added by schedulers.
 */
export type ParamGroup<O extends BaseOptions = BaseOptions> = O & {
  params: Parameter[];
  [key: string]: unknown;
};

/** A parameter group as given to the constructor or `addParamGroup`: options not given use the defaults. */
export type ParamGroupInput<O extends BaseOptions = BaseOptions> = Partial<O> & {
  params: Iterable<Parameter> | Parameter;
  [key: string]: unknown;
};

/** What optimizers accept: parameters (e.g. `model.parameters()`) or a list of parameter groups. */
export type ParamsInput<O extends BaseOptions = BaseOptions> = Iterable<Parameter> | ParamGroupInput<O>[];

/** An optimizer's per-parameter state: tensors (owned by the optimizer) and numbers such as `step`. */
export type ParamState = Record<string, tf.Tensor | number>;

/** The serialisable form of an optimizer (`stateDict()`); parameters are referred to by their index. */
export interface OptimizerStateDict {
  /** State of parameter i (numbering runs over the groups in order). Tensors are copies the caller owns. */
  state: Record<number, ParamState>;
  /** Each group's hyperparameters, with `params` the indices of its parameters. */
  paramGroups: Array<Record<string, unknown> & { params: number[] }>;
}

/**
 * The base of every optimizer, like `torch.optim.Optimizer`: it holds `paramGroups` (each with its own
 * hyperparameters) and a per-parameter `state`, and applies one update rule to every parameter that has a
 * gradient. Subclasses only define `updateParameter`, the rule for one parameter.
 *
 * `step()` runs inside one `tf.tidy`: each parameter is read once and assigned once; state tensors of
 * the previous step are disposed when replaced, so the number of live tensors stays constant after the
 * first step. Parameters with `requiresGrad = false` or without a gradient are skipped.
 *
 * ```ts
 * const opt = new optim.SGD([{ params: model.fc1.parameters(), lr: 0.1 }, { params: model.fc2.parameters() }],
 *                           { lr: 0.01, momentum: 0.9 });
 * opt.zeroGrad();
 * tsdl.backward(() => criterion.forward(model.forward(x), y));
 * opt.step();
 * ```
 */
export abstract class Optimizer<O extends BaseOptions = BaseOptions> {
  /** The hyperparameters used for groups that do not set their own. */
  readonly defaults: O;
  /** The parameter groups, in order. */
  paramGroups: ParamGroup<O>[] = [];
  /** Whether `step()` updates each group's parameters together (`updateGroup`) rather than one by one. */
  protected readonly updatesGroupsAtOnce: boolean = false;
  /** Per-parameter state (momentum buffers, moment estimates, step counts). */
  state: Map<Parameter, ParamState> = new Map();

  constructor(params: ParamsInput<O>, defaults: O) {
    this.defaults = { ...defaults };
    this.validate(defaults, 'options');
    const groups = toGroupInputs(params, this.constructor.name);
    for (const g of groups) this.addParamGroup(g);
  }

  /** Checks hyperparameter values (lr >= 0, betas in [0, 1), ...); `where` names the group in errors. */
  protected validate(options: O, where: string): void {
    if (typeof options.lr !== 'number' || !(options.lr >= 0)) {
      throw new Error(`${this.constructor.name}: invalid learning rate lr=${options.lr} in ${where} (must be >= 0)`);
    }
  }

  /**
   * The update rule for one parameter: returns the parameter's new value and writes its new state into
   * `state` (replace tensors, do not mutate them). Runs inside `step()`'s `tf.tidy`.
   *
   * @param param the current value (a parameter, or several flattened together: see `updateGroup`)
   * @param grad its gradient
   * @param state the parameter's state (empty at the first step)
   * @param group the parameter's group, with its hyperparameters
   */
  protected abstract updateParameter(param: tf.Tensor, grad: tf.Tensor, state: ParamState, group: ParamGroup<O>): tf.Tensor;

  /**
   * The update of a group's parameters as one loop over host memory (`in_place_update.ts`), for the rules
   * that have one (SGD, Adam, AdamW): returns the new parameter values, having updated `states` (state
   * tensors in place), or null when the rule has no such loop or the backend, dtypes or shared state
   * tensors do not allow it; `step()` then uses `updateGroup` or `updateParameter`. Runs inside `step()`'s
   * `tf.tidy`.
   */
  protected updateInPlace(_params: Parameter[], _states: ParamState[], _group: ParamGroup<O>): tf.Tensor[] | null {
    return null;
  }

  /**
   * The update of all parameters of one group at once, like PyTorch's `foreach` implementations: the
   * parameters, gradients and state tensors are concatenated into flat vectors, `updateParameter` runs once
   * on them (its rule is element-wise, so every element gets exactly the arithmetic it would get alone), and
   * the new values and state are split back per parameter. A step then costs a dozen tensor operations per
   * group instead of a dozen per parameter; on the WASM backend each operation costs ~10–20 µs whatever
   * its size. Returns null, and the parameters are updated one by one, when the group cannot be flattened:
   * a dtype other than float32, state entries that differ between the parameters (step counts after a
   * missing gradient) or state tensors not shaped like their parameter.
   *
   * Used when `updatesGroupsAtOnce` is true and the parameters are small on average (see
   * `GROUPED_UPDATE_MAX_MEAN_SIZE`): flattening costs a concatenation per state tensor and a split back,
   * which pays for rules of many operations (Adam: 13 per parameter) but not for plain SGD (2).
   */
  protected updateGroup(params: Parameter[], grads: tf.Tensor[], states: ParamState[], group: ParamGroup<O>): tf.Tensor[] | null {
    if (params.some((p) => p.dtype !== 'float32')) return null;
    const keys = Object.keys(states[0]).sort();
    for (let i = 0; i < params.length; i++) {
      const s = states[i];
      if (Object.keys(s).sort().join() !== keys.join()) return null;
      for (const k of keys) {
        const v = s[k];
        if (v instanceof tf.Tensor ? v.size !== params[i].size || v.dtype !== 'float32' : v !== states[0][k]) return null;
      }
    }
    const total = params.reduce((n, p) => n + p.size, 0);
    // Vectors (biases, norms' weights) go in as they are: a reshape is one more kernel call per parameter.
    const flat = (ts: tf.Tensor[]) => tf.concat(ts.map((t) => (t.rank === 1 ? t : tf.reshape(t, [-1]))));
    const flatState: ParamState = {};
    for (const k of keys) {
      const v0 = states[0][k];
      flatState[k] = v0 instanceof tf.Tensor ? flat(states.map((s) => s[k] as tf.Tensor)) : v0;
    }
    const value = this.updateParameter(flat(params), flat(grads), flatState, group);
    if (Object.values(flatState).some((v) => v instanceof tf.Tensor && v.size !== total)) return null;
    const sizes = params.map((p) => p.size);
    const unflat = (t: tf.Tensor) => tf.split(t, sizes).map((part, i) => (params[i].rank === 1 ? part : tf.reshape(part, params[i].shape)));
    for (const [k, v] of Object.entries(flatState)) {
      if (v instanceof tf.Tensor) unflat(v).forEach((part, i) => { states[i][k] = part; });
      else states.forEach((s) => { s[k] = v; });
    }
    return unflat(value);
  }

  /**
   * Adds a parameter group (e.g. layers unfrozen during fine-tuning); options it does not set take the
   * defaults. A parameter may belong to one group only.
   */
  addParamGroup(group: ParamGroupInput<O>): void {
    const name = this.constructor.name;
    if (group === null || typeof group !== 'object' || !('params' in group)) {
      throw new TypeError(`${name}.addParamGroup: expected an object { params, ...options }, got ${describe(group)}`);
    }
    const params = isParameter(group.params) ? [group.params] : [...(group.params as Iterable<Parameter>)];
    params.forEach((p, i) => {
      if (!isParameter(p)) {
        throw new TypeError(`${name}: params[${i}] of group ${this.paramGroups.length} is not an nn.Parameter (got ${describe(p)})`);
      }
    });
    const existing = new Set(this.paramGroups.flatMap((g) => g.params));
    if (params.some((p) => existing.has(p)) || new Set(params).size !== params.length) {
      throw new Error(`${name}: some parameters appear more than once (in one group or in several groups)`);
    }
    const full = { ...this.defaults, ...group, params } as ParamGroup<O>;
    this.validate(full, `param group ${this.paramGroups.length}`);
    this.paramGroups.push(full);
  }

  /** Clears the gradient of every parameter (PyTorch's `zero_grad(set_to_none=True)`). */
  zeroGrad(): void {
    for (const group of this.paramGroups) for (const p of group.params) p.clearGrad();
  }

  /**
   * Performs one update of every parameter that has a gradient. If `closure` is given it is called first
   * (it should zero the gradients, compute the loss and backpropagate, e.g. with `tsdl.backward`) and its
   * result is returned.
   *
   * Throws when no parameter has a gradient (usually: `backward` was not called before `step`).
   */
  step<T = undefined>(closure?: () => T): T | undefined {
    const result = closure !== undefined ? closure() : undefined;
    // Plain loops here and below: this runs once per training step, and a small model's first steps run it uncompiled.
    const name = this.constructor.name;
    const trainable: Parameter[] = [];
    for (const group of this.paramGroups) for (const p of group.params) if (p.requiresGrad) trainable.push(p);
    if (trainable.length === 0) {
      throw new Error(`${name}.step(): every parameter is frozen (requiresGrad = false); nothing to update`);
    }
    assertSomeGradients(trainable, `${name}.step()`);
    tf.tidy(() => {
      for (const group of this.paramGroups) {
        const updated: Parameter[] = [];
        for (const p of group.params) if (p.requiresGrad && p.grad !== null) updated.push(p);
        for (const p of updated) if (p.isDisposed) throw new Error(`${name}.step(): a parameter has been disposed`);
        for (const p of updated) {
          const g = p.grad as tf.Tensor;
          if (g.size !== p.size || !sameShape(g.shape, p.shape)) {
            throw new Error(`${name}.step(): parameter ${p.name} has shape [${p.shape.join(', ')}] but its gradient has shape [${g.shape.join(', ')}]`);
          }
        }
        if (updated.length === 0) continue;
        const oldStates: ParamState[] = [];
        const newStates: ParamState[] = [];
        for (const p of updated) {
          const s = this.state.get(p) ?? {};
          oldStates.push(s);
          newStates.push({ ...s });
        }
        let values = this.updateInPlace(updated, newStates, group);
        if (values === null && this.updatesGroupsAtOnce && updated.length > 1 && groupedUpdatePays(updated)) {
          const grads: tf.Tensor[] = [];
          for (const p of updated) grads.push(p.grad as tf.Tensor);
          values = this.updateGroup(updated, grads, newStates, group);
        }
        if (values !== null) {
          for (let i = 0; i < updated.length; i++) {
            updated[i].assign(values[i]);
            this.replaceState(updated[i], oldStates[i], newStates[i]);
          }
          continue;
        }
        for (const p of updated) {
          const oldState = this.state.get(p) ?? {};
          const newState: ParamState = { ...oldState };
          const value = this.updateParameter(p, p.grad as tf.Tensor, newState, group);
          p.assign(value);
          this.replaceState(p, oldState, newState);
        }
      }
    });
    return result;
  }

  /** Keeps the new state tensors past the tidy and disposes the replaced ones. */
  private replaceState(p: Parameter, oldState: ParamState, newState: ParamState): void {
    for (const k in newState) {
      const v = newState[k];
      if (v instanceof tf.Tensor) tf.keep(v);
    }
    for (const k in oldState) {
      const v = oldState[k];
      if (v instanceof tf.Tensor && !stateHolds(newState, v)) v.dispose();
    }
    this.state.set(p, newState);
  }

  /**
   * The optimizer's hyperparameters and state, like PyTorch's `state_dict()`: parameters are numbered in
   * group order. State tensors are copies that the caller owns (`tf.dispose` them when done).
   */
  stateDict(): OptimizerStateDict {
    const index = new Map<Parameter, number>();
    const paramGroups = this.paramGroups.map((group) => {
      const { params, ...hyper } = group;
      return {
        ...structuredCloneHyper(hyper),
        params: params.map((p) => {
          if (!index.has(p)) index.set(p, index.size);
          return index.get(p) as number;
        }),
      };
    });
    const state: Record<number, ParamState> = {};
    for (const [p, s] of this.state) {
      const i = index.get(p);
      if (i === undefined) continue;
      state[i] = Object.fromEntries(Object.entries(s).map(([k, v]) => [k, v instanceof tf.Tensor ? tf.clone(v) : v]));
    }
    return { state, paramGroups };
  }

  /**
   * Restores hyperparameters and state saved by `stateDict()` (tensors are copied; the dict stays the
   * caller's). The groups must have the same sizes as this optimizer's.
   */
  loadStateDict(stateDict: OptimizerStateDict): void {
    const name = this.constructor.name;
    if (!stateDict || !Array.isArray(stateDict.paramGroups) || typeof stateDict.state !== 'object') {
      throw new Error(`${name}.loadStateDict: expected { state, paramGroups } as returned by stateDict()`);
    }
    if (stateDict.paramGroups.length !== this.paramGroups.length) {
      throw new Error(
        `${name}.loadStateDict: the saved state has ${stateDict.paramGroups.length} parameter groups, ` +
          `this optimizer has ${this.paramGroups.length}`,
      );
    }
    const byIndex = new Map<number, Parameter>();
    stateDict.paramGroups.forEach((saved, gi) => {
      const group = this.paramGroups[gi];
      if (saved.params.length !== group.params.length) {
        throw new Error(
          `${name}.loadStateDict: group ${gi} has ${group.params.length} parameters, the saved group has ${saved.params.length}`,
        );
      }
      saved.params.forEach((idx, j) => byIndex.set(idx, group.params[j]));
    });
    for (const [key, saved] of Object.entries(stateDict.state)) {
      const p = byIndex.get(Number(key));
      if (p === undefined) throw new Error(`${name}.loadStateDict: state for parameter ${key}, which no group lists`);
      for (const [k, v] of Object.entries(saved)) {
        if (v instanceof tf.Tensor && !sameShape(v.shape, p.shape)) {
          throw new Error(
            `${name}.loadStateDict: state '${k}' of parameter ${key} has shape [${v.shape}], the parameter has shape [${p.shape}]`,
          );
        }
      }
    }
    stateDict.paramGroups.forEach((saved, gi) => {
      const { params: _ignored, ...hyper } = saved;
      Object.assign(this.paramGroups[gi], structuredCloneHyper(hyper));
    });
    for (const s of this.state.values()) for (const v of Object.values(s)) if (v instanceof tf.Tensor) v.dispose();
    this.state = new Map();
    for (const [key, saved] of Object.entries(stateDict.state)) {
      const p = byIndex.get(Number(key)) as Parameter;
      this.state.set(
        p,
        Object.fromEntries(Object.entries(saved).map(([k, v]) => [k, v instanceof tf.Tensor ? tf.keep(tf.clone(v)) : v])),
      );
    }
  }

  /** Frees every state tensor (the parameters stay). */
  dispose(): void {
    for (const s of this.state.values()) for (const v of Object.values(s)) if (v instanceof tf.Tensor) v.dispose();
    this.state.clear();
  }

  /** PyTorch-like printed form listing each group's hyperparameters. */
  toString(): string {
    const lines = [`${this.constructor.name} (`];
    this.paramGroups.forEach((g, i) => {
      lines.push(`Parameter Group ${i}`);
      const keys = Object.keys(g).filter((k) => k !== 'params' && k !== 'lr');
      for (const k of ['lr', ...keys.sort()]) lines.push(`    ${k}: ${JSON.stringify(g[k])}`);
    });
    lines.push(')');
    return lines.join('\n');
  }
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** Copies hyperparameters, cloning arrays such as `betas` so the dict and the optimizer do not share them. */
function structuredCloneHyper(hyper: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(hyper).map(([k, v]) => [k, Array.isArray(v) ? [...v] : v]));
}

/** Normalises the constructor's `params` argument to a list of groups. */
function toGroupInputs<O extends BaseOptions>(params: ParamsInput<O>, name: string): ParamGroupInput<O>[] {
  if (params instanceof tf.Tensor) {
    throw new TypeError(`${name}: expected a list of parameters, got a single tensor (wrap it: [param])`);
  }
  if (params === null || params === undefined || typeof (params as Iterable<unknown>)[Symbol.iterator] !== 'function') {
    throw new TypeError(
      `${name}: expected parameters (e.g. model.parameters()) or a list of groups [{ params, lr }], got ${describe(params)}`,
    );
  }
  const items = [...(params as Iterable<unknown>)];
  if (items.length === 0) throw new Error(`${name}: got an empty parameter list`);
  if (items.length > 0 && items.every((it) => !isParameter(it) && typeof it === 'object' && it !== null && 'params' in it)) {
    return items as ParamGroupInput<O>[];
  }
  return [{ params: items as Parameter[] } as unknown as ParamGroupInput<O>];
}

/**
 * The gradient the update rules use: negated when maximizing, plus L2 weight decay (wd * param) when
 * `weightDecay` is not 0 (PyTorch's coupled weight decay).
 */
export function regularizedGrad(param: tf.Tensor, grad: tf.Tensor, weightDecay: number, maximize: boolean): tf.Tensor {
  const g = maximize ? tf.neg(grad) : grad;
  return weightDecay !== 0 ? tf.add(g, tf.mul(param, weightDecay)) : g;
}

/** Throws unless `value` is a number in [low, high) (or [low, high] when `inclusive`). */
export function checkRange(name: string, where: string, value: unknown, low: number, high = Infinity, inclusive = false): void {
  const ok = typeof value === 'number' && value >= low && (inclusive ? value <= high : value < high);
  if (!ok) {
    const range = high === Infinity ? `>= ${low}` : `in [${low}, ${high}${inclusive ? ']' : ')'}`;
    throw new Error(`${where}: invalid ${name}=${JSON.stringify(value)} (must be ${range})`);
  }
}

/**
 * Parameters larger than this on average are updated one by one even by optimizers that update groups at
 * once: flattening copies every parameter, gradient and state tensor twice (~2 ns per element in all), which
 * outweighs the ~12 operations (~60 µs) per parameter it saves once parameters average ~30,000 elements
 * (an MLP GAN's 1024×784 layers: 4 ms of concatenation and splitting per Adam step).
 */
export const GROUPED_UPDATE_MAX_MEAN_SIZE = 30_000;

/** Whether one of `state`'s values is `t`. */
function stateHolds(state: ParamState, t: tf.Tensor): boolean {
  for (const k in state) if (state[k] === t) return true;
  return false;
}

function groupedUpdatePays(params: Parameter[]): boolean {
  return params.reduce((n, p) => n + p.size, 0) / params.length <= GROUPED_UPDATE_MAX_MEAN_SIZE;
}
