/**
 * Attention: `F.scaledDotProductAttention` and `F.multiHeadAttentionForward` (the computation behind
 * `nn.MultiheadAttention`), with PyTorch's shapes and mask conventions.
 */
import * as tf from '@tensorflow/tfjs';
import { expectFloat, shapeText } from './args';
import { dropout } from './dropout';
import { linear } from './linear';

/** A bool mask (true = blocked) becomes −∞; a float mask is added as it is. */
function additiveMask(mask: tf.Tensor): tf.Tensor {
  if (mask.dtype === 'bool') return tf.where(mask, tf.fill(mask.shape, -Infinity), tf.zeros(mask.shape));
  return mask;
}

export interface ScaledDotProductAttentionOptions {
  /** Bool mask where true means "may attend" (PyTorch 2's convention), or a float mask added to the scores. */
  attnMask?: tf.Tensor | null;
  /** Dropout on the attention weights (applied whenever > 0, as in PyTorch). Default 0. */
  dropoutP?: number;
  /** Mask out future positions (j > i). Default false. */
  isCausal?: boolean;
  /** Score scale; default 1/√E. */
  scale?: number | null;
}

/**
 * softmax(Q Kᵀ · scale + mask) V.
 *
 * Shapes: query (..., L, E), key (..., S, E), value (..., S, Ev) → (..., L, Ev).
 */
export function scaledDotProductAttention(query: tf.Tensor, key: tf.Tensor, value: tf.Tensor, options: ScaledDotProductAttentionOptions = {}): tf.Tensor {
  const where = 'F.scaledDotProductAttention';
  expectFloat(query, where, 'query');
  expectFloat(key, where, 'key');
  expectFloat(value, where, 'value');
  const e = query.shape[query.rank - 1];
  if (key.shape[key.rank - 1] !== e) throw new Error(`${where}: query and key must share the last dimension, got ${shapeText(query.shape)} and ${shapeText(key.shape)}`);
  return tf.tidy(() => {
    const l = query.shape[query.rank - 2];
    const s = key.shape[key.rank - 2];
    const scale = options.scale ?? 1 / Math.sqrt(e);
    let scores = tf.mul(tf.matMul(query, key, false, true), scale);
    if (options.isCausal) {
      const causal = tf.greater(tf.sub(tf.range(0, s).reshape([1, s]), tf.range(0, l).reshape([l, 1])), 0);
      scores = tf.add(scores, additiveMask(causal));
    }
    if (options.attnMask) {
      const m = options.attnMask.dtype === 'bool' ? additiveMask(tf.logicalNot(options.attnMask)) : options.attnMask;
      scores = tf.add(scores, m);
    }
    let attn = tf.softmax(scores);
    if ((options.dropoutP ?? 0) > 0) attn = dropout(attn, options.dropoutP, true);
    return tf.matMul(attn, value);
  });
}

export interface MultiHeadAttentionForwardOptions {
  numHeads: number;
  /** Packed (3E, E) projection for query, key and value; or give q/k/vProjWeight separately. */
  inProjWeight?: tf.Tensor | null;
  /** Packed (3E) bias. */
  inProjBias?: tf.Tensor | null;
  qProjWeight?: tf.Tensor | null;
  kProjWeight?: tf.Tensor | null;
  vProjWeight?: tf.Tensor | null;
  outProjWeight: tf.Tensor;
  outProjBias?: tf.Tensor | null;
  /** Dropout on the attention weights in training. Default 0. */
  dropoutP?: number;
  training?: boolean;
  /** (N, S): true (or a float added to the scores) for keys to ignore, e.g. padding. */
  keyPaddingMask?: tf.Tensor | null;
  /** Return the attention weights. Default true. */
  needWeights?: boolean;
  /** (L, S) or (N·numHeads, L, S): true blocks attention (bool), or a float added to the scores. */
  attnMask?: tf.Tensor | null;
  /** Average the returned weights over heads. Default true. */
  averageAttnWeights?: boolean;
}

/**
 * Multi-head attention, sequence-first like PyTorch's `F.multi_head_attention_forward`.
 *
 * Shapes: query (L, N, E) or (L, E); key (S, N, E_k); value (S, N, E_v) → [output (L, N, E), weights
 * (N, L, S) averaged over heads or (N, numHeads, L, S), or null when needWeights is false].
 */
