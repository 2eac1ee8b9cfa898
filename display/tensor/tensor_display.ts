import * as tf from '@tensorflow/tfjs';
import { DISPLAY_SYMBOL, type DisplayResult } from '../mime';
import { formatTensor, type TensorData } from './format_text';
import { tensorHtml } from './tensor_html';

/** Reads a tensor's values without creating tensors (so displaying never leaks). */
export function tensorData(t: tf.Tensor): TensorData {
  const raw = t.dataSync() as unknown as ArrayLike<number> | string[] | Uint8Array[];
  const values = t.dtype === 'string'
    ? Array.from(raw as ArrayLike<unknown>, (v) => (v instanceof Uint8Array ? Buffer.from(v).toString('utf8') : String(v)))
    : (raw as ArrayLike<number>);
  return { shape: [...t.shape], dtype: t.dtype, values };
}

function requiresGrad(t: tf.Tensor): boolean {
  const p = t as unknown as { requiresGrad?: boolean; trainable?: boolean };
  return p.requiresGrad ?? (t instanceof tf.Variable ? p.trainable === true : false);
}

function isParameter(t: tf.Tensor): boolean {
  return t instanceof tf.Variable && (t.constructor?.name === 'Parameter');
}

/** PyTorch-style text of a tensor (`Parameter containing:` for parameters). */
export function tensorText(t: tf.Tensor): string {
  if (t.isDisposed) return `tensor(<disposed>, shape=[${t.shape.join(', ')}], dtype=${t.dtype})`;
  const text = formatTensor(tensorData(t), {}, { requiresGrad: requiresGrad(t) });
  return isParameter(t) ? `Parameter containing:\n${text}` : text;
}

/** The display bundle of a tensor: PyTorch-like text and an HTML summary with statistics and a value table. */
export function tensorBundle(t: tf.Tensor): DisplayResult {
  if (t.isDisposed) return { 'text/plain': tensorText(t) };
  const data = tensorData(t);
  const grad = requiresGrad(t);
  return {
    'text/plain': tensorText(t),
    'text/html': tensorHtml(data, tf.getBackend() ?? 'unknown', { requiresGrad: grad, name: isParameter(t) ? 'Parameter' : 'Tensor' }),
  };
}

let registered = false;

/**
 * Makes every tfjs tensor display richly in the notebook (a cell ending in a tensor shows its printout and
 * an HTML summary). Called when `display/` is imported; idempotent.
 */
export function registerTensorDisplay(): void {
  if (registered) return;
  registered = true;
  const proto = tf.Tensor.prototype as unknown as Record<symbol, unknown>;
  Object.defineProperty(proto, DISPLAY_SYMBOL, {
    value: function (this: tf.Tensor): DisplayResult { return tensorBundle(this); },
    configurable: true,
    writable: true,
  });
}
