import * as tf from '@tensorflow/tfjs';
import { describe, isParameter, Parameter } from './parameter';
import { checkDevice, type DeviceLike } from '../backend/device';

/**
 * Called before `forward` with the module and its inputs. Returning an array replaces the inputs,
 * returning a single non-array value replaces them with `[value]`, returning nothing keeps them.
 */
export type ForwardPreHook = (module: Module, inputs: unknown[]) => unknown;
/** Called after `forward` with the module, its inputs and output. Returning a value replaces the output. */
export type ForwardHook = (module: Module, inputs: unknown[], output: unknown) => unknown;

/** Returned by `registerForwardHook`/`registerForwardPreHook`; `remove()` unregisters the hook. */
export interface RemovableHandle {
  remove(): void;
}

/** Options of `Module.loadStateDict`. */
export interface LoadStateDictOptions {
  /** When true (default), missing and unexpected keys are errors, as in PyTorch. */
  strict?: boolean;
}

/** What `loadStateDict` found, as in PyTorch: the keys the model wanted but did not get, and the extra ones. */
export interface LoadStateDictResult {
  missingKeys: string[];
  unexpectedKeys: string[];
}

/** Options of `Module.stateDict`. */
export interface StateDictOptions {
  /** Prefix for every key (used for nesting). Default ''. */
  prefix?: string;
  /**
   * When true, every value is a fresh copy owned by the caller (a snapshot, e.g. for "keep the best
   * weights"). Default false: the values are the module's own tensors (like PyTorch, they change when
   * the model trains; do not dispose them).
   */
  clone?: boolean;
}

const MODULE_BRAND = Symbol.for('tsdl.Module');
const INTERNALS = Symbol('tsdl.Module.internals');

interface ModuleInternals {
  training: boolean;
  /** Names in registration order, per kind. */
  moduleNames: string[];
  parameterNames: string[];
  bufferNames: string[];
  /** Values registered with registerModule/registerParameter (read before own properties). */
  registered: Map<string, Module | Parameter | null>;
  buffers: Map<string, tf.Tensor | null>;
  nonPersistentBuffers: Set<string>;
  preHooks: Map<number, ForwardPreHook>;
  hooks: Map<number, ForwardHook>;
}

let nextHookId = 0;

/** Modules whose forward is currently running, outermost first (for error messages). */
const forwardStack: Module[] = [];

/** True when `value` is an `nn.Module`. */
export function isModule(value: unknown): value is Module {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[MODULE_BRAND] === true;
}

/**
 * Base class for all neural-network modules, like `torch.nn.Module`.
 *
 * Subclasses create their layers and parameters in the constructor as properties and define
 * `forward(...)`. Children (properties holding a Module) and parameters (properties holding an
 * `nn.Parameter`) are found automatically, in the order they were assigned; arrays and plain objects are
 * not searched (use `nn.ModuleList` / `nn.ModuleDict`). TypeScript has no callable objects, so a module
 * is run with `model.forward(x)`; that call also runs the registered hooks.
 *
 * ```ts
 * class Net extends nn.Module {
 *   fc1 = new nn.Linear(4, 8);
 *   fc2 = new nn.Linear(8, 3);
 *   forward(x: tf.Tensor): tf.Tensor {
 *     return this.fc2.forward(F.relu(this.fc1.forward(x)));
 *   }
 * }
 * const model = new Net();
 * model.namedParameters().map(([name]) => name); // ['fc1.weight', 'fc1.bias', 'fc2.weight', 'fc2.bias']
 * ```
 */
export class Module {
  constructor() {
    const internals: ModuleInternals = {
      training: true,
      moduleNames: [],
      parameterNames: [],
      bufferNames: [],
      registered: new Map(),
      buffers: new Map(),
      nonPersistentBuffers: new Set(),
      preHooks: new Map(),
      hooks: new Map(),
    };
    Object.defineProperty(this, INTERNALS, { value: internals });
    Object.defineProperty(this, MODULE_BRAND, { value: true });
    // Wrap the subclass's forward so that `module.forward(x)` runs the hooks (PyTorch's __call__).
    const impl = (this as { forward: (...args: unknown[]) => unknown }).forward;
    Object.defineProperty(this, 'forward', {
      value: (...args: unknown[]) => runForward(this, impl, args),
      writable: true,
      configurable: true,
      enumerable: false,
    });
  }

