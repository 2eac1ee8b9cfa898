import * as tf from '@tensorflow/tfjs';

/** The parts of tfjs-core 4.22's Engine used here (public members of the class, not of its typings). */
interface EngineInternals {
  state: {
    gradientDepth: number;
    tensorInfo: { get(dataId: tf.DataId): { backend: tf.KernelBackend } | undefined };
  };
  backend: tf.KernelBackend;
  saveTensorsForBackwardMode(tensors: tf.Tensor[]): tf.Tensor[];
  keep<T extends tf.Tensor>(t: T): T;
  clone(t: tf.Tensor): tf.Tensor;
  makeTensorFromTensorInfo(info: { dataId: tf.DataId; shape: number[]; dtype: tf.DataType }, backend: tf.KernelBackend): tf.Tensor;
}

let original: EngineInternals['saveTensorsForBackwardMode'] | null = null;

/**
 * Makes the tensors tfjs keeps for backpropagation cheaper to keep.
 *
 * While recording gradients, tfjs saves each kernel's inputs or outputs that its gradient needs as clones:
 * each clone is a full `Identity` kernel call plus a node on the gradient tape (so that a gradient of the
 * gradient can flow through it). A small MLP's training step makes ~175 of them against ~290 real kernel calls.
 * In a first-order gradient (`gradientDepth` 1: `tsdl.backward`, `tf.grads`, `optimizer.minimize`) those tape
 * nodes are never used — the backward pass that reads the saved tensors is not itself recorded — so the saved
 * tensor can be a new tensor on the same data (one more reference, freed with the last tensor using it), as
 * tfjs's cpu backend makes its clones. Higher-order gradients keep tfjs's clone. Idempotent; returns whether
 * it changed the engine.
 */
export function lightenTapeSaves(): boolean {
  if (original) return false;
  const engine = tf.engine() as unknown as EngineInternals;
  if (typeof engine.saveTensorsForBackwardMode !== 'function' || typeof engine.makeTensorFromTensorInfo !== 'function'
    || !engine.state || typeof engine.state.gradientDepth !== 'number') return false;
  const saveAsClones = engine.saveTensorsForBackwardMode;
  original = saveAsClones;
  engine.saveTensorsForBackwardMode = function (this: EngineInternals, tensors: tf.Tensor[]): tf.Tensor[] {
    if (this.state.gradientDepth !== 1) return saveAsClones.call(this, tensors);
    return tensors.map((t) => {
      const info = this.state.tensorInfo.get(t.dataId);
      const backend = info?.backend as (tf.KernelBackend & { incRef?(dataId: tf.DataId): void }) | undefined;
      if (!backend || typeof backend.incRef !== 'function' || t.dtype === 'string') return this.keep(this.clone(t));
      backend.incRef(t.dataId);
      return this.keep(this.makeTensorFromTensorInfo({ dataId: t.dataId, shape: t.shape, dtype: t.dtype }, backend));
    });
  };
  return true;
}

/** Puts tfjs's own way back (for tests and comparisons). */
export function restoreTapeSaves(): void {
  if (!original) return;
  (tf.engine() as unknown as EngineInternals).saveTensorsForBackwardMode = original;
  original = null;
}
