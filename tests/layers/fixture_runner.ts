/**
 * Runs one layer parity fixture (written by tests/parity/make_layers.py): builds the module from its
 * constructor name and arguments, loads PyTorch's state dict, runs the forward pass, and differentiates
 * sum_i sum(output_i * R_i) with respect to the inputs and parameters. Shared by the parity test (cpu)
 * and the wasm test.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import * as nn from '../../src/nn';
import * as F from '../../src/nn/functional';

interface TensorJson {
  __tensor__: { shape: number[]; dtype: 'float32' | 'int32' | 'bool'; data: number[] };
}

export interface LayerFixture {
  name: string;
  kind: 'module' | 'functional';
  train: boolean;
  ctor?: string;
  args?: unknown[];
  repr?: string;
  state?: Record<string, TensorJson>;
  fn?: string;
  extraArgs?: unknown[];
  inputs: Array<TensorJson | TensorJson[]>;
  gradInputs: boolean[];
  forwardOpts: Record<string, unknown> | null;
  outputs: TensorJson[];
  outputWeights: TensorJson[];
  inputGrads: Array<TensorJson | Array<TensorJson | null> | null>;
  paramGrads?: Record<string, TensorJson>;
  buffersAfter?: Record<string, TensorJson>;
}

export const FIXTURE_DIR = path.join(__dirname, '..', 'parity', 'fixtures', 'layers');

/** JSON has no ±∞/NaN: the generator writes them as the strings 'inf', '-inf', 'nan'. */
function reviveNumbers(fx: LayerFixture): LayerFixture {
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (typeof v === 'object' && v !== null) {
      if ('__tensor__' in v) {
        const t = (v as TensorJson).__tensor__;
        t.data = t.data.map((x) => (typeof x === 'string' ? (x === 'nan' ? NaN : x === 'inf' ? Infinity : -Infinity) : x));
      } else Object.values(v).forEach(walk);
    }
  };
  walk(fx);
  return fx;
}

export function loadFixtures(): LayerFixture[] {
  return fs
    .readdirSync(FIXTURE_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => reviveNumbers(JSON.parse(fs.readFileSync(path.join(FIXTURE_DIR, f), 'utf8')) as LayerFixture));
}

function isTensorJson(v: unknown): v is TensorJson {
  return typeof v === 'object' && v !== null && '__tensor__' in v;
}

export function toTensor(t: TensorJson): tf.Tensor {
  const { shape, dtype, data } = t.__tensor__;
  if (dtype === 'bool') return tf.tensor(data.map((v) => v !== 0), shape, 'bool');
  return tf.tensor(data, shape, dtype);
}

/** Decodes constructor / option arguments: tensors, nested modules ({__module__: [ctor, args]}), plain values. */
function decode(v: unknown, made: tf.Tensor[]): unknown {
  if (isTensorJson(v)) {
    const t = toTensor(v);
    made.push(t);
    return t;
  }
  if (Array.isArray(v)) return v.map((x) => decode(x, made));
  if (typeof v === 'object' && v !== null) {
    if ('__module__' in v) {
      const [ctor, args] = (v as { __module__: [string, unknown[]] }).__module__;
      return construct(ctor, decode(args, made) as unknown[]);
    }
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, decode(x, made)]));
  }
  return v;
}

function construct(ctor: string, args: unknown[]): nn.Module {
  const Cls = (nn as unknown as Record<string, new (...a: unknown[]) => nn.Module>)[ctor];
  if (typeof Cls !== 'function') throw new Error(`no nn.${ctor}`);
  return new Cls(...args);
}

function flatten(out: unknown): tf.Tensor[] {
  if (out === null || out === undefined) return [];
  if (out instanceof tf.Tensor) return [out];
  if (Array.isArray(out)) return out.flatMap(flatten);
  throw new Error(`unexpected output ${String(out)}`);
}

/** |a − e| ≤ 1e-4·|e| + 1e-5·max(1, max|e|), elementwise; returns a description of the worst mismatch or null. */
export function mismatch(actual: tf.Tensor, expected: TensorJson, label: string): string | null {
  const e = expected.__tensor__;
  if (!tf.util.arraysEqual(actual.shape, e.shape)) return `${label}: shape [${actual.shape}] != expected [${e.shape}]`;
  const a = actual.dataSync();
  const scale = Math.max(1, ...e.data.filter(Number.isFinite).map(Math.abs));
  for (let i = 0; i < e.data.length; i++) {
    const tol = 1e-4 * Math.abs(e.data[i]) + 1e-5 * scale;
    const ai = Number(a[i]);
    if (!(Math.abs(ai - e.data[i]) <= tol) && ai !== e.data[i] && !(Number.isNaN(ai) && Number.isNaN(e.data[i]))) {
      return `${label}: element ${i} is ${ai}, expected ${e.data[i]} (tolerance ${tol.toExponential(2)})`;
    }
  }
  return null;
}

export interface RunResult {
  problems: string[];
  /** tf.memory().numTensors after minus before (0 when nothing leaked). */
  leaked: number;
}