  /**
   * The computation of the module; subclasses override it. Call it as `module.forward(...)`.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  forward(..._args: any[]): any {
    throw new Error(`${this.constructor.name}: forward() is not implemented (define forward in the subclass)`);
  }

  /** True in training mode (the default), false after `eval()`. */
  get training(): boolean {
    return internalsOf(this).training;
  }

  set training(mode: boolean) {
    internalsOf(this).training = mode;
  }

  // ---------------------------------------------------------------- registration

  /** Records own properties holding modules or parameters that were assigned since the last look. */
  private discoverProperties(): void {
    const s = internalsOf(this);
    for (const key of Object.keys(this)) {
      const value = (this as Record<string, unknown>)[key];
      if (isModule(value)) {
        if (value === this) continue;
        if (!s.moduleNames.includes(key)) s.moduleNames.push(key);
      } else if (isParameter(value)) {
        if (!s.parameterNames.includes(key)) s.parameterNames.push(key);
      }
    }
  }

  private valueOf_(name: string): unknown {
    const s = internalsOf(this);
    if (s.registered.has(name)) return s.registered.get(name);
    return (this as Record<string, unknown>)[name];
  }

  /** Makes `this[name]` read and write a registered entry, unless `name` is a method or accessor. */
  private defineAccessor(name: string, get: () => unknown, set: (v: unknown) => void): void {
    if (name in Object.getPrototypeOf(this)) return;
    Object.defineProperty(this, name, { get, set, enumerable: false, configurable: true });
  }

  private checkName(name: string, what: string): void {
    if (typeof name !== 'string' || name.length === 0) {
      throw new TypeError(`${what}: name must be a non-empty string, got ${describe(name)}`);
    }
    if (name.includes('.')) {
      throw new Error(`${what}: name "${name}" must not contain "."`);
    }
  }

  /**
   * Adds a child module under `name` (PyTorch `register_module` / `add_module`). Needed only when the
   * child is not a property, e.g. for names computed in a loop. `this[name]` then reads it.
   */
  registerModule(name: string, module: Module | null): void {
    this.checkName(name, 'registerModule');
    if (module !== null && !isModule(module)) {
      throw new TypeError(`registerModule("${name}"): expected an nn.Module or null, got ${describe(module)}`);
    }
    this.discoverProperties();
    const s = internalsOf(this);
    if (s.parameterNames.includes(name) || s.bufferNames.includes(name)) {
      throw new Error(`registerModule: "${name}" is already a parameter or buffer of ${this.constructor.name}`);
    }
    s.registered.set(name, module);
    if (!s.moduleNames.includes(name)) s.moduleNames.push(name);
    this.defineAccessor(
      name,
      () => s.registered.get(name),
      (v) => this.registerModule(name, v as Module | null),
    );
  }

  /** Alias of `registerModule` (PyTorch `add_module`). */
  addModule(name: string, module: Module | null): void {
    this.registerModule(name, module);
  }

  /**
   * Adds a parameter under `name` (PyTorch `register_parameter`); `null` declares an absent one (e.g. no
   * bias). `this[name]` then reads it.
   */
  registerParameter(name: string, param: Parameter | null): void {
    this.checkName(name, 'registerParameter');
    if (param !== null && !isParameter(param)) {
      throw new TypeError(
        `registerParameter("${name}"): expected an nn.Parameter or null, got ${describe(param)} ` +
          '(wrap a tensor with new nn.Parameter(tensor))',
      );
    }
    this.discoverProperties();
    const s = internalsOf(this);
    if (s.moduleNames.includes(name) || s.bufferNames.includes(name)) {
      throw new Error(`registerParameter: "${name}" is already a module or buffer of ${this.constructor.name}`);
    }
    s.registered.set(name, param);
    if (!s.parameterNames.includes(name)) s.parameterNames.push(name);
    this.defineAccessor(
      name,
      () => s.registered.get(name),
      (v) => this.registerParameter(name, v as Parameter | null),
    );
  }

