/**
 * `nn.MultiheadAttention` with PyTorch's parameter names (`in_proj_weight`, `in_proj_bias`,
 * `out_proj.weight`, or `q_proj_weight`/`k_proj_weight`/`v_proj_weight` when kdim/vdim differ) and
 * initialisation (xavier_uniform projections, zero biases).
 */
import * as tf from '@tensorflow/tfjs';
import { Module } from '../module';
import { Parameter } from '../parameter';
import * as init from '../init';
import { multiHeadAttentionForward } from '../functional/attention';
import { shapeText } from '../functional/args';
import { Linear } from './linear';
import { emptyParameter, positiveInt } from './parameters';
import { asModule, moduleLabel } from './repr';

/** The output projection of MultiheadAttention (named as in PyTorch, where the printed model shows it). */
export class NonDynamicallyQuantizableLinear extends Linear {}

export interface MultiheadAttentionOptions {
  /** Dropout on the attention weights (training only). Default 0. */
  dropout?: number;
  /** Biases on the input and output projections. Default true. */
  bias?: boolean;
  /** Key features (default embedDim). */
  kdim?: number | null;
  /** Value features (default embedDim). */
  vdim?: number | null;
  /** Inputs and output are (N, L, E) instead of (L, N, E). Default false. */
  batchFirst?: boolean;
}

export interface MultiheadAttentionForwardOptions {
  /** (N, S) bool (true = ignore that key) or float (added). */
  keyPaddingMask?: tf.Tensor | null;
  /** Return the attention weights. Default true. */
  needWeights?: boolean;
  /** (L, S) or (N·numHeads, L, S): bool (true = not allowed) or float (added to the scores). */
  attnMask?: tf.Tensor | null;
  /** Average the weights over heads. Default true. */
  averageAttnWeights?: boolean;
}

/**
 * Multi-head attention: MultiHead(Q, K, V) = Concat(head_1..head_h) W_O with
 * head_i = softmax(Q W_Qi (K W_Ki)ᵀ / √d) V W_Vi.
 *
 * forward(query, key, value, options?) → [output, weights | null]. Shapes: query (L, N, E),
 * key (S, N, kdim), value (S, N, vdim) (batchFirst: (N, L, E)...) or unbatched (L, E); output like query;
 * weights (N, L, S) averaged over heads or (N, numHeads, L, S).
 *
 * ```ts
 * const mha = new nn.MultiheadAttention(16, 4, { batchFirst: true });
 * const [out, weights] = mha.forward(x, x, x);
 * ```
 */
export class MultiheadAttention extends Module {
  readonly embedDim: number;
  readonly kdim: number;
  readonly vdim: number;
  readonly numHeads: number;
  readonly dropout: number;
  readonly batchFirst: boolean;
  readonly headDim: number;

  constructor(embedDim: number, numHeads: number, options: MultiheadAttentionOptions = {}) {
    super();
    this.embedDim = positiveInt(embedDim, 'embedDim', 'MultiheadAttention');
    this.numHeads = positiveInt(numHeads, 'numHeads', 'MultiheadAttention');
    this.kdim = options.kdim ?? embedDim;
    this.vdim = options.vdim ?? embedDim;
    this.dropout = options.dropout ?? 0;
    this.batchFirst = options.batchFirst ?? false;
    this.headDim = embedDim / numHeads;
    if (!Number.isInteger(this.headDim)) throw new Error(`MultiheadAttention: embedDim (${embedDim}) must be divisible by numHeads (${numHeads})`);
    const bias = options.bias ?? true;
    if (this.sameEmbedDims) {
      this.registerParameter('in_proj_weight', emptyParameter([3 * embedDim, embedDim]));
    } else {
      this.registerParameter('q_proj_weight', emptyParameter([embedDim, embedDim]));
      this.registerParameter('k_proj_weight', emptyParameter([embedDim, this.kdim]));
      this.registerParameter('v_proj_weight', emptyParameter([embedDim, this.vdim]));
    }
    if (bias) this.registerParameter('in_proj_bias', emptyParameter([3 * embedDim]));
    this.registerModule('out_proj', new NonDynamicallyQuantizableLinear(embedDim, embedDim, { bias }));
    this.resetParameters();
  }

  private get sameEmbedDims(): boolean {
    return this.kdim === this.embedDim && this.vdim === this.embedDim;
  }

  private p(name: string): Parameter | null {
    return ((this as unknown as Record<string, Parameter | null | undefined>)[name]) ?? null;
  }

  /** Packed (3E, E) input projection, or null when kdim/vdim differ from embedDim. */
  get inProjWeight(): Parameter | null {
    return this.p('in_proj_weight');
  }

  /** Packed (3E) input bias, or null without bias. */
  get inProjBias(): Parameter | null {
    return this.p('in_proj_bias');
  }

  /** The output projection (a Linear). */
  get outProj(): Linear {
    return (this as unknown as { out_proj: Linear }).out_proj;
  }

  resetParameters(): void {
    if (this.sameEmbedDims) init.xavierUniform_(this.p('in_proj_weight') as Parameter);
    else for (const n of ['q_proj_weight', 'k_proj_weight', 'v_proj_weight']) init.xavierUniform_(this.p(n) as Parameter);
    const inBias = this.p('in_proj_bias');
    if (inBias) {
      init.zeros_(inBias);
      init.zeros_(this.outProj.bias as Parameter);
    }
  }

  override forward(query: tf.Tensor, key: tf.Tensor, value: tf.Tensor, options: MultiheadAttentionForwardOptions = {}): [tf.Tensor, tf.Tensor | null] {
    const label = () => moduleLabel(this);
    const check = (t: tf.Tensor, dim: number, name: string) => {
      if ((t.rank !== 2 && t.rank !== 3) || t.shape[t.rank - 1] !== dim) {
        throw new Error(`${label()}: expected ${name} with last dimension ${dim} (shape ${this.batchFirst ? '(N, L, E)' : '(L, N, E)'} or (L, E)), got shape ${shapeText(t.shape)}`);
      }
    };
    check(query, this.embedDim, 'query');
    check(key, this.kdim, 'key');
    check(value, this.vdim, 'value');
    const batched = query.rank === 3;
    const seqFirst = (t: tf.Tensor) => (batched && this.batchFirst ? tf.transpose(t, [1, 0, 2]) : t);
    const res = tf.tidy(() => {
      const [out, w] = asModule(this, () =>
        multiHeadAttentionForward(seqFirst(query), seqFirst(key), seqFirst(value), {
          numHeads: this.numHeads,
          inProjWeight: this.p('in_proj_weight'),
          inProjBias: this.p('in_proj_bias'),
          qProjWeight: this.p('q_proj_weight'),
          kProjWeight: this.p('k_proj_weight'),
          vProjWeight: this.p('v_proj_weight'),
          outProjWeight: this.outProj.weight,
          outProjBias: this.outProj.bias,
          dropoutP: this.dropout,
          training: this.training,
          keyPaddingMask: options.keyPaddingMask,
          needWeights: options.needWeights ?? true,
          attnMask: options.attnMask,
          averageAttnWeights: options.averageAttnWeights ?? true,
        }),
      );
      return w ? [seqFirst(out), w] : [seqFirst(out)];
    });
    return [res[0], res[1] ?? null];
  }
}
