import * as tf from '@tensorflow/tfjs';

/**
 * TensorFlow.js has no gradient for comparisons and logical ops, so `tf.where(tf.greater(x, 0), x, y)`
 * inside `tsdl.backward` fails with "gradient function not found for Greater". They are not
 * differentiable (PyTorch treats their result as constant); this registers zero gradients for them, once.
 */
const BINARY = ['Greater', 'GreaterEqual', 'Less', 'LessEqual', 'Equal', 'NotEqual', 'LogicalAnd', 'LogicalOr', 'LogicalXor'];
const UNARY = ['LogicalNot', 'IsNan', 'IsInf', 'IsFinite'];

let done = false;

export function registerComparisonGradients(): void {
  if (done) return;
  done = true;
  for (const kernelName of BINARY) {
    if (tf.getGradient(kernelName) != null) continue;
    tf.registerGradient({
      kernelName,
      inputsToSave: ['a', 'b'],
      gradFunc: (_dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => ({
        a: () => tf.zerosLike(saved[0]).toFloat(),
        b: () => tf.zerosLike(saved[1]).toFloat(),
      }),
    });
  }
  for (const kernelName of UNARY) {
    if (tf.getGradient(kernelName) != null) continue;
    tf.registerGradient({
      kernelName,
      inputsToSave: ['x'],
      gradFunc: (_dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => ({ x: () => tf.zerosLike(saved[0]).toFloat() }),
    });
  }
}