  /**
   * Adds a buffer: a tensor that is part of the module's state (saved in `stateDict`) but not learnt,
   * e.g. BatchNorm's running statistics. The module owns it: `setBuffer` and `dispose` free it.
   * `this[name]` reads it; assigning `this[name] = t` is `setBuffer(name, t)`.
   * With `persistent = false` the buffer is left out of `stateDict`.
   */
  registerBuffer(name: string, tensor: tf.Tensor | null, persistent = true): void {
    this.checkName(name, 'registerBuffer');
    if (tensor !== null && !(tensor instanceof tf.Tensor)) {
      throw new TypeError(`registerBuffer("${name}"): expected a tf.Tensor or null, got ${describe(tensor)}`);
    }
    this.discoverProperties();
    const s = internalsOf(this);
    if (s.moduleNames.includes(name) || s.parameterNames.includes(name)) {
      throw new Error(`registerBuffer: "${name}" is already a module or parameter of ${this.constructor.name}`);
    }
    const old = s.buffers.get(name);
    if (old && old !== tensor) old.dispose();
    if (tensor !== null) tf.keep(tensor);
    s.buffers.set(name, tensor);
    if (!s.bufferNames.includes(name)) s.bufferNames.push(name);
    if (persistent) s.nonPersistentBuffers.delete(name);
    else s.nonPersistentBuffers.add(name);
    this.defineAccessor(
      name,
      () => s.buffers.get(name),
      (v) => this.setBuffer(name, v as tf.Tensor | null),
    );
  }

  /** Replaces the value of buffer `name`, disposing the old tensor. The module owns the new one. */
  setBuffer(name: string, tensor: tf.Tensor | null): void {
    const s = internalsOf(this);
    if (!s.bufferNames.includes(name)) {
      throw new Error(`setBuffer: ${this.constructor.name} has no buffer "${name}" (use registerBuffer first)`);
    }
    if (tensor !== null && !(tensor instanceof tf.Tensor)) {
      throw new TypeError(`setBuffer("${name}"): expected a tf.Tensor or null, got ${describe(tensor)}`);
    }
    const old = s.buffers.get(name);
    if (old && old !== tensor) old.dispose();
    if (tensor !== null) tf.keep(tensor);
    s.buffers.set(name, tensor);
  }

  /** The current value of buffer `name`. */
  getBuffer(name: string): tf.Tensor | null {
    const s = internalsOf(this);
    if (!s.bufferNames.includes(name)) {
      throw new Error(`getBuffer: ${this.constructor.name} has no buffer "${name}"`);
    }
    return s.buffers.get(name) ?? null;
  }

  // ---------------------------------------------------------------- traversal

  /** Direct children with their names, in registration order. */
  namedChildren(): [string, Module][] {
    this.discoverProperties();
    const out: [string, Module][] = [];
    const seen = new Set<Module>();
    for (const name of internalsOf(this).moduleNames) {
      const m = this.valueOf_(name);
      if (isModule(m) && !seen.has(m)) {
        seen.add(m);
        out.push([name, m]);
      }
    }
    return out;
  }

  /** Direct children, in registration order. */
  children(): Module[] {
    return this.namedChildren().map(([, m]) => m);
  }

  /** This module and all its descendants with dotted names; this module comes first with name ''. */
  namedModules(prefix = ''): [string, Module][] {
    const out: [string, Module][] = [];
    const visit = (m: Module, name: string, seen: Set<Module>): void => {
      if (seen.has(m)) return;
      seen.add(m);
      out.push([name, m]);
      for (const [childName, child] of m.namedChildren()) {
        visit(child, name ? `${name}.${childName}` : childName, seen);
      }
    };
    visit(this, prefix, new Set());
    return out;
  }

  /** This module and all its descendants (each once). */
  modules(): Module[] {
    return this.namedModules().map(([, m]) => m);
  }

  /** The module's own parameters with their names (not the children's). */
  private ownNamedParameters(): [string, Parameter][] {
    this.discoverProperties();
    const out: [string, Parameter][] = [];
    for (const name of internalsOf(this).parameterNames) {
      const p = this.valueOf_(name);
      if (isParameter(p)) out.push([name, p]);
    }
    return out;
  }

  /**
   * Parameters with dotted names like PyTorch (`fc1.weight`, `0.bias`). A parameter shared by two
   * modules appears once. With `recurse = false`, only this module's own parameters.
   */
  namedParameters(prefix = '', recurse = true): [string, Parameter][] {
    const out: [string, Parameter][] = [];
    const seen = new Set<Parameter>();
    const mods: [string, Module][] = recurse ? this.namedModules(prefix) : [[prefix, this]];
    for (const [modName, m] of mods) {
      for (const [name, p] of m.ownNamedParameters()) {
        if (seen.has(p)) continue;
        seen.add(p);
        out.push([modName ? `${modName}.${name}` : name, p]);
      }
    }
    return out;
  }

