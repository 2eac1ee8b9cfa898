/**
 * Optimizer updates written as one loop over host memory, for backends that keep tensors in this process
 * (wasm, cpu). A step of `Adam` over a small model was ~40 kernel calls (concatenations of parameters,
 * gradients and moments into flat vectors, 15 element-wise ops, splits back), each costing a few
 * microseconds whatever its size; here each element is read and written once. On wasm the loop is tsdl's
 * SIMD kernel (`backend/simd/optimizer_steps.wat`: ~1 ns per value, the tensor ops ~4 ns); elsewhere a
 * JavaScript loop (~9 ns per value), used up to `JS_LOOP_MAX_VALUES` values per group. Every operation is
 * float32 and in the tensor-op form's order (`Math.fround` after each one in JavaScript), so the results are
 * those of the tensor-op form (`updateParameter`) bit for bit but for rare double-rounding ties in JavaScript.
 *
 * State tensors (moments, momentum buffers) are updated in place when they own their data; parameters get
 * a new tensor each step, as with tensor ops, because tfjs-backend-wasm caches its packed copy of matrix and
 * convolution weights per tensor. Anything else (another backend, another dtype, state shared with a copy
 * taken by `stateDict()`) takes the tensor-op form. `useInPlaceUpdates(false)` or `TSDL_IN_PLACE_OPTIM=0`
 * turns it off (benchmarks, tests).
 */
import * as tf from '@tensorflow/tfjs';
import { backendHasHostMemory, hostFloat32Views, ownsData, uninitializedLike } from '../backend/host_memory';
import { simdKernels, type OptimizerStepKernels } from '../backend/simd/simd_kernels';
import type { Parameter } from '../nn/parameter';
import type { ParamState } from './optimizer';
import type { SGDOptions } from './sgd';

const fr = Math.fround;

let enabled = process.env.TSDL_IN_PLACE_OPTIM !== '0';

/**
 * Without the SIMD kernel, groups of up to this many values take the JavaScript loop: it beats ~40 kernel
 * calls for small models (breast-cancer MLP, 4,833 values: 0.05 vs 0.09 ms per Adam step) and loses to
 * the tensor ops' SIMD beyond a few ten thousand values (100,000: 0.89 vs 0.30 ms).
 */
const JS_LOOP_MAX_VALUES = 16_384;

/** Turns the in-place updates on or off (default on; `TSDL_IN_PLACE_OPTIM=0` starts with them off). */
export function useInPlaceUpdates(on: boolean): void {
  enabled = on;
}

/** Views for one in-place step of a group: read the old parameters and gradients, write the new parameters and the state. */
export interface InPlaceStep {
  /** The new parameter values (to `assign`), written by the update. */
  newParams: tf.Tensor[];
  params: Float32Array[];
  grads: Float32Array[];
  out: Float32Array[];
  /** Per state key, one view per parameter. */
  state: Record<string, Float32Array[]>;
  /** Per parameter: whether its state tensors were just created (zeros): its first step. */
  created: boolean[];
  /** The SIMD kernels on wasm (the views are then on its heap), else null: the JavaScript loops. */
  simd: OptimizerStepKernels | null;
}

/**
 * Prepares an in-place step: creates missing state tensors (zeros) in `states` and the new parameter
 * tensors, and returns views of everything, or null (having changed nothing) when the step cannot run in
 * place. Call inside the step's tidy; the caller keeps the state tensors.
 */
export function prepareInPlaceStep(params: Parameter[], states: ParamState[], stateKeys: string[]): InPlaceStep | null {
  if (!enabled || !backendHasHostMemory()) return null;
  // Plain loops: this runs once per step and group, and a small model's first steps run it uncompiled.
  const n = params.length;
  let values = 0;
  for (let i = 0; i < n; i++) {
    const p = params[i];
    const g = p.grad;
    // (A gradient or state of another size takes the tensor ops, which say what is wrong.)
    if (p.dtype !== 'float32' || g === null || g.dtype !== 'float32' || g.size !== p.size || p.isDisposed || g.isDisposed) return null;
    values += p.size;
  }
  const simd = simdKernels('optimizerSteps');
  if (simd === null && values > JS_LOOP_MAX_VALUES) return null;
  const created: boolean[] = new Array<boolean>(n).fill(false);
  for (let i = 0; i < n; i++) {
    for (const k of stateKeys) {
      const v = states[i][k];
      if (v === undefined) {
        created[i] = true;
        continue;
      }
      if (!(v instanceof tf.Tensor) || v.dtype !== 'float32' || v.size !== params[i].size || v.isDisposed || !ownsData(v)) return null;
    }
  }
  // Allocate everything before taking views: an allocation may move the wasm heap.
  for (let i = 0; i < n; i++) {
    if (!created[i]) continue;
    for (const k of stateKeys) if (states[i][k] === undefined) states[i][k] = tf.keep(tf.zeros(params[i].shape));
  }
  const tensors: tf.Tensor[] = new Array<tf.Tensor>((3 + stateKeys.length) * n);
  const newParams: tf.Tensor[] = new Array<tf.Tensor>(n);
  for (let i = 0; i < n; i++) {
    newParams[i] = uninitializedLike(params[i]);
    tensors[i] = params[i];
    tensors[n + i] = params[i].grad as tf.Tensor;
    tensors[2 * n + i] = newParams[i];
    for (let j = 0; j < stateKeys.length; j++) tensors[(3 + j) * n + i] = states[i][stateKeys[j]] as tf.Tensor;
  }
  const views = hostFloat32Views(tensors);
  if (views === null) throw new Error('prepareInPlaceStep: tensors checked a moment ago have no host views');
  const state: Record<string, Float32Array[]> = {};
  for (let j = 0; j < stateKeys.length; j++) state[stateKeys[j]] = views.slice((3 + j) * n, (4 + j) * n);
  return { newParams, params: views.slice(0, n), grads: views.slice(n, 2 * n), out: views.slice(2 * n, 3 * n), state, created, simd };
}

