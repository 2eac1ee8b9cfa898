/**
 * Affine maps: `F.linear` (y = x Wᵀ + b) and `F.bilinear` (y = x₁ᵀ A x₂ + b).
 */
import * as tf from '@tensorflow/tfjs';
import { expectFloat, shapeText } from './args';
import { fusedLinearEnabled, linearKernel, type LinearActivation } from './linear_kernel';

/**
 * y = x Wᵀ + b, applied to the last dimension.
 *
 * Shapes: input (*, in), weight (out, in), bias (out) → output (*, out).
 *
 * ```ts
 * const y = F.linear(tf.ones([8, 2]), tf.ones([4, 2]));   // [8, 4]
 * ```
 */
export function linear(input: tf.Tensor, weight: tf.Tensor, bias?: tf.Tensor | null): tf.Tensor {
  return linearThen(input, weight, bias, null);
}

/**
 * `act(F.linear(input, weight, bias))` for act ReLU, tanh or sigmoid (`null`: none), as one kernel where `F.linear`
 * is one (the bias an (out) vector): what `nn.Sequential` runs for a Linear followed by such an activation module.
 */
export function linearThen(input: tf.Tensor, weight: tf.Tensor, bias: tf.Tensor | null | undefined, activation: LinearActivation | null): tf.Tensor {
  expectFloat(input, 'F.linear');
  if (weight.rank !== 2) throw new Error(`F.linear: weight must be 2-d (out, in), got shape ${shapeText(weight.shape)}`);
  const inFeatures = weight.shape[1];
  if (input.rank === 0 || input.shape[input.rank - 1] !== inFeatures) {
    throw new Error(`F.linear: expected input with last dimension ${inFeatures}, got shape ${shapeText(input.shape)}`);
  }
  const outFeatures = weight.shape[0];
  if (fusedLinearEnabled() && bias && bias.rank === 1 && bias.shape[0] === outFeatures && bias.dtype === 'float32'
    && weight.dtype === 'float32') {
    if (input.rank === 2) return linearKernel(input, weight, bias, activation);
    return tf.tidy(() => tf.reshape(linearKernel(tf.reshape(input, [-1, inFeatures]), weight, bias, activation), [...input.shape.slice(0, -1), outFeatures]));
  }
  return tf.tidy(() => {
    const lead = input.shape.slice(0, -1);
    const flat = input.rank === 2 ? input : tf.reshape(input, [-1, inFeatures]);
    let y = tf.matMul(flat, weight, false, true);
    if (bias) y = tf.add(y, bias);
    if (activation) y = activation === 'relu' ? tf.relu(y) : activation === 'tanh' ? tf.tanh(y) : tf.sigmoid(y);
    return input.rank === 2 ? y : tf.reshape(y, [...lead, weight.shape[0]]);
  });
}

/**
 * y_k = x₁ᵀ A_k x₂ + b_k.
 *
 * Shapes: input1 (*, in1), input2 (*, in2), weight (out, in1, in2), bias (out) → output (*, out).
 */
export function bilinear(input1: tf.Tensor, input2: tf.Tensor, weight: tf.Tensor, bias?: tf.Tensor | null): tf.Tensor {
  expectFloat(input1, 'F.bilinear', 'input1');
  expectFloat(input2, 'F.bilinear', 'input2');
  if (weight.rank !== 3) throw new Error(`F.bilinear: weight must be 3-d (out, in1, in2), got shape ${shapeText(weight.shape)}`);
  const [out, in1, in2] = weight.shape;
  if (input1.shape[input1.rank - 1] !== in1 || input2.shape[input2.rank - 1] !== in2) {
    throw new Error(
      `F.bilinear: expected inputs with last dimensions ${in1} and ${in2}, got shapes ${shapeText(input1.shape)} and ${shapeText(input2.shape)}`,
    );
  }
  return tf.tidy(() => {
    const lead = input1.shape.slice(0, -1);
    const a = tf.reshape(input1, [-1, in1]);
    const b = tf.reshape(input2, [-1, in2]);
    // (n, in1) @ (in1, out*in2) → (n, out, in2), then contract in2 with x₂.
    const aw = tf.reshape(tf.matMul(a, tf.reshape(tf.transpose(weight, [1, 0, 2]), [in1, out * in2])), [-1, out, in2]);
    let y = tf.sum(tf.mul(aw, tf.expandDims(b, 1)), 2);
    if (bias) y = tf.add(y, bias);
    return tf.reshape(y, [...lead, out]);
  });
}