  /** All parameters (each once), to give to an optimizer: `new optim.SGD(model.parameters(), {lr: 0.1})`. */
  parameters(recurse = true): Parameter[] {
    return this.namedParameters('', recurse).map(([, p]) => p);
  }

  /** Buffers with dotted names (`bn.runningMean`). */
  namedBuffers(prefix = '', recurse = true): [string, tf.Tensor][] {
    const out: [string, tf.Tensor][] = [];
    const seen = new Set<tf.Tensor>();
    const mods: [string, Module][] = recurse ? this.namedModules(prefix) : [[prefix, this]];
    for (const [modName, m] of mods) {
      const s = internalsOf(m);
      for (const name of s.bufferNames) {
        const b = s.buffers.get(name);
        if (!b || seen.has(b)) continue;
        seen.add(b);
        out.push([modName ? `${modName}.${name}` : name, b]);
      }
    }
    return out;
  }

  /** All buffers. */
  buffers(recurse = true): tf.Tensor[] {
    return this.namedBuffers('', recurse).map(([, b]) => b);
  }

  // ---------------------------------------------------------------- modes and gradients

  /** Sets training mode on this module and all descendants (Dropout, BatchNorm behave differently). */
  train(mode = true): this {
    if (typeof mode !== 'boolean') {
      throw new TypeError(`train(mode): mode must be a boolean, got ${describe(mode)}`);
    }
    for (const m of this.modules()) m.training = mode;
    return this;
  }

  /** Evaluation mode: `train(false)`. */
  eval(): this {
    return this.train(false);
  }

  /** Clears the gradient of every parameter (sets `.grad` to null and frees it), as PyTorch's `zero_grad()`. */
  zeroGrad(): void {
    for (const p of this.parameters()) p.clearGrad();
  }

  /** Sets `requiresGrad` on every parameter (freeze with `false`). Returns this. */
  requiresGrad_(flag = true): this {
    for (const p of this.parameters()) p.requiresGrad = flag;
    return this;
  }

  /** Calls `fn` on every descendant and then on this module (e.g. custom initialisation). Returns this. */
  apply(fn: (module: Module) => void): this {
    for (const child of this.children()) child.apply(fn);
    fn(this);
    return this;
  }

  /**
   * Moves the module to a device. TensorFlow.js runs every tensor on the one backend chosen at start-up
   * (see `tsdl.backendInfo()`), so this only checks the device exists and returns `this`; it lets
   * `model.to(device)` code read as in PyTorch.
   */
  to(device: DeviceLike): this {
    checkDevice(device);
    return this;
  }

  // ---------------------------------------------------------------- state dict

  /**
   * Parameters and persistent buffers by dotted name, in PyTorch's order (a module's own parameters,
   * then its buffers, then each child's). Tied weights appear under each name.
   */
  stateDict(options: StateDictOptions = {}): Record<string, tf.Tensor> {
    const { prefix = '', clone = false } = options;
    const out: Record<string, tf.Tensor> = {};
    const visit = (m: Module, pre: string, path: Set<Module>): void => {
      if (path.has(m)) return;
      path.add(m);
      const s = internalsOf(m);
      m.discoverProperties();
      for (const name of s.parameterNames) {
        const p = m.valueOf_(name);
        if (isParameter(p)) out[pre + name] = clone ? tf.clone(p) : p;
      }
      for (const name of s.bufferNames) {
        const b = s.buffers.get(name);
        if (b && !s.nonPersistentBuffers.has(name)) out[pre + name] = clone ? tf.clone(b) : b;
      }
      for (const [childName, child] of m.namedChildren()) visit(child, `${pre}${childName}.`, path);
      path.delete(m);
    };
    visit(this, prefix, new Set());
    return out;
  }

