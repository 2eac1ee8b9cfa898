import type * as tf from '@tensorflow/tfjs';

/**
 * Reading and changing the learning rate of any tfjs optimizer (tfjs has no common API for it): SGD and
 * Momentum cache it in a tensor updated by `setLearningRate`; the others read a `learningRate` field.
 */
interface WithLearningRate {
  learningRate?: number;
  setLearningRate?: (lr: number) => void;
}

/** The learning rate of a tfjs optimizer. */
export function getLearningRate(optimizer: tf.Optimizer, where: string): number {
  const lr = (optimizer as unknown as WithLearningRate).learningRate;
  if (typeof lr !== 'number') {
    throw new Error(`${where}: cannot read the learning rate of the model's optimizer (${optimizer.getClassName()})`);
  }
  return lr;
}

/** Sets the learning rate of a tfjs optimizer for the next updates. */
export function setLearningRate(optimizer: tf.Optimizer, lr: number, where: string): void {
  if (typeof lr !== 'number' || !Number.isFinite(lr) || lr < 0) {
    throw new Error(`${where}: the learning rate must be a finite number >= 0, got ${lr}`);
  }
  const o = optimizer as unknown as WithLearningRate;
  if (typeof o.setLearningRate === 'function') o.setLearningRate(lr);
  else o.learningRate = lr;
}

/** The optimizer of a compiled model, or a clear error. */
export function modelOptimizer(model: tf.LayersModel | undefined, where: string): tf.Optimizer {
  if (model === undefined || model.optimizer === undefined || model.optimizer === null) {
    throw new Error(`${where}: the model has no optimizer; call model.compile({ optimizer, loss }) before model.fit`);
  }
  return model.optimizer;
}
