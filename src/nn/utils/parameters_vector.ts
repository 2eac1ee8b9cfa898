import * as tf from '@tensorflow/tfjs';
import { toParameterArray, type ParametersArg } from './params_arg';

/**
 * All parameters flattened and concatenated into one 1-D tensor (the caller owns it), like
 * `torch.nn.utils.parameters_to_vector`.
 *
 * ```ts
 * const v = nn.utils.parametersToVector(model.parameters());  // shape [numberOfWeights]
 * ```
 */
export function parametersToVector(params: ParametersArg): tf.Tensor1D {
  const list = toParameterArray(params, 'parametersToVector');
  if (list.length === 0) return tf.tensor1d([]);
  return tf.tidy(() => tf.concat(list.map((p) => tf.reshape(p, [-1]))) as tf.Tensor1D);
}

/**
 * Copies consecutive slices of the 1-D tensor `vector` into the parameters, like
 * `torch.nn.utils.vector_to_parameters`. `vector` must have exactly as many elements as the parameters.
 */
export function vectorToParameters(vector: tf.Tensor, params: ParametersArg): void {
  const list = toParameterArray(params, 'vectorToParameters');
  if (!(vector instanceof tf.Tensor) || vector.rank !== 1) {
    throw new TypeError(`vectorToParameters: vector must be a 1-D tensor, got ${vector instanceof tf.Tensor ? `shape [${vector.shape}]` : typeof vector}`);
  }
  const needed = list.reduce((n, p) => n + p.size, 0);
  if (vector.size !== needed) {
    throw new Error(`vectorToParameters: vector has ${vector.size} elements but the parameters hold ${needed}`);
  }
  let offset = 0;
  for (const p of list) {
    const start = offset;
    tf.tidy(() => p.assign(tf.reshape(tf.slice(vector, start, p.size), p.shape).cast(p.dtype)));
    offset += p.size;
  }
}
