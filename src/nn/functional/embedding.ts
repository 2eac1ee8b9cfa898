/**
 * Embedding lookup: row `i` of the weight matrix for every index `i` of the input.
 */
import * as tf from '@tensorflow/tfjs';
import { CustomGradientFunc, shapeText } from './args';

export interface EmbeddingOptions {
  /** Index whose row receives no gradient (a padding token). Negative counts from the end. */
  paddingIdx?: number | null;
}

/**
 * Gathers rows of `weight`. The gradient is scattered back with a sum over repeated indices (built from
 * `scatterND`, which every backend has) and is zero for `paddingIdx`.
 *
 * Shapes: input (*) int32 indices in [0, numEmbeddings); weight (numEmbeddings, embeddingDim)
 * → output (*, embeddingDim).
 *
 * ```ts
 * const vectors = F.embedding(tf.tensor([[1, 2], [0, 3]], undefined, 'int32'), weight);
 * ```
 */
export function embedding(input: tf.Tensor, weight: tf.Tensor, options: EmbeddingOptions = {}): tf.Tensor {
  const where = 'F.embedding';
  if (input.dtype !== 'int32') {
    throw new Error(`${where}: expected integer indices (dtype int32), got dtype ${input.dtype}; create them with tf.tensor(values, shape, 'int32') or x.toInt()`);
  }
  if (weight.rank !== 2) throw new Error(`${where}: weight must be 2-d (numEmbeddings, embeddingDim), got shape ${shapeText(weight.shape)}`);
  const [num, dim] = weight.shape;
  let paddingIdx = options.paddingIdx ?? null;
  if (paddingIdx !== null) {
    if (paddingIdx < -num || paddingIdx >= num) throw new Error(`${where}: paddingIdx must be within numEmbeddings (${num}), got ${paddingIdx}`);
    if (paddingIdx < 0) paddingIdx += num;
  }
  if (input.size > 0) {
    const [lo, hi] = tf.tidy(() => [tf.min(input), tf.max(input)]).map((t) => {
      const v = t.dataSync()[0];
      t.dispose();
      return v;
    });
    if (lo < 0 || hi >= num) {
      throw new Error(`${where}: index out of range: indices must be in [0, ${num - 1}] (numEmbeddings=${num}), got values in [${lo}, ${hi}]`);
    }
  }
  const pad = paddingIdx;
  const gatherRows = tf.customGrad(((w: tf.Tensor, idx: tf.Tensor, save: tf.GradSaveFunc) => {
    save([idx]);
    const flat = tf.reshape(idx, [-1]);
    return {
      value: tf.reshape(tf.gather(w, flat), [...idx.shape, dim]),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const ids = tf.reshape(saved[0], [-1, 1]);
        let dw = tf.scatterND(ids, tf.reshape(dy, [-1, dim]), [num, dim]);
        if (pad !== null) {
          const mask = tf.oneHot(tf.tensor1d([pad], 'int32'), num).reshape([num, 1]);
          dw = tf.mul(dw, tf.sub(1, mask));
        }
        return [dw, tf.zerosLike(saved[0])];
      },
    };
  }) as unknown as CustomGradientFunc);
  return gatherRows(weight, input);
}
