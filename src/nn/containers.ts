import type * as tf from '@tensorflow/tfjs';
import { describe } from './parameter';
import { hasForwardHooks, isModule, Module, unregisterModule } from './module';
import { fusedActivation, Linear } from './layers/linear';
import { ReLU, Sigmoid, Tanh } from './layers/activation';
import { fusedLinearEnabled, type LinearActivation } from './functional/linear_kernel';

function checkModule(value: unknown, where: string): Module {
  if (!isModule(value)) throw new TypeError(`${where}: expected an nn.Module, got ${describe(value)}`);
  return value;
}

function normaliseIndex(index: number, length: number, where: string): number {
  if (!Number.isInteger(index)) throw new TypeError(`${where}: index must be an integer, got ${describe(index)}`);
  const i = index < 0 ? index + length : index;
  if (i < 0 || i >= length) throw new RangeError(`${where}: index ${index} is out of range for length ${length}`);
  return i;
}

/** Shared by Sequential and ModuleList: an ordered list of children registered as '0', '1', ... */
abstract class IndexedModules extends Module {
  private readonly items: Module[] = [];

  constructor(modules: Iterable<Module>) {
    super();
    Object.defineProperty(this, 'items', { enumerable: false });
    for (const m of modules) this.items.push(checkModule(m, `${this.constructor.name}`));
    this.renumber();
  }

  /** Re-registers the children as '0', '1', ... after a change. */
  private renumber(): void {
    for (const [name] of this.namedChildren()) unregisterModule(this, name);
    this.items.forEach((m, i) => this.registerModule(String(i), m));
  }

  /** Number of children. */
  get length(): number {
    return this.items.length;
  }

  /** The child at `index` (negative counts from the end). */
  get(index: number): Module {
    return this.items[normaliseIndex(index, this.items.length, `${this.constructor.name}.get`)];
  }

  /** Replaces the child at `index`. */
  set(index: number, module: Module): void {
    const i = normaliseIndex(index, this.items.length, `${this.constructor.name}.set`);
    this.items[i] = checkModule(module, `${this.constructor.name}.set`);
    this.renumber();
  }

  /** Adds a child at the end. Returns this. */
  append(module: Module): this {
    this.items.push(checkModule(module, `${this.constructor.name}.append`));
    this.renumber();
    return this;
  }

  /** Adds several children at the end. Returns this. */
  extend(modules: Iterable<Module>): this {
    for (const m of modules) this.items.push(checkModule(m, `${this.constructor.name}.extend`));
    this.renumber();
    return this;
  }

  /** Inserts a child before position `index`. */
  insert(index: number, module: Module): void {
    const i = index < 0 ? Math.max(0, index + this.items.length) : Math.min(index, this.items.length);
    this.items.splice(i, 0, checkModule(module, `${this.constructor.name}.insert`));
    this.renumber();
  }

  /** Removes and returns the child at `index` (default: the last). */
  pop(index = -1): Module {
    const i = normaliseIndex(index, this.items.length, `${this.constructor.name}.pop`);
    const [removed] = this.items.splice(i, 1);
    this.renumber();
    return removed;
  }

  /** The children as a new array. */
  toArray(): Module[] {
    return [...this.items];
  }

  [Symbol.iterator](): Iterator<Module> {
    return this.items[Symbol.iterator]();
  }
}

/**
 * A chain of modules applied in order, like `torch.nn.Sequential`: `forward(x)` is
 * `mN.forward(...m1.forward(m0.forward(x)))`. Children are named '0', '1', ...; pass an object to name
 * them yourself.
 *
 * ```ts
 * const model = new nn.Sequential(new nn.Linear(2, 8), new nn.ReLU(), new nn.Linear(8, 1));
 * model.forward(tf.zeros([5, 2])).shape;     // [5, 1]
 * const named = new nn.Sequential({ fc: new nn.Linear(2, 8), act: new nn.ReLU() });  // 'fc.weight', ...
 * ```
 */
export class Sequential extends Module {
  private readonly chain: [string, Module][] = [];

  constructor(...modules: Module[] | [Record<string, Module>]) {
    super();
    Object.defineProperty(this, 'chain', { enumerable: false });
    if (modules.length === 1 && !isModule(modules[0]) && typeof modules[0] === 'object' && modules[0] !== null) {
      for (const [name, m] of Object.entries(modules[0] as Record<string, Module>)) {
        this.chain.push([name, checkModule(m, `Sequential (entry "${name}")`)]);
      }
    } else {
      (modules as Module[]).forEach((m, i) => this.chain.push([String(i), checkModule(m, `Sequential (argument ${i})`)]));
    }
    this.rebuild();
  }

  private rebuild(): void {
    for (const [name] of this.namedChildren()) unregisterModule(this, name);
    for (const [name, m] of this.chain) this.registerModule(name, m);
  }

  /** Number of modules in the chain. */
  get length(): number {
    return this.chain.length;
  }

  /** The module at `index` (negative counts from the end) or with the given name. */
  get(index: number | string): Module {
    if (typeof index === 'string') {
      const found = this.chain.find(([name]) => name === index);
      if (!found) throw new Error(`Sequential.get: no module named "${index}"`);
      return found[1];
    }
    return this.chain[normaliseIndex(index, this.chain.length, 'Sequential.get')][1];
  }

