import * as tf from '@tensorflow/tfjs';
import { engineMethodSwitch } from './engine_method';

/** A node of tfjs-core 4.22's gradient tape (`tape.ts`). */
interface TapeNode {
  id: number;
  kernelName: string;
  outputs: tf.Tensor[];
  inputs: Record<string, tf.Tensor>;
  gradient?: (dys: (tf.Tensor | null)[]) => Record<string, () => tf.Tensor>;
  saved?: tf.Tensor[];
}

/** The parts of tfjs-core 4.22's Engine that its `gradients` method uses (public members of the class). */
interface EngineInternals {
  state: { activeTape: TapeNode[] | null; gradientDepth: number };
  gradients: Gradients;
  scopedRun<T>(start: () => void, end: () => void, f: () => T): T;
  startTape(): void;
  endTape(): void;
  tidy<T>(name: string, f: () => T): T;
  tidy<T>(f: () => T): T;
  makeTensor(values: Float32Array, shape: number[], dtype: 'float32'): tf.Tensor;
  runKernel(name: string, inputs: Record<string, tf.Tensor>, attrs?: Record<string, unknown>): tf.Tensor;
}
type Gradients = (f: () => tf.Tensor, xs: tf.Tensor[], dy?: tf.Tensor, allowNoGradients?: boolean) =>
  { value: tf.Tensor; grads: (tf.Tensor | undefined)[] };

/**
 * The tape nodes on a path from one of `xs` to `y`, in tape order, each a copy whose inputs are only those that
 * depend on `xs`: tfjs's `getFilteredNodesXToY`, with sets of tensor ids instead of objects keyed by ids (tensor
 * ids grow into the millions over a training run, which turns those objects into slow dictionaries: 8 µs for the
 * 7 nodes of an XOR step).
 */
function filteredTape(tape: TapeNode[], xs: tf.Tensor[], y: tf.Tensor): TapeNode[] {
  const fromX = new Set<number>();
  for (const x of xs) fromX.add(x.id);
  const nodesFromX = new Set<number>();
  for (const node of tape) {
    for (const name in node.inputs) {
      if (fromX.has(node.inputs[name].id)) {
        for (const output of node.outputs) fromX.add(output.id);
        nodesFromX.add(node.id);
        break;
      }
    }
  }
  const leadToY = new Set<number>([y.id]);
  const nodesToY = new Set<number>();
  for (let i = tape.length - 1; i >= 0; i--) {
    const node = tape[i];
    if (!node.outputs.some((output) => leadToY.has(output.id))) continue;
    for (const name in node.inputs) {
      leadToY.add(node.inputs[name].id);
      nodesToY.add(node.id);
    }
  }
  const filtered: TapeNode[] = [];
  for (const node of tape) {
    if (!nodesFromX.has(node.id) || !nodesToY.has(node.id)) continue;
    const inputs: Record<string, tf.Tensor> = {};
    for (const name in node.inputs) if (fromX.has(node.inputs[name].id)) inputs[name] = node.inputs[name];
    filtered.push({ ...node, inputs, outputs: node.outputs });
  }
  return filtered;
}

const sameShape = (a: number[], b: number[]): boolean => a.length === b.length && a.every((d, i) => d === b[i]);

/** tfjs's `backpropagateGradients`, on a map of gradients by tensor id, with its checks and messages. */
function backpropagate(engine: EngineInternals, accumulated: Map<number, tf.Tensor>, tape: TapeNode[]): void {
  for (let i = tape.length - 1; i >= 0; i--) {
    const node = tape[i];
    const dys = node.outputs.map((output) => accumulated.get(output.id) ?? null);
    if (node.gradient == null) throw new Error(`Cannot compute gradient: gradient function not found for ${node.kernelName}.`);
    const inputGradients = node.gradient(dys);
    for (const name in node.inputs) {
      if (!(name in inputGradients)) {
        throw new Error(`Cannot backprop through input ${name}. Available gradients found: ${Object.keys(inputGradients)}.`);
      }
      const dx = engine.tidy(() => inputGradients[name]());
      if (dx.dtype !== 'float32') {
        throw new Error(`Error in gradient for op ${node.kernelName}. The gradient of input ${name} must have 'float32' dtype, but has '${dx.dtype}'`);
      }
      const x = node.inputs[name];
      if (!sameShape(dx.shape, x.shape)) {
        throw new Error(`Error in gradient for op ${node.kernelName}. The gradient of input '${name}' has shape '${dx.shape}', which does not match the shape of the input '${x.shape}'`);
      }
      const current = accumulated.get(x.id);
      if (current == null) {
        accumulated.set(x.id, dx);
      } else {
        accumulated.set(x.id, engine.runKernel('Add', { a: current, b: dx }));
        current.dispose();
      }
    }
  }
}

/**
 * tfjs-core 4.22's `Engine.gradients` (which `tf.grad`, `tf.grads`, `tf.variableGrads`, `optimizer.minimize` and
 * `tsdl.backward` all run) with the tape walked through sets and maps of tensor ids (`filteredTape`,
 * `backpropagate`): the same nodes, gradient calls, checks, messages and disposals, in the same order.
 */
function leanGradients(this: EngineInternals, f: () => tf.Tensor, xs: tf.Tensor[], dy?: tf.Tensor, allowNoGradients = false) {
  if (!(xs.length > 0)) throw new Error('gradients() received an empty list of xs.');
  if (dy != null && dy.dtype !== 'float32') throw new Error(`dy must have 'float32' dtype, but has '${dy.dtype}'`);
  const y = this.scopedRun(() => this.startTape(), () => this.endTape(), () => this.tidy('forward', f));
  if (!(y instanceof tf.Tensor)) throw new Error('The result y returned by f() must be a tensor.');
  const tape = filteredTape(this.state.activeTape ?? [], xs, y);
  if (!allowNoGradients && tape.length === 0 && xs.length > 0) {
    throw new Error('Cannot compute gradient of y=f(x) with respect to x. Make sure that the f you passed encloses all operations that lead from x to y.');
  }
  return this.tidy('backward', () => {
    const accumulated = new Map<number, tf.Tensor>();
    accumulated.set(y.id, dy ?? this.makeTensor(new Float32Array(y.size).fill(1), y.shape, 'float32'));
    backpropagate(this, accumulated, tape);
    const grads = xs.map((x) => accumulated.get(x.id));
    if (this.state.gradientDepth === 0) {
      // Not a gradient of a gradient: the tape and the tensors its nodes saved are done with.
      for (const node of this.state.activeTape ?? []) for (const t of node.saved ?? []) t.dispose();
      this.state.activeTape = null;
    }
    return { value: y, grads };
  });
}

/**
 * Makes tfjs's engine compute gradients with `leanGradients` (tfjs-core 4.22 only: the method mirrors that
 * version's). Idempotent; `on = false` restores tfjs's; returns whether it is in use. `TSDL_LEAN_GRADIENTS=0`
 * keeps tfjs's.
 */
export const useLeanGradients = engineMethodSwitch('gradients', leanGradients, (engine) => {
  const e = engine as unknown as EngineInternals;
  return typeof e.startTape === 'function' && typeof e.endTape === 'function' && typeof e.scopedRun === 'function'
    && typeof e.state?.gradientDepth === 'number' && process.env.TSDL_LEAN_GRADIENTS !== '0';
});
