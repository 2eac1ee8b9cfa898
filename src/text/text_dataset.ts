import * as tf from '@tensorflow/tfjs';
import { Dataset, checkIndex } from '../data/dataset';
import { Vocab } from './vocab';

/**
 * Sentences with labels, encoded with a {@link Vocab} and padded/truncated to `maxLen`.
 * `get(i)` returns `[ids int32 [maxLen], label]`.
 * ```ts
 * const ds = new text.TextClassificationDataset(texts, labels, vocab, 100);
 * const loader = new data.DataLoader(ds, { batchSize: 32, shuffle: true });   // batches [B, 100], [B]
 * ```
 */
export class TextClassificationDataset extends Dataset<[tf.Tensor1D, number]> {
  constructor(readonly texts: string[], readonly labels: number[], readonly vocab: Vocab, readonly maxLen = 200) {
    super();
    if (texts.length !== labels.length) {
      throw new Error(`TextClassificationDataset: texts and labels have different lengths (${texts.length} and ${labels.length})`);
    }
    if (!Number.isInteger(maxLen) || maxLen <= 0) throw new Error(`TextClassificationDataset: maxLen should be a positive integer, got ${maxLen}`);
  }

  get length(): number {
    return this.texts.length;
  }

  get(index: number): [tf.Tensor1D, number] {
    const i = checkIndex(index, this.length);
    return [tf.tensor1d(this.vocab.encode(this.texts[i], { maxLen: this.maxLen }), 'int32'), this.labels[i]];
  }
}