  /**
   * Copies values from `stateDict` into the parameters and buffers. Everything is checked first, so on an
   * error nothing changes. Errors name the missing/unexpected keys and any shape mismatch.
   * The given tensors stay yours (the module keeps its own references).
   */
  loadStateDict(stateDict: Record<string, tf.Tensor>, options: LoadStateDictOptions = {}): LoadStateDictResult {
    const { strict = true } = options;
    if (typeof stateDict !== 'object' || stateDict === null || Array.isArray(stateDict)) {
      throw new TypeError(`loadStateDict: expected an object of tensors by name, got ${describe(stateDict)}`);
    }
    type Target = { kind: 'parameter'; p: Parameter } | { kind: 'buffer'; m: Module; name: string; current: tf.Tensor };
    const targets = new Map<string, Target>();
    const visit = (m: Module, pre: string, path: Set<Module>): void => {
      if (path.has(m)) return;
      path.add(m);
      const s = internalsOf(m);
      m.discoverProperties();
      for (const name of s.parameterNames) {
        const p = m.valueOf_(name);
        if (isParameter(p)) targets.set(pre + name, { kind: 'parameter', p });
      }
      for (const name of s.bufferNames) {
        const b = s.buffers.get(name);
        if (b && !s.nonPersistentBuffers.has(name)) targets.set(pre + name, { kind: 'buffer', m, name, current: b });
      }
      for (const [childName, child] of m.namedChildren()) visit(child, `${pre}${childName}.`, path);
      path.delete(m);
    };
    visit(this, '', new Set());

    const missingKeys = [...targets.keys()].filter((k) => !(k in stateDict));
    const unexpectedKeys = Object.keys(stateDict).filter((k) => !targets.has(k));
    const problems: string[] = [];
    if (strict && missingKeys.length > 0) {
      problems.push(`Missing key(s) in state dict: ${missingKeys.map((k) => `"${k}"`).join(', ')}.`);
    }
    if (strict && unexpectedKeys.length > 0) {
      problems.push(`Unexpected key(s) in state dict: ${unexpectedKeys.map((k) => `"${k}"`).join(', ')}.`);
    }
    for (const [key, target] of targets) {
      if (!(key in stateDict)) continue;
      const value = stateDict[key];
      const current = target.kind === 'parameter' ? target.p : target.current;
      if (!(value instanceof tf.Tensor)) {
        problems.push(`value for ${key} is not a tensor (got ${describe(value)}).`);
      } else if (value.isDisposed) {
        problems.push(`value for ${key} is a disposed tensor.`);
      } else if (!tf.util.arraysEqual(value.shape, current.shape)) {
        problems.push(
          `size mismatch for ${key}: copying a tensor of shape [${value.shape.join(', ')}] from the state dict, ` +
            `the shape in the current model is [${current.shape.join(', ')}].`,
        );
      }
    }
    if (problems.length > 0) {
      throw new Error(`Error(s) in loading state dict for ${this.constructor.name}:\n  ${problems.join('\n  ')}`);
    }
    for (const [key, target] of targets) {
      if (!(key in stateDict)) continue;
      const value = stateDict[key];
      if (target.kind === 'parameter') {
        if (value === target.p) continue;
        if (value.dtype === target.p.dtype) target.p.assign(value);
        else {
          const cast = tf.cast(value, target.p.dtype);
          target.p.assign(cast);
          cast.dispose();
        }
      } else {
        if (value === target.current) continue;
        target.m.setBuffer(target.name, value.dtype === target.current.dtype ? tf.clone(value) : tf.cast(value, target.current.dtype));
      }
    }
    return { missingKeys, unexpectedKeys };
  }

  // ---------------------------------------------------------------- hooks

  /** Runs `hook(module, inputs)` before every forward; see `ForwardPreHook`. */
  registerForwardPreHook(hook: ForwardPreHook): RemovableHandle {
    if (typeof hook !== 'function') throw new TypeError(`registerForwardPreHook: expected a function, got ${describe(hook)}`);
    const id = nextHookId++;
    internalsOf(this).preHooks.set(id, hook);
    return { remove: () => void internalsOf(this).preHooks.delete(id) };
  }

  /** Runs `hook(module, inputs, output)` after every forward; see `ForwardHook`. */
  registerForwardHook(hook: ForwardHook): RemovableHandle {
    if (typeof hook !== 'function') throw new TypeError(`registerForwardHook: expected a function, got ${describe(hook)}`);
    const id = nextHookId++;
    internalsOf(this).hooks.set(id, hook);
    return { remove: () => void internalsOf(this).hooks.delete(id) };
  }

  // ---------------------------------------------------------------- printing and freeing

  /** Extra text inside the parentheses of the printed form, e.g. `in_features=4, out_features=8, bias=True`. */
  extraRepr(): string {
    return '';
  }

