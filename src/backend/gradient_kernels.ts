import * as tf from '@tensorflow/tfjs';
import { overrideKernel } from './kernel_override';
import { conv2dFilterGrad, conv2dInputGrad } from './conv_gradient_math';
import { maxPoolGrad } from './pool_gradient_math';
import { registerMissingWasmKernels } from './wasm_missing_kernels';
import { speedUpWasmMaxPoolGrad } from './wasm_max_pool_grad';

type Pad = 'valid' | 'same' | number | [[number, number], [number, number], [number, number], [number, number]];

interface PoolGradAttrs {
  filterSize: number | [number, number];
  strides: number | [number, number];
  pad: Pad;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

interface ConvGradAttrs {
  strides: number | [number, number];
  pad: Pad;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  filterShape?: [number, number, number, number];
  inputShape?: [number, number, number, number];
}

type KernelArgs<A> = { inputs: Record<string, unknown>; attrs: A; backend: unknown };

const replacedOn = new Set<string>();

/**
 * Replaces a backend's `Conv2DBackpropFilter`, `Conv2DBackpropInput` and `MaxPoolGrad` kernels (the
 * gradients of `tf.conv2d` and `tf.maxPool`, hence of every tfjs-layers `conv2d` and `maxPooling2d`
 * layer) with ones built from the backend's forward Conv2D and elementwise kernels
 * (`conv_gradient_math.ts`, `pool_gradient_math.ts`). On wasm, tfjs 4.22 has no filter kernel (the
 * pure-JS cpu one took ~10 s for one batch of 32 CIFAR-sized images through a single 3×3×32 layer),
 * its input kernel is ~20× slower than its forward convolution, and its MaxPoolGrad is wrong for windows
 * of negative values (the cpu fallback took 2 s for a [32, 32, 32, 32] batch). Results match the cpu
 * backend's kernels (tests/core/backend.test.ts).
 *
 * Calls that the rewrite does not cover (inputs that are not tensors) go to the previous kernel.
 * @returns whether the kernels were replaced (once per backend).
 */
export function speedUpPoolAndConvGradients(backendName: string): boolean {
  if (replacedOn.has(backendName)) return false;
  const filterKernel = tf.getKernel('Conv2DBackpropFilter', backendName);
  const inputKernel = tf.getKernel('Conv2DBackpropInput', backendName);
  const poolKernel = tf.getKernel('MaxPoolGrad', backendName);
  if (!tf.getKernel('Conv2D', backendName) || !filterKernel || !inputKernel || !poolKernel) return false;
  replacedOn.add(backendName);
  replace<ConvGradAttrs>(filterKernel, (args) => {
    const { x, dy } = args.inputs;
    const a = args.attrs;
    if (!(x instanceof tf.Tensor) || !(dy instanceof tf.Tensor) || !a.filterShape) return undefined;
    return tf.tidy(() => {
      const x4 = toNHWC(x, a.dataFormat);
      const info = convInfo(x4.shape, a.filterShape!, a);
      return conv2dFilterGrad(padHW(x4, info.padInfo, 0), toNHWC(dy, a.dataFormat), a.filterShape!, [info.strideHeight, info.strideWidth]);
    });
  });
  replace<ConvGradAttrs>(inputKernel, (args) => {
    const { dy, filter } = args.inputs;
    const a = args.attrs;
    if (!(dy instanceof tf.Tensor) || !(filter instanceof tf.Tensor) || !a.inputShape) return undefined;
    return tf.tidy(() => {
      const [n, d1, d2, d3] = a.inputShape!;
      const shape: [number, number, number, number] = a.dataFormat === 'NCHW' ? [n, d2, d3, d1] : [n, d1, d2, d3];
      const info = convInfo(shape, filter.shape as [number, number, number, number], a);
      const g = conv2dInputGrad(toNHWC(dy, a.dataFormat), filter as tf.Tensor4D, shape, [info.strideHeight, info.strideWidth], info.padInfo);
      return a.dataFormat === 'NCHW' ? tf.transpose(g, [0, 3, 1, 2]) : g;
    });
  });
  replace<PoolGradAttrs>(poolKernel, (args) => {
    const { dy, input, output } = args.inputs;
    const a = args.attrs;
    if (!(dy instanceof tf.Tensor) || !(input instanceof tf.Tensor) || !(output instanceof tf.Tensor) || input.rank !== 4) return undefined;
    return tf.tidy(() => {
      const x = input as tf.Tensor4D;
      const info = tf.backend_util.computePool2DInfo(x.shape, a.filterSize, a.strides, 1, a.pad as 'valid', a.dimRoundingMode);
      const g = maxPoolGrad(padHW(x, info.padInfo, -Infinity), output as tf.Tensor4D, dy as tf.Tensor4D,
        [info.filterHeight, info.filterWidth], [info.strideHeight, info.strideWidth]);
      return unpadHW(g, info.padInfo, x.shape);
    });
  });
  // On wasm, float32 pooling gradients go one level faster: a loop over the heap (the form above stays for
  // other dtypes).
  if (backendName === 'wasm') speedUpWasmMaxPoolGrad();
  return true;
}

/**
 * Makes sure this backend's convolution and max-pool gradient kernels are the fast ones (replacing them the
 * first time: tsdl's backend selection does it, but a user may set the backend directly) and says whether
 * they are, i.e. whether tf.conv2d / tf.maxPool and their own gradients can be used as they are.
 */
export function fastPoolAndConvGradients(backendName: string): boolean {
  if (!tried.has(backendName)) {
    tried.add(backendName);
    // wasm lacks some of the kernels replaced here (Conv2DBackpropFilter): tsdl's delegates come first.
    if (backendName === 'wasm') registerMissingWasmKernels();
    speedUpPoolAndConvGradients(backendName);
  }
  return replacedOn.has(backendName);
}

const tried = new Set<string>();

type PadInfo = { top: number; bottom: number; left: number; right: number };

function toNHWC(t: tf.Tensor, dataFormat: 'NHWC' | 'NCHW'): tf.Tensor4D {
  return (dataFormat === 'NCHW' ? tf.transpose(t, [0, 2, 3, 1]) : t) as tf.Tensor4D;
}

/** Pads the H and W axes of an NHWC tensor with `value` (as the forward op padded them). */
function padHW(x: tf.Tensor4D, p: PadInfo, value: number): tf.Tensor4D {
  if (!p.top && !p.bottom && !p.left && !p.right) return x;
  return tf.pad(x, [[0, 0], [p.top, p.bottom], [p.left, p.right], [0, 0]], value) as tf.Tensor4D;
}

/** The gradient of the unpadded input: `g` without the rows and columns `padHW` added. */
function unpadHW(g: tf.Tensor4D, p: PadInfo, shape: number[]): tf.Tensor4D {
  if (!p.top && !p.bottom && !p.left && !p.right) return g;
  return tf.slice(g, [0, p.top, p.left, 0], shape) as tf.Tensor4D;
}

/** Convolution geometry for an NHWC `xShape`; explicit paddings follow the data format, so NCHW ones are reordered. */
function convInfo(xShape: number[], filterShape: number[], a: ConvGradAttrs): tf.backend_util.Conv2DInfo {
  const pad = Array.isArray(a.pad) && a.dataFormat === 'NCHW' ? [a.pad[0], a.pad[2], a.pad[3], a.pad[1]] : a.pad;
  return tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number], filterShape as [number, number, number, number], a.strides, 1,
    pad as 'valid', a.dimRoundingMode, false, 'channelsLast',
  );
}

function replace<A>(kernel: tf.KernelConfig, rewrite: (args: KernelArgs<A>) => tf.Tensor | undefined): void {
  // The engine accepts a Tensor as a kernel's output (it is the new tensor as is); ops run inside a kernel are
  // not recorded for gradients, and tidy frees the intermediates.
  overrideKernel<KernelArgs<A>>(kernel.kernelName, kernel.backendName, (args, previous) => rewrite(args) ?? previous(args));
}
