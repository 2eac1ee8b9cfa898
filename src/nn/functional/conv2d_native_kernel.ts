import * as tf from '@tensorflow/tfjs';
import { defineCompositeKernel } from '../../backend/composite_kernel';
import { gradientDepth, recordingGradients } from '../../backend/host_memory';
import { nativeConv2d, nativeConv2dBiasGrad, nativeConv2dFilterGrad, nativeConv2dInputGrad, nativeConvPlan, type NativeConvPlan } from '../../backend/native_conv';
import type { ConvNchwGeometry } from '../../backend/onnx/kernel_models';

/** `geometry`: the plan's key (`nativeConvPlan`). */
type Attrs = { geometry: string };

function planOf(attrs: Attrs): NativeConvPlan {
  const plan = nativeConvPlan(attrs.geometry);
  if (plan === null) throw new Error('TsdlConv2dNCHW: ONNX Runtime is no longer in use (the backend changed between the forward and backward pass)');
  return plan;
}

function notRecording(): void {
  // `conv2dNative` is only used for first-order gradients; a gradient of this gradient would be cut here.
  if (recordingGradients()) throw new Error('TsdlConv2dNCHW: its gradient cannot itself be differentiated (F.conv2d uses tfjs kernels inside nested gradients)');
}

const gradients = (dy: tf.Tensor, [x, w]: tf.Tensor[], attrs: Attrs) => ({
  x: () => {
    notRecording();
    return nativeConv2dInputGrad(planOf(attrs), dy, w);
  },
  w: () => {
    notRecording();
    return nativeConv2dFilterGrad(planOf(attrs), x, dy);
  },
});

const withoutBias = defineCompositeKernel({
  name: 'TsdlConv2dNCHW',
  inputs: ['x', 'w'] as const,
  inputsToSave: ['x', 'w'] as const,
  forward: ({ x, w }, attrs: Attrs) => nativeConv2d(planOf(attrs), x, w),
  gradient: gradients,
});

const withBias = defineCompositeKernel({
  name: 'TsdlConv2dBiasNCHW',
  inputs: ['x', 'w', 'b'] as const,
  inputsToSave: ['x', 'w'] as const,
  forward: ({ x, w, b }, attrs: Attrs) => nativeConv2d(planOf(attrs), x, w, b),
  gradient: (dy, saved, attrs) => ({ ...gradients(dy, saved, attrs), b: () => {
    notRecording();
    return nativeConv2dBiasGrad(planOf(attrs), dy);
  } }),
});

/**
 * A float32 NCHW convolution by ONNX Runtime (`backend/native_conv.ts`), forward and backward, as one kernel on the
 * gradient tape; null when ONNX Runtime is not in use or declines this geometry, or inside a nested gradient
 * (depth > 1), whose backward pass must itself be differentiable. x [N, C, H, W], w [O, C, KH, KW], b [O].
 */
export function conv2dNative(x: tf.Tensor4D, w: tf.Tensor4D, bias: tf.Tensor | null | undefined, geometry: ConvNchwGeometry): tf.Tensor4D | null {
  if (x.dtype !== 'float32' || w.dtype !== 'float32' || (bias && (bias.dtype !== 'float32' || bias.rank !== 1))) return null;
  if (gradientDepth() > 1) return null;
  const attrs = { geometry: JSON.stringify(geometry) };
  if (nativeConvPlan(attrs.geometry) === null) return null;
  return (bias ? withBias({ x, w, b: bias }, attrs) : withoutBias({ x, w }, attrs)) as tf.Tensor4D;
}