  /** Adds a module at the end (named by its position). Returns this. */
  append(module: Module): this {
    this.chain.push([String(this.chain.length), checkModule(module, 'Sequential.append')]);
    this.rebuild();
    return this;
  }

  /** A new Sequential holding modules `start` to `end - 1` (the same module objects), like `seq[1:3]`. */
  slice(start?: number, end?: number): Sequential {
    return new Sequential(...this.chain.slice(start, end).map(([, m]) => m));
  }

  [Symbol.iterator](): Iterator<Module> {
    return this.chain.map(([, m]) => m)[Symbol.iterator]();
  }

  /**
   * Applies each module to the output of the previous one. A tensor in gives a tensor out (the usual chain of
   * layers); a chain whose modules take or return other values (e.g. an LSTM's tuple) is typed `unknown`. A value
   * typed `any` (a batch from an untyped DataLoader) takes the tensor signature: the second one's parameter is
   * spelled `{} | null | undefined` rather than `unknown` because TypeScript first tries overloads by its subtype
   * relation, in which `any` fits only `unknown`, and would otherwise type `model.forward(x)` as `unknown`.
   */
  override forward(input: tf.Tensor): tf.Tensor;
  override forward(input: {} | null | undefined): unknown;
  override forward(input: unknown): unknown {
    let x = input;
    const chain = this.chain;
    for (let i = 0; i < chain.length; i++) {
      const m = chain[i][1];
      const activation = i + 1 < chain.length ? fusableActivation(m, chain[i + 1][1]) : null;
      if (activation !== null) {
        // A Linear and the ReLU / tanh / sigmoid after it, as one kernel (`TsdlLinear`): the same values, and one
        // node on the gradient tape instead of two.
        x = (m as Linear).forward(x as tf.Tensor, fusedActivation(activation));
        i++;
      } else {
        x = m.forward(x);
      }
    }
    return x;
  }
}

/**
 * A list of modules whose parameters belong to the parent, like `torch.nn.ModuleList`. It has no
 * `forward`: iterate over it in the parent's forward. Children are named '0', '1', ...
 *
 * ```ts
 * class Deep extends nn.Module {
 *   layers = new nn.ModuleList(Array.from({ length: 3 }, () => new nn.Linear(8, 8)));
 *   forward(x: tf.Tensor) { for (const l of this.layers) x = F.relu(l.forward(x)); return x; }
 * }
 * ```
 */
export class ModuleList extends IndexedModules {
  constructor(modules: Iterable<Module> = []) {
    super(modules);
  }
}

/**
 * Modules by name whose parameters belong to the parent, like `torch.nn.ModuleDict`. Iteration yields
 * `[name, module]` pairs in insertion order (like a JS Map). It has no `forward`.
 *
 * ```ts
 * const heads = new nn.ModuleDict({ cls: new nn.Linear(8, 10), box: new nn.Linear(8, 4) });
 * heads.get('cls').forward(features);
 * ```
 */
export class ModuleDict extends Module {
  private readonly items = new Map<string, Module>();

  constructor(modules: Record<string, Module> | Iterable<[string, Module]> = {}) {
    super();
    Object.defineProperty(this, 'items', { enumerable: false });
    const entries = Symbol.iterator in Object(modules) ? (modules as Iterable<[string, Module]>) : Object.entries(modules);
    for (const [name, m] of entries) this.set(name, m);
  }

  /** Number of entries. */
  get length(): number {
    return this.items.size;
  }

  /** The module under `name`; throws a clear error when there is none. */
  get(name: string): Module {
    const m = this.items.get(name);
    if (!m) throw new Error(`ModuleDict.get: no module named "${name}" (keys: ${[...this.items.keys()].join(', ')})`);
    return m;
  }

  /** Adds or replaces the module under `name`. */
  set(name: string, module: Module): void {
    this.items.set(name, checkModule(module, `ModuleDict.set("${name}")`));
    this.registerModule(name, module);
  }

  /** Whether `name` is a key. */
  has(name: string): boolean {
    return this.items.has(name);
  }

  /** Removes and returns the module under `name`. */
  pop(name: string): Module {
    const m = this.get(name);
    this.items.delete(name);
    unregisterModule(this, name);
    return m;
  }

  keys(): string[] {
    return [...this.items.keys()];
  }

  values(): Module[] {
    return [...this.items.values()];
  }

  entries(): [string, Module][] {
    return [...this.items.entries()];
  }

  [Symbol.iterator](): Iterator<[string, Module]> {
    return this.items.entries();
  }
}

/**
 * The activation `next` applies when a Linear `m` and it can run as one kernel: exactly an `nn.Linear` with a bias
 * followed by exactly an `nn.ReLU`, `nn.Tanh` or `nn.Sigmoid` (not subclasses, which may compute something else),
 * neither with forward hooks (which must see the Linear's own output), the one-kernel Linear on. Else null.
 */
function fusableActivation(m: Module, next: Module): LinearActivation | null {
  if (m.constructor !== Linear || (m as Linear).bias === null || !fusedLinearEnabled()) return null;
  const activation = next.constructor === ReLU ? 'relu' : next.constructor === Tanh ? 'tanh' : next.constructor === Sigmoid ? 'sigmoid' : null;
  if (activation === null || hasForwardHooks(m) || hasForwardHooks(next)) return null;
  return activation;
}