/** The constants of one Adam step, as the float32 scalars the tensor-op form multiplies by. */
export interface AdamStepConstants {
  beta1: number;
  beta2: number;
  lr: number;
  eps: number;
  weightDecay: number;
  decoupled: boolean;
  maximize: boolean;
  /** The step number (1 at the first step). */
  step: number;
}

/**
 * One Adam / AdamW step of parameter `i` of a prepared step: its new value into `out[i]`, its moments (and
 * AMSGrad's running maximum when `maxSecond` is given) in place.
 */
export function adamInPlace(step: InPlaceStep, i: number, m: Float32Array, v: Float32Array, maxSecond: Float32Array | null, c: AdamStepConstants): void {
  const p = step.params[i], g = step.grads[i], out = step.out[i];
  const b1 = fr(c.beta1), oneMinusB1 = fr(1 - c.beta1), b2 = fr(c.beta2), oneMinusB2 = fr(1 - c.beta2);
  const l2 = c.decoupled ? 0 : fr(c.weightDecay);
  const decay = c.decoupled && c.weightDecay !== 0 ? fr(1 - c.lr * c.weightDecay) : 1;
  const correction2 = fr(Math.sqrt(1 - c.beta2 ** c.step));
  const eps = fr(c.eps);
  const stepSize = fr(c.lr / (1 - c.beta1 ** c.step));
  const sign = c.maximize ? -1 : 1;
  if (step.simd !== null) {
    step.simd.adamStep(p.byteOffset, g.byteOffset, out.byteOffset, m.byteOffset, v.byteOffset, maxSecond?.byteOffset ?? 0, p.length,
      b1, oneMinusB1, b2, oneMinusB2, l2, decay, correction2, eps, stepSize, sign);
    return;
  }
  for (let i = 0; i < p.length; i++) {
    const pi = p[i];
    let gi = sign * g[i];
    if (l2 !== 0) gi = fr(gi + fr(pi * l2));
    const mi = fr(fr(m[i] * b1) + fr(gi * oneMinusB1));
    const vi = fr(fr(v[i] * b2) + fr(fr(gi * gi) * oneMinusB2));
    m[i] = mi;
    v[i] = vi;
    let second = vi;
    if (maxSecond !== null) {
      second = Math.max(maxSecond[i], vi);
      maxSecond[i] = second;
    }
    const denom = fr(fr(fr(Math.sqrt(second)) / correction2) + eps);
    const decayed = decay === 1 ? pi : fr(pi * decay);
    out[i] = fr(decayed - fr(fr(mi / denom) * stepSize));
  }
}

/** The constants of one SGD step: the group's options and whether it is the first step with momentum. */
export interface SgdStepConstants extends SGDOptions {
  /** True at the first step with momentum: the buffer starts as the gradient itself. */
  firstMomentumStep: boolean;
}

/** One SGD step of parameter `i` of a prepared step: its new value into `out[i]`, the momentum `buffer` (or null) in place. */
export function sgdInPlace(step: InPlaceStep, i: number, buffer: Float32Array | null, c: SgdStepConstants): void {
  const p = step.params[i], g = step.grads[i], out = step.out[i];
  const lr = fr(c.lr), wd = fr(c.weightDecay), momentum = fr(c.momentum), oneMinusDampening = fr(1 - c.dampening);
  const sign = c.maximize ? -1 : 1;
  if (step.simd !== null) {
    step.simd.sgdStep(p.byteOffset, g.byteOffset, out.byteOffset, buffer?.byteOffset ?? 0, p.length, lr, wd, momentum, oneMinusDampening,
      sign, c.firstMomentumStep ? 1 : 0, c.nesterov ? 1 : 0);
    return;
  }
  for (let i = 0; i < p.length; i++) {
    const pi = p[i];
    let gi = sign * g[i];
    if (wd !== 0) gi = fr(gi + fr(pi * wd));
    if (buffer !== null) {
      const b = c.firstMomentumStep ? gi : fr(fr(buffer[i] * momentum) + fr(gi * oneMinusDampening));
      buffer[i] = b;
      gi = c.nesterov ? fr(gi + fr(b * momentum)) : b;
    }
    out[i] = fr(pi - fr(gi * lr));
  }
}
