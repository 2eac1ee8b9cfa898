/**
 * `nn.Embedding`: a lookup table of learnable vectors, one per index.
 */
import * as tf from '@tensorflow/tfjs';
import { Module } from '../module';
import { Parameter } from '../parameter';
import * as init from '../init';
import { embedding } from '../functional/embedding';
import { emptyParameter, positiveInt } from './parameters';
import { asModule } from './repr';

export interface EmbeddingOptions {
  /** This index's row starts at zero and never receives a gradient (a padding token). */
  paddingIdx?: number | null;
}

/**
 * Maps int32 indices to rows of `weight`.
 *
 * Shapes: input (*) int32 → output (*, embeddingDim). Attribute: `weight` (numEmbeddings, embeddingDim)
 * from N(0, 1), the paddingIdx row zero.
 *
 * ```ts
 * const emb = new nn.Embedding(10, 3, { paddingIdx: 0 });
 * emb.forward(tf.tensor2d([[1, 2, 4, 5], [4, 3, 2, 9]], undefined, 'int32')).shape;  // [2, 4, 3]
 * ```
 */
export class Embedding extends Module {
  readonly numEmbeddings: number;
  readonly embeddingDim: number;
  readonly paddingIdx: number | null;
  weight: Parameter;
  constructor(numEmbeddings: number, embeddingDim: number, options: EmbeddingOptions = {}) {
    super();
    this.numEmbeddings = positiveInt(numEmbeddings, 'numEmbeddings', 'Embedding');
    this.embeddingDim = positiveInt(embeddingDim, 'embeddingDim', 'Embedding');
    let pad = options.paddingIdx ?? null;
    if (pad !== null) {
      if (!Number.isInteger(pad) || pad < -numEmbeddings || pad >= numEmbeddings) {
        throw new Error(`Embedding: paddingIdx must be within numEmbeddings (${numEmbeddings}), got ${pad}`);
      }
      if (pad < 0) pad += numEmbeddings;
    }
    this.paddingIdx = pad;
    this.weight = emptyParameter([numEmbeddings, embeddingDim]);
    this.resetParameters();
  }

  /** N(0, 1) entries; the padding row set to zero. */
  resetParameters(): void {
    init.normal_(this.weight);
    if (this.paddingIdx !== null) {
      const pad = this.paddingIdx;
      tf.tidy(() => {
        const isPad = tf.equal(tf.range(0, this.numEmbeddings, 1, 'int32').reshape([this.numEmbeddings, 1]), pad);
        this.weight.assign(tf.where(tf.tile(isPad, [1, this.embeddingDim]), tf.zerosLike(this.weight), this.weight));
      });
    }
  }

  override forward(input: tf.Tensor): tf.Tensor {
    return asModule(this, () => embedding(input, this.weight, { paddingIdx: this.paddingIdx }));
  }

  override extraRepr(): string {
    return `${this.numEmbeddings}, ${this.embeddingDim}${this.paddingIdx !== null ? `, padding_idx=${this.paddingIdx}` : ''}`;
  }
}
