/**
 * Transformer blocks: `nn.TransformerEncoderLayer`, `nn.TransformerEncoder`,
 * `nn.TransformerDecoderLayer`, `nn.TransformerDecoder`, with PyTorch's sub-module names
 * (`self_attn`, `linear1`, `norm1`, `multihead_attn`, `layers.0...`) so state dicts map one to one.
 */
import * as tf from '@tensorflow/tfjs';
import { Module } from '../module';
import { ModuleList } from '../containers';
import * as act from '../functional/activation';
import { Dropout } from './dropout';
import { LayerNorm } from './normalization';
import { Linear } from './linear';
import { MultiheadAttention } from './attention';

/** 'relu', 'gelu', or any element-wise function. */
export type TransformerActivation = 'relu' | 'gelu' | ((x: tf.Tensor) => tf.Tensor);

export interface TransformerLayerOptions {
  /** Hidden size of the feed-forward block. Default 2048. */
  dimFeedforward?: number;
  /** Default 0.1. */
  dropout?: number;
  /** Default 'relu'. */
  activation?: TransformerActivation;
  /** Default 1e-5. */
  layerNormEps?: number;
  /** (N, L, E) instead of (L, N, E). Default false. */
  batchFirst?: boolean;
  /** Pre-norm (LayerNorm before attention and feed-forward) instead of post-norm. Default false. */
  normFirst?: boolean;
}

function activationFn(a: TransformerActivation): (x: tf.Tensor) => tf.Tensor {
  if (typeof a === 'function') return a;
  if (a === 'relu') return act.relu;
  if (a === 'gelu') return (x) => act.gelu(x);
  throw new Error(`Transformer layer: activation should be 'relu' or 'gelu' or a function, not '${String(a)}'`);
}

export interface EncoderLayerForwardOptions {
  /** (L, L) or (N·nhead, L, L) attention mask (bool true = blocked, or float added). */
  srcMask?: tf.Tensor | null;
  /** (N, L) bool, true = padding. */
  srcKeyPaddingMask?: tf.Tensor | null;
}

/**
 * Self-attention then feed-forward, each with dropout, a residual connection and LayerNorm
 * ("Attention Is All You Need"; normFirst moves the norms before each block).
 *
 * Shapes: src (L, N, dModel) or with batchFirst (N, L, dModel) → same.
 *
 * ```ts
 * const layer = new nn.TransformerEncoderLayer(32, 4, { dimFeedforward: 64, batchFirst: true });
 * const y = layer.forward(x);
 * ```
 */
export class TransformerEncoderLayer extends Module {
  readonly dModel: number;
  readonly nhead: number;
  readonly options: TransformerLayerOptions;
  readonly normFirst: boolean;
  private readonly activation: (x: tf.Tensor) => tf.Tensor;

  constructor(dModel: number, nhead: number, options: TransformerLayerOptions = {}) {
    super();
    this.dModel = dModel;
    this.nhead = nhead;
    this.options = { ...options };
    const ff = options.dimFeedforward ?? 2048;
    const p = options.dropout ?? 0.1;
    const eps = options.layerNormEps ?? 1e-5;
    this.normFirst = options.normFirst ?? false;
    this.activation = activationFn(options.activation ?? 'relu');
    this.registerModule('self_attn', new MultiheadAttention(dModel, nhead, { dropout: p, batchFirst: options.batchFirst ?? false }));
    this.registerModule('linear1', new Linear(dModel, ff));
    this.registerModule('dropout', new Dropout(p));
    this.registerModule('linear2', new Linear(ff, dModel));
    this.registerModule('norm1', new LayerNorm(dModel, { eps }));
    this.registerModule('norm2', new LayerNorm(dModel, { eps }));
    this.registerModule('dropout1', new Dropout(p));
    this.registerModule('dropout2', new Dropout(p));
  }

  protected m<T extends Module>(name: string): T {
    return (this as unknown as Record<string, T>)[name];
  }

  /** The self-attention block. */
  get selfAttn(): MultiheadAttention {
    return this.m('self_attn');
  }

  private saBlock(x: tf.Tensor, mask: tf.Tensor | null | undefined, pad: tf.Tensor | null | undefined): tf.Tensor {
    const [out] = this.selfAttn.forward(x, x, x, { attnMask: mask, keyPaddingMask: pad, needWeights: false });
    return this.m<Dropout>('dropout1').forward(out);
  }

