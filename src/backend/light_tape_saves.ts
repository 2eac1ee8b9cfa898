import * as tf from '@tensorflow/tfjs';

/** The parts of tfjs-core 4.22's Engine used here (public members of the class, not of its typings). */
interface EngineInternals {
  state: {
    gradientDepth: number;
    kernelDepth: number;
    tensorInfo: { get(dataId: tf.DataId): { backend: tf.KernelBackend } | undefined };
  };
  backend: tf.KernelBackend;
  saveTensorsForBackwardMode(tensors: tf.Tensor[]): tf.Tensor[];
  keep<T extends tf.Tensor>(t: T): T;
  clone(t: tf.Tensor): tf.Tensor;
  makeTensorFromTensorInfo(info: { dataId: tf.DataId; shape: number[]; dtype: tf.DataType }, backend: tf.KernelBackend): tf.Tensor;
}

let original: { save: EngineInternals['saveTensorsForBackwardMode']; clone: EngineInternals['clone'] } | null = null;

/**
 * Makes the tensors tfjs keeps for backpropagation cheaper to keep.
 *
 * While recording gradients, tfjs saves each kernel's inputs or outputs that its gradient needs as clones:
 * each clone is a full `Identity` kernel call plus a node on the gradient tape (so that a gradient of the
 * gradient can flow through it). A small MLP's training step makes ~175 of them against ~290 real kernel calls.
 * In a first-order gradient (`gradientDepth` 1: `tsdl.backward`, `tf.grads`, `optimizer.minimize`) those tape
 * nodes are never used — the backward pass that reads the saved tensors is not itself recorded — so the saved
 * tensor can be a new tensor on the same data (one more reference, freed with the last tensor using it), as
 * tfjs's cpu backend makes its clones. Higher-order gradients keep tfjs's clone.
 *
 * Kernels save through the engine's `saveTensorsForBackwardMode`; a `tf.customGrad` op (tsdl's batch norm,
 * convolution, LSTM sequence, embedding, activations) saves through the engine's `clone`, called while the op
 * runs as a kernel (`kernelDepth` > 0). Both are replaced; `clone` keeps tfjs's behaviour everywhere else, so a
 * clone made directly in recorded code still carries its gradient. Idempotent; returns whether it changed the
 * engine.
 */
export function lightenTapeSaves(): boolean {
  if (original) return false;
  const engine = tf.engine() as unknown as EngineInternals;
  if (typeof engine.saveTensorsForBackwardMode !== 'function' || typeof engine.clone !== 'function'
    || typeof engine.makeTensorFromTensorInfo !== 'function' || !engine.state || typeof engine.state.gradientDepth !== 'number'
    || typeof engine.state.kernelDepth !== 'number') return false;
  const saveAsClones = engine.saveTensorsForBackwardMode;
  const cloneOnTape = engine.clone;
  original = { save: saveAsClones, clone: cloneOnTape };
  /** A new tensor on `t`'s data (tfjs's clone where the backend cannot count references). */
  const sameData = (self: EngineInternals, t: tf.Tensor): tf.Tensor => {
    const info = self.state.tensorInfo.get(t.dataId);
    const backend = info?.backend as (tf.KernelBackend & { incRef?(dataId: tf.DataId): void }) | undefined;
    if (!backend || typeof backend.incRef !== 'function' || t.dtype === 'string') return cloneOnTape.call(self, t);
    backend.incRef(t.dataId);
    return self.makeTensorFromTensorInfo({ dataId: t.dataId, shape: t.shape, dtype: t.dtype }, backend);
  };
  engine.saveTensorsForBackwardMode = function (this: EngineInternals, tensors: tf.Tensor[]): tf.Tensor[] {
    if (this.state.gradientDepth !== 1) return saveAsClones.call(this, tensors);
    return tensors.map((t) => this.keep(sameData(this, t)));
  };
  engine.clone = function (this: EngineInternals, t: tf.Tensor): tf.Tensor {
    if (this.state.gradientDepth !== 1 || this.state.kernelDepth === 0) return cloneOnTape.call(this, t);
    return sameData(this, t);
  };
  return true;
}

/** Puts tfjs's own way back (for tests and comparisons). */
export function restoreTapeSaves(): void {
  if (!original) return;
  const engine = tf.engine() as unknown as EngineInternals;
  engine.saveTensorsForBackwardMode = original.save;
  engine.clone = original.clone;
  original = null;
}