export function multiHeadAttentionForward(
  query: tf.Tensor,
  key: tf.Tensor,
  value: tf.Tensor,
  options: MultiHeadAttentionForwardOptions,
): [tf.Tensor, tf.Tensor | null] {
  const where = 'F.multiHeadAttentionForward';
  expectFloat(query, where, 'query');
  expectFloat(key, where, 'key');
  expectFloat(value, where, 'value');
  const unbatched = query.rank === 2;
  const expectedRank = unbatched ? 2 : 3;
  if ((query.rank !== 2 && query.rank !== 3) || key.rank !== expectedRank || value.rank !== expectedRank) {
    throw new Error(
      `${where}: expected query, key and value all 3-d (L, N, E) or all 2-d (L, E), got shapes ${shapeText(query.shape)}, ${shapeText(key.shape)}, ${shapeText(value.shape)}`,
    );
  }
  const h = options.numHeads;
  const res = tf.tidy(() => {
    const q3 = unbatched ? tf.expandDims(query, 1) : query;
    const k3 = unbatched ? tf.expandDims(key, 1) : key;
    const v3 = unbatched ? tf.expandDims(value, 1) : value;
    const [l, n, e] = q3.shape;
    const s = k3.shape[0];
    if (k3.shape[1] !== n || v3.shape[1] !== n || v3.shape[0] !== s) {
      throw new Error(`${where}: key and value must have the same length and batch as the query, got shapes ${shapeText(query.shape)}, ${shapeText(key.shape)}, ${shapeText(value.shape)}`);
    }
    if (e % h !== 0) throw new Error(`${where}: embedding dimension ${e} is not divisible by numHeads ${h}`);
    const hd = e / h;
    const bias = options.inProjBias ? tf.split(options.inProjBias, 3) : [null, null, null];
    let wq: tf.Tensor, wk: tf.Tensor, wv: tf.Tensor;
    if (options.inProjWeight) [wq, wk, wv] = tf.split(options.inProjWeight, 3);
    else if (options.qProjWeight && options.kProjWeight && options.vProjWeight) [wq, wk, wv] = [options.qProjWeight, options.kProjWeight, options.vProjWeight];
    else throw new Error(`${where}: give inProjWeight, or all of qProjWeight, kProjWeight and vProjWeight`);
    const heads = (t: tf.Tensor, len: number) => tf.transpose(tf.reshape(t, [len, n * h, hd]), [1, 0, 2]); // (N·H, len, hd)
    const q = heads(tf.mul(linear(q3, wq, bias[0]), 1 / Math.sqrt(hd)), l);
    const k = heads(linear(k3, wk, bias[1]), s);
    const v = heads(linear(v3, wv, bias[2]), s);
    let scores = tf.matMul(q, k, false, true); // (N·H, L, S)
    if (options.attnMask) {
      const m = options.attnMask;
      const ok = (m.rank === 2 && m.shape[0] === l && m.shape[1] === s) || (m.rank === 3 && m.shape[0] === n * h && m.shape[1] === l && m.shape[2] === s);
      if (!ok) throw new Error(`${where}: attnMask must have shape [${l},${s}] or [${n * h},${l},${s}], got ${shapeText(m.shape)}`);
      scores = tf.add(scores, additiveMask(m));
    }
    if (options.keyPaddingMask) {
      const m = options.keyPaddingMask;
      const mShape = unbatched ? [s] : [n, s];
      if (!tf.util.arraysEqual(m.shape, mShape)) throw new Error(`${where}: keyPaddingMask must have shape ${shapeText(mShape)}, got ${shapeText(m.shape)}`);
      const add = tf.reshape(tf.tile(tf.reshape(additiveMask(m), [n, 1, 1, s]), [1, h, 1, 1]), [n * h, 1, s]);
      scores = tf.add(scores, add);
    }
    let attn = tf.softmax(scores);
    const p = options.dropoutP ?? 0;
    if (p > 0) attn = dropout(attn, p, options.training ?? true);
    const ctx = tf.reshape(tf.transpose(tf.matMul(attn, v), [1, 0, 2]), [l * n, e]);
    let out = tf.reshape(linear(ctx, options.outProjWeight, options.outProjBias), [l, n, e]);
    if (unbatched) out = tf.squeeze(out, [1]);
    if (options.needWeights === false) return [out];
    let w = tf.reshape(attn, [n, h, l, s]);
    if (options.averageAttnWeights ?? true) w = tf.mean(w, 1);
    if (unbatched) w = tf.squeeze(w, [0]);
    return [out, w];
  });
  return [res[0], res[1] ?? null];
}