  private ffBlock(x: tf.Tensor): tf.Tensor {
    const h = this.m<Dropout>('dropout').forward(this.activation(this.m<Linear>('linear1').forward(x)));
    return this.m<Dropout>('dropout2').forward(this.m<Linear>('linear2').forward(h));
  }

  override forward(src: tf.Tensor, options: EncoderLayerForwardOptions = {}): tf.Tensor {
    return tf.tidy(() => {
      const n1 = this.m<LayerNorm>('norm1');
      const n2 = this.m<LayerNorm>('norm2');
      let x = src;
      if (this.normFirst) {
        x = tf.add(x, this.saBlock(n1.forward(x), options.srcMask, options.srcKeyPaddingMask));
        x = tf.add(x, this.ffBlock(n2.forward(x)));
      } else {
        x = n1.forward(tf.add(x, this.saBlock(x, options.srcMask, options.srcKeyPaddingMask)));
        x = n2.forward(tf.add(x, this.ffBlock(x)));
      }
      return x;
    });
  }

  /** A new layer with the same configuration and a copy of the weights (PyTorch's deepcopy). */
  clone(): TransformerEncoderLayer {
    const c = new TransformerEncoderLayer(this.dModel, this.nhead, this.options);
    copyState(this, c);
    return c;
  }
}

export interface DecoderLayerForwardOptions {
  tgtMask?: tf.Tensor | null;
  memoryMask?: tf.Tensor | null;
  tgtKeyPaddingMask?: tf.Tensor | null;
  memoryKeyPaddingMask?: tf.Tensor | null;
}

/**
 * Self-attention on the target, cross-attention to the encoder's memory, then feed-forward; each with
 * dropout, a residual connection and LayerNorm.
 *
 * Shapes: tgt (T, N, dModel), memory (S, N, dModel) (batchFirst: batch first) → like tgt.
 *
 * ```ts
 * const layer = new nn.TransformerDecoderLayer(32, 4, { dimFeedforward: 64 });
 * const y = layer.forward(tgt, memory, { tgtMask });
 * ```
 */
export class TransformerDecoderLayer extends Module {
  readonly dModel: number;
  readonly nhead: number;
  readonly options: TransformerLayerOptions;
  readonly normFirst: boolean;
  private readonly activation: (x: tf.Tensor) => tf.Tensor;

  constructor(dModel: number, nhead: number, options: TransformerLayerOptions = {}) {
    super();
    this.dModel = dModel;
    this.nhead = nhead;
    this.options = { ...options };
    const ff = options.dimFeedforward ?? 2048;
    const p = options.dropout ?? 0.1;
    const eps = options.layerNormEps ?? 1e-5;
    const batchFirst = options.batchFirst ?? false;
    this.normFirst = options.normFirst ?? false;
    this.activation = activationFn(options.activation ?? 'relu');
    this.registerModule('self_attn', new MultiheadAttention(dModel, nhead, { dropout: p, batchFirst }));
    this.registerModule('multihead_attn', new MultiheadAttention(dModel, nhead, { dropout: p, batchFirst }));
    this.registerModule('linear1', new Linear(dModel, ff));
    this.registerModule('dropout', new Dropout(p));
    this.registerModule('linear2', new Linear(ff, dModel));
    this.registerModule('norm1', new LayerNorm(dModel, { eps }));
    this.registerModule('norm2', new LayerNorm(dModel, { eps }));
    this.registerModule('norm3', new LayerNorm(dModel, { eps }));
    this.registerModule('dropout1', new Dropout(p));
    this.registerModule('dropout2', new Dropout(p));
    this.registerModule('dropout3', new Dropout(p));
  }

  private m<T extends Module>(name: string): T {
    return (this as unknown as Record<string, T>)[name];
  }

  /** The target self-attention block. */
  get selfAttn(): MultiheadAttention {
    return this.m('self_attn');
  }

  /** The cross-attention (target to memory) block. */
  get multiheadAttn(): MultiheadAttention {
    return this.m('multihead_attn');
  }

  private saBlock(x: tf.Tensor, mask?: tf.Tensor | null, pad?: tf.Tensor | null): tf.Tensor {
    const [out] = this.selfAttn.forward(x, x, x, { attnMask: mask, keyPaddingMask: pad, needWeights: false });
    return this.m<Dropout>('dropout1').forward(out);
  }

