import * as tf from '@tensorflow/tfjs';
import { kernelOnEveryBackend } from '../../backend/composite_kernel';
import { hostArray, recordingGradients, type TensorInfo } from '../../backend/host_memory';
import { simdActivationGradient } from '../../backend/wasm_activation_gradients';

/** An activation `TsdlLinear` may apply to its output: ReLU, tanh or the logistic sigmoid. */
export type LinearActivation = 'relu' | 'tanh' | 'sigmoid';
/** The backends' kernels of those activations. */
const ACTIVATION_KERNELS: Record<LinearActivation, string> = { relu: 'Relu', tanh: 'Tanh', sigmoid: 'Sigmoid' };

type KernelArgs = { inputs: { x: TensorInfo; weight: TensorInfo; bias: TensorInfo }; attrs: { activation: string }; backend: BackendLike };
interface BackendLike {
  disposeData(dataId: tf.DataId): unknown;
  refCount?(dataId: tf.DataId): number;
}

const KERNEL = 'TsdlLinear';
let enabled = process.env.TSDL_FUSED_LINEAR !== '0';
let inPlaceBias = true;

/**
 * Turns the one-kernel Linear on or off (A/B benchmarks and tests; `TSDL_FUSED_LINEAR=0` starts it off);
 * `inPlace: false` makes host-memory backends add the bias with their Add kernel, as other backends do (tests).
 */
export function useFusedLinear(on: boolean, { inPlace = true }: { inPlace?: boolean } = {}): void {
  enabled = on;
  inPlaceBias = inPlace;
}

/** Whether `F.linear` runs as one kernel. */
export function fusedLinearEnabled(): boolean {
  return enabled;
}

/** The float32 values of a tensor on wasm or cpu (the backends that keep them in this process), else null. */
function hostValues(backend: BackendLike, backendName: string, t: TensorInfo): Float32Array | null {
  const v = hostArray(backend, backendName, t);
  return v instanceof Float32Array ? v : null;
}

/**
 * Up to this many values, the activation is a loop over the product in place; larger outputs take the backend's
 * vectorized kernel (a GAN generator's 64×784 tanh: a loop of Math.tanh costs ~0.5 ms more).
 */
const MAX_LOOP_ACTIVATION_VALUES = 4096;

/** `activation` of each value of `v`, in place (float32 results of the double-precision functions). */
function activateInPlace(v: Float32Array, activation: LinearActivation): void {
  if (activation === 'relu') {
    for (let i = 0; i < v.length; i++) if (v[i] < 0) v[i] = 0;
  } else if (activation === 'tanh') {
    for (let i = 0; i < v.length; i++) v[i] = Math.tanh(v[i]);
  } else {
    for (let i = 0; i < v.length; i++) v[i] = 1 / (1 + Math.exp(-v[i]));
  }
}

/**
 * y = act(x Wᵀ + b) on a backend: its own matrix-product kernel, then the bias added and the activation applied in
 * place when the backend keeps tensors in this process's memory (the product's output is new and ours), else its
 * Add and activation kernels.
 */
function forward(backendName: string, { inputs: { x, weight, bias }, attrs, backend }: KernelArgs): TensorInfo {
  const activation = (attrs.activation || null) as LinearActivation | null;
  const y = backendKernel('BatchMatMul', backendName)({ inputs: { a: x, b: weight }, attrs: { transposeA: false, transposeB: true }, backend } as never) as TensorInfo;
  // Only wasm and cpu keep a tensor's values in this process's memory (webgl and tfjs-node may hold a stale copy).
  const out = inPlaceBias ? hostValues(backend, backendName, y) : null;
  const b = out && hostValues(backend, backendName, bias);
  const inPlace = out !== null && b !== null && (backend.refCount?.(y.dataId) ?? 1) === 1;
  if (inPlace) {
    const n = b.length;
    for (let row = 0; row < out.length; row += n) {
      for (let j = 0; j < n; j++) out[row + j] += b[j];
    }
    if (!activation) return y;
    if (out.length <= MAX_LOOP_ACTIVATION_VALUES) {
      activateInPlace(out, activation);
      return y;
    }
  }
  let sum = y;
  if (!inPlace) {
    sum = backendKernel('Add', backendName)({ inputs: { a: y, b: bias }, attrs: {}, backend } as never) as TensorInfo;
    backend.disposeData(y.dataId);
  }
  if (!activation) return sum;
  const activated = backendKernel(ACTIVATION_KERNELS[activation], backendName)({ inputs: { x: sum }, attrs: {}, backend } as never) as TensorInfo;
  backend.disposeData(sum.dataId);
  return activated;
}

/** The kernel function `name` of a backend (the one registered now: tsdl's replacements included). */
function backendKernel(name: string, backendName: string): tf.KernelFunc {
  const config = tf.getKernel(name, backendName);
  if (!config) throw new Error(`F.linear: the ${backendName} backend has no ${name} kernel`);
  return config.kernelFunc;
}

/**
 * dL/dz for z = x Wᵀ + b from dL/dy and y = act(z): one pass of tsdl's SIMD kernel on wasm, tensor ops elsewhere
 * and when the gradient itself is being differentiated. ReLU's test is on y (> 0 exactly where z > 0).
 */
function activationGradient(dy: tf.Tensor, y: tf.Tensor, activation: LinearActivation): tf.Tensor {
  const bySimd = recordingGradients() ? null : simdActivationGradient(`${activation}Grad`, dy, y);
  if (bySimd !== null) return bySimd;
  if (activation === 'relu') return tf.mul(dy, tf.step(y));
  if (activation === 'tanh') return tf.mul(dy, tf.sub(1, tf.square(y)));
  return tf.mul(dy, tf.mul(y, tf.sub(1, y)));
}

const register = kernelOnEveryBackend(KERNEL, (backendName) => ((args: KernelArgs) => forward(backendName, args)) as unknown as tf.KernelFunc);
tf.registerGradient({
  kernelName: KERNEL,
  inputsToSave: ['x', 'weight'],
  outputsToSave: [true],
  gradFunc: ((dy: tf.Tensor, [x, weight, y]: tf.Tensor[], attrs: { activation: string }) => {
    const activation = (attrs.activation || null) as LinearActivation | null;
    // Taken once for the three gradients (it lives until the end of the backward pass, like dy).
    const dz = activation ? activationGradient(dy, y, activation) : dy;
    return {
      x: () => tf.matMul(dz, weight),
      weight: () => tf.matMul(dz, x, true, false),
      // dz is (N, out) and the bias (out): its gradient is dz's column sums, already the bias's shape.
      bias: () => tf.sum(dz, 0),
    };
  }) as unknown as tf.GradFunc,
});

/**
 * `x Wᵀ + b` for a 2-d float32 `x` (N, in), `weight` (out, in) and `bias` (out) as one kernel: one node on the
 * gradient tape, and a backward pass of three kernel calls (dx, dW, db) where the matrix product and the broadcast
 * addition take eight (the addition's gradient reduces and reshapes both operands); with `activation`, also the
 * ReLU, tanh or sigmoid after it (`nn.Sequential` fuses a Linear and the activation module after it). A small
 * MLP's training step is mostly such per-call costs (`npm run bench`, XOR and breast-cancer workloads).
 */
export function linearKernel(x: tf.Tensor, weight: tf.Tensor, bias: tf.Tensor, activation: LinearActivation | null = null): tf.Tensor {
  register(tf.getBackend());
  return tf.engine().runKernel(KERNEL, { x, weight, bias } as unknown as tf.NamedTensorMap, { activation: activation ?? '' }) as tf.Tensor;
}