/** Runs one fixture; `checkRepr` compares toString() with PyTorch's repr. */
export function runFixture(fx: LayerFixture, checkRepr = true): RunResult {
  const problems: string[] = [];
  const made: tf.Tensor[] = [];
  let module: nn.Module | null = null;
  if (fx.kind === 'module') {
    module = construct(fx.ctor as string, decode(fx.args ?? [], made) as unknown[]);
    module.train(fx.train);
    const state = Object.fromEntries(Object.entries(fx.state ?? {}).map(([k, v]) => [k, toTensor(v)]));
    module.loadStateDict(state);
    Object.values(state).forEach((t) => t.dispose());
    if (checkRepr && module.toString() !== fx.repr) problems.push(`repr: got\n${module.toString()}\nexpected\n${fx.repr}`);
  }
  const extraArgs = fx.kind === 'functional' ? (decode(fx.extraArgs ?? [], made) as unknown[]) : [];
  const forwardOpts = fx.forwardOpts ? decode(fx.forwardOpts, made) : undefined;
  const before = tf.memory().numTensors;

  // Inputs: gradient inputs become variables so that tf.variableGrads differentiates them.
  const inputVars: tf.Variable[] = [];
  const inputs = fx.inputs.map((inp, i) => {
    const wrap = (j: TensorJson) => {
      const t = toTensor(j);
      if (!fx.gradInputs[i] || t.dtype !== 'float32') return t;
      const v = tf.variable(t, true);
      t.dispose();
      inputVars.push(v);
      return v;
    };
    return Array.isArray(inp) ? inp.map(wrap) : wrap(inp);
  });
  const weights = fx.outputWeights.map(toTensor);
  const params = module ? module.namedParameters() : [];
  const wantsGrads = fx.inputGrads.some((g) => g !== null) || Object.keys(fx.paramGrads ?? {}).length > 0;
  let outs: tf.Tensor[] = [];
  const call = (): unknown => {
    const args: unknown[] = [...inputs];
    if (module) {
      if (forwardOpts !== undefined) args.push(forwardOpts);
      return (module.forward as (...a: unknown[]) => unknown)(...args);
    }
    const fn = (F as unknown as Record<string, (...a: unknown[]) => unknown>)[fx.fn as string];
    return fn(...args, ...extraArgs);
  };
  let grads: Record<string, tf.Tensor> = {};
  if (wantsGrads) {
    const varList = [...params.map(([, p]) => p as tf.Variable), ...inputVars];
    const r = tf.variableGrads(() => {
      const flat = flatten(call());
      outs = flat.map((t) => tf.keep(t.clone()));
      return tf.addN(flat.map((t, i) => tf.sum(tf.mul(t, weights[i])))) as tf.Scalar;
    }, varList);
    r.value.dispose();
    grads = r.grads;
  } else {
    outs = tf.tidy(() => flatten(call()).map((t) => t.clone()));
  }
  if (outs.length !== fx.outputs.length) problems.push(`got ${outs.length} outputs, expected ${fx.outputs.length}`);
  outs.forEach((o, i) => {
    if (fx.outputs[i]) {
      const p = mismatch(o, fx.outputs[i], `output ${i}`);
      if (p) problems.push(p);
    }
  });
  let v = 0;
  fx.inputGrads.forEach((g, i) => {
    const gs = Array.isArray(g) ? g : [g];
    const isVar = fx.gradInputs[i] && (Array.isArray(fx.inputs[i]) || (fx.inputs[i] as TensorJson).__tensor__.dtype === 'float32');
    if (!isVar) return;
    for (const gj of gs) {
      const variable = inputVars[v++];
      if (gj === null) continue;
      const got = grads[variable.name];
      if (!got) problems.push(`input ${i}: no gradient`);
      else {
        const p = mismatch(got, gj, `input ${i} gradient`);
        if (p) problems.push(p);
      }
    }
  });
  for (const [name, expected] of Object.entries(fx.paramGrads ?? {})) {
    const param = params.find(([n]) => n === name)?.[1];
    const got = param ? grads[param.name] : undefined;
    if (!got) problems.push(`parameter ${name}: no gradient`);
    else {
      const p = mismatch(got, expected, `${name} gradient`);
      if (p) problems.push(p);
    }
  }
  if (module && fx.buffersAfter) {
    const buffers = Object.fromEntries(module.namedBuffers());
    for (const [name, expected] of Object.entries(fx.buffersAfter)) {
      if (!buffers[name]) problems.push(`buffer ${name} missing`);
      else {
        const p = mismatch(buffers[name], expected, `buffer ${name}`);
        if (p) problems.push(p);
      }
    }
  }
  Object.values(grads).forEach((g) => g.dispose());
  outs.forEach((o) => o.dispose());
  weights.forEach((w) => w.dispose());
  inputVars.forEach((x) => x.dispose());
  inputs.flat().forEach((x) => x.dispose());
  // Buffers replaced during the pass (BatchNorm statistics) keep the count; the rest must be gone.
  const leaked = tf.memory().numTensors - before;
  made.forEach((t) => t.dispose());
  module?.dispose();
  return { problems, leaked };
}