  private mhaBlock(x: tf.Tensor, mem: tf.Tensor, mask?: tf.Tensor | null, pad?: tf.Tensor | null): tf.Tensor {
    const [out] = this.multiheadAttn.forward(x, mem, mem, { attnMask: mask, keyPaddingMask: pad, needWeights: false });
    return this.m<Dropout>('dropout2').forward(out);
  }

  private ffBlock(x: tf.Tensor): tf.Tensor {
    const h = this.m<Dropout>('dropout').forward(this.activation(this.m<Linear>('linear1').forward(x)));
    return this.m<Dropout>('dropout3').forward(this.m<Linear>('linear2').forward(h));
  }

  override forward(tgt: tf.Tensor, memory: tf.Tensor, options: DecoderLayerForwardOptions = {}): tf.Tensor {
    return tf.tidy(() => {
      const [n1, n2, n3] = ['norm1', 'norm2', 'norm3'].map((n) => this.m<LayerNorm>(n));
      let x = tgt;
      if (this.normFirst) {
        x = tf.add(x, this.saBlock(n1.forward(x), options.tgtMask, options.tgtKeyPaddingMask));
        x = tf.add(x, this.mhaBlock(n2.forward(x), memory, options.memoryMask, options.memoryKeyPaddingMask));
        x = tf.add(x, this.ffBlock(n3.forward(x)));
      } else {
        x = n1.forward(tf.add(x, this.saBlock(x, options.tgtMask, options.tgtKeyPaddingMask)));
        x = n2.forward(tf.add(x, this.mhaBlock(x, memory, options.memoryMask, options.memoryKeyPaddingMask)));
        x = n3.forward(tf.add(x, this.ffBlock(x)));
      }
      return x;
    });
  }

  /** A new layer with the same configuration and a copy of the weights. */
  clone(): TransformerDecoderLayer {
    const c = new TransformerDecoderLayer(this.dModel, this.nhead, this.options);
    copyState(this, c);
    return c;
  }
}

/** Copies weights and the training flag from one module into an identically built one. */
function copyState(from: Module, to: Module): void {
  to.loadStateDict(from.stateDict());
  to.train(from.training);
}

export interface TransformerStackOptions {
  /** A final normalisation module (e.g. LayerNorm), applied after the last layer. */
  norm?: Module | null;
}

export interface EncoderForwardOptions {
  mask?: tf.Tensor | null;
  srcKeyPaddingMask?: tf.Tensor | null;
}

/**
 * A stack of `numLayers` copies of an encoder layer (each copy starts with the same weights, as
 * PyTorch's deepcopy), then an optional final norm.
 *
 * ```ts
 * const enc = new nn.TransformerEncoder(new nn.TransformerEncoderLayer(32, 4), 2);
 * ```
 */
export class TransformerEncoder extends Module {
  readonly numLayers: number;
  layers: ModuleList;
  norm: Module | null;
  constructor(encoderLayer: TransformerEncoderLayer, numLayers: number, options: TransformerStackOptions = {}) {
    super();
    this.numLayers = numLayers;
    this.layers = new ModuleList(Array.from({ length: numLayers }, () => encoderLayer.clone()));
    this.norm = options.norm ?? null;
  }
  override forward(src: tf.Tensor, options: EncoderForwardOptions = {}): tf.Tensor {
    return tf.tidy(() => {
      let x = src;
      for (const layer of this.layers.children()) {
        x = (layer as TransformerEncoderLayer).forward(x, { srcMask: options.mask, srcKeyPaddingMask: options.srcKeyPaddingMask });
      }
      return this.norm ? (this.norm.forward(x) as tf.Tensor) : x;
    });
  }
}

/**
 * A stack of `numLayers` copies of a decoder layer, then an optional final norm.
 */
export class TransformerDecoder extends Module {
  readonly numLayers: number;
  layers: ModuleList;
  norm: Module | null;
  constructor(decoderLayer: TransformerDecoderLayer, numLayers: number, options: TransformerStackOptions = {}) {
    super();
    this.numLayers = numLayers;
    this.layers = new ModuleList(Array.from({ length: numLayers }, () => decoderLayer.clone()));
    this.norm = options.norm ?? null;
  }
  override forward(tgt: tf.Tensor, memory: tf.Tensor, options: DecoderLayerForwardOptions = {}): tf.Tensor {
    return tf.tidy(() => {
      let x = tgt;
      for (const layer of this.layers.children()) x = (layer as TransformerDecoderLayer).forward(x, memory, options);
      return this.norm ? (this.norm.forward(x) as tf.Tensor) : x;
    });
  }
}