  /** PyTorch-like printed form: the class name, `extraRepr()`, and the children indented. */
  toString(): string {
    const extra = this.extraRepr();
    const extraLines = extra ? extra.split('\n') : [];
    const childLines = this.namedChildren().map(([name, child]) => `(${name}): ${indentAfterFirstLine(child.toString(), 2)}`);
    const lines = [...extraLines, ...childLines];
    let text = `${this.constructor.name}(`;
    if (lines.length > 0) {
      if (extraLines.length === 1 && childLines.length === 0) text += extraLines[0];
      else text += `\n  ${lines.join('\n  ')}\n`;
    }
    return `${text})`;
  }

  /** Frees every parameter, gradient and buffer of this module and its descendants. */
  dispose(): void {
    for (const m of this.modules()) {
      for (const p of m.parameters(false)) p.dispose();
      const s = internalsOf(m);
      for (const name of s.bufferNames) {
        s.buffers.get(name)?.dispose();
        s.buffers.set(name, null);
      }
    }
  }
}

// console.log(model) in Node prints the same form as toString().
Object.defineProperty(Module.prototype, Symbol.for('nodejs.util.inspect.custom'), {
  value(this: Module): string {
    return this.toString();
  },
});

/**
 * Removes the child registered under `name` (with `registerModule`) from `module`: containers use it when
 * they re-number their children. Not part of the public API.
 */
export function unregisterModule(module: Module, name: string): void {
  const s = internalsOf(module);
  s.registered.delete(name);
  s.moduleNames = s.moduleNames.filter((n) => n !== name);
  const own = Object.getOwnPropertyDescriptor(module, name);
  if (own && own.get) delete (module as unknown as Record<string, unknown>)[name];
}

/** Whether `module` has forward hooks or forward pre-hooks (a container may then not fuse it with its neighbour). */
export function hasForwardHooks(module: Module): boolean {
  const s = internalsOf(module);
  return s.preHooks.size > 0 || s.hooks.size > 0;
}

function internalsOf(module: Module): ModuleInternals {
  return (module as unknown as Record<symbol, ModuleInternals>)[INTERNALS];
}

function indentAfterFirstLine(text: string, spaces: number): string {
  const lines = text.split('\n');
  if (lines.length === 1) return text;
  const pad = ' '.repeat(spaces);
  return [lines[0], ...lines.slice(1).map((l) => pad + l)].join('\n');
}

type ErrorWithModule = Error & { tsdlModule?: Module };

/** Runs pre-hooks, the forward implementation and hooks; on error, says which module raised it. */
function runForward(module: Module, impl: (...args: unknown[]) => unknown, args: unknown[]): unknown {
  const internals = internalsOf(module);
  forwardStack.push(module);
  try {
    let inputs = args;
    // (copies of the hook lists, which a hook may change; none made when there are no hooks, the usual case)
    if (internals.preHooks.size > 0) {
      for (const hook of [...internals.preHooks.values()]) {
        const result = hook(module, inputs);
        if (result !== undefined) inputs = Array.isArray(result) ? result : [result];
      }
    }
    let output = impl.apply(module, inputs);
    if (internals.hooks.size > 0) {
      for (const hook of [...internals.hooks.values()]) {
        const result = hook(module, inputs, output);
        if (result !== undefined) output = result;
      }
    }
    return output;
  } catch (err) {
    if (err instanceof Error) {
      const e = err as ErrorWithModule;
      if (e.tsdlModule === undefined) e.tsdlModule = module;
      if (forwardStack.length === 1) addModuleContext(e, module);
    }
    throw err;
  } finally {
    forwardStack.pop();
  }
}

/** Appends "(in <path>: <Class>)" to an error raised inside `root.forward`. */
function addModuleContext(err: ErrorWithModule, root: Module): void {
  const culprit = err.tsdlModule;
  if (!culprit || (err as { tsdlContextAdded?: boolean }).tsdlContextAdded) return;
  let where = culprit.constructor.name;
  if (culprit !== root) {
    const found = root.namedModules().find(([, m]) => m === culprit);
    if (found) where = `${found[0]} (${culprit.constructor.name}) of ${root.constructor.name}`;
  }
  err.message = `${err.message}\n  (raised in the forward of ${where})`;
  (err as { tsdlContextAdded?: boolean }).tsdlContextAdded = true;
}

export { Parameter };
