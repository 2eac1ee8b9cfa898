import * as tf from '@tensorflow/tfjs';

/**
 * A copy of a model's weights held in memory (tfjs `getWeights()` returns the live variables, so they
 * are cloned). The copy is owned here: `dispose()` frees it, `restore(model)` writes it back.
 */
export class WeightsSnapshot {
  private constructor(readonly tensors: tf.Tensor[]) {}

  /** Copies the current weights of `model`. */
  static of(model: tf.LayersModel): WeightsSnapshot {
    return new WeightsSnapshot(model.getWeights().map((w) => tf.keep(w.clone())));
  }

  /** Sets `model`'s weights to this copy (the copy stays valid). */
  restore(model: tf.LayersModel): void {
    model.setWeights(this.tensors);
  }

  dispose(): void {
    tf.dispose(this.tensors);
  }
}
