import * as tf from '@tensorflow/tfjs';
import { hostFloat32Views, recordingGradients, uninitializedLike } from '../../backend/host_memory';
import { simdKernels } from '../../backend/simd/simd_kernels';

/** An activation `TsdlLinear` may apply to its output: ReLU, tanh or the logistic sigmoid. */
export type LinearActivation = 'relu' | 'tanh' | 'sigmoid';
/** The backends' kernels of those activations. */
const ACTIVATION_KERNELS: Record<LinearActivation, string> = { relu: 'Relu', tanh: 'Tanh', sigmoid: 'Sigmoid' };

/** A kernel's view of a tensor (tfjs's TensorInfo). */
type TensorInfo = { dataId: tf.DataId; shape: number[]; dtype: tf.DataType };
type KernelArgs = { inputs: { x: TensorInfo; weight: TensorInfo; bias: TensorInfo }; attrs: { activation: string }; backend: BackendLike };
interface BackendLike {
  disposeData(dataId: tf.DataId): unknown;
  /** wasm: the tensor's values in the wasm heap. */
  typedArrayFromHeap?(t: TensorInfo): Float32Array;
  /** cpu: the tensor store. */
  data?: { get(dataId: tf.DataId): { values?: unknown } | undefined };
  refCount?(dataId: tf.DataId): number;
}

const KERNEL = 'TsdlLinear';
/** Backends the kernel is registered for up front (others get it at their first call). */
const KNOWN_BACKENDS = ['cpu', 'wasm', 'webgl', 'webgpu', 'tensorflow'];
const registered = new Set<string>();
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

/** The float32 values of a host-memory tensor (wasm heap or cpu array), or null on other backends. */
function hostValues(backend: BackendLike, t: TensorInfo): Float32Array | null {
  const v = backend.typedArrayFromHeap ? backend.typedArrayFromHeap(t) : backend.data?.get(t.dataId)?.values;
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
  const matMul = tf.getKernel('BatchMatMul', backendName);
  const add = tf.getKernel('Add', backendName);
  if (!matMul || !add) throw new Error(`F.linear: the ${backendName} backend has no BatchMatMul or Add kernel`);
  const activation = (attrs.activation || null) as LinearActivation | null;
  const y = matMul.kernelFunc({ inputs: { a: x, b: weight }, attrs: { transposeA: false, transposeB: true }, backend } as never) as TensorInfo;
  // Only wasm and cpu keep a tensor's values in this process's memory (webgl and tfjs-node may hold a stale copy).
  const out = inPlaceBias && (backendName === 'wasm' || backendName === 'cpu') ? hostValues(backend, y) : null;
  const b = out && hostValues(backend, bias);
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
    sum = add.kernelFunc({ inputs: { a: y, b: bias }, attrs: {}, backend } as never) as TensorInfo;
    backend.disposeData(y.dataId);
  }
  if (!activation) return sum;
  const act = tf.getKernel(ACTIVATION_KERNELS[activation], backendName);
  if (!act) throw new Error(`F.linear: the ${backendName} backend has no ${ACTIVATION_KERNELS[activation]} kernel`);
  const activated = act.kernelFunc({ inputs: { x: sum }, attrs: {}, backend } as never) as TensorInfo;
  backend.disposeData(sum.dataId);
  return activated;
}

/**
 * dL/dz for z = x Wᵀ + b from dL/dy and y = act(z): one pass of tsdl's SIMD kernel on wasm, tensor ops elsewhere
 * and when the gradient itself is being differentiated. ReLU's test is on y (> 0 exactly where z > 0).
 */
function activationGradient(dy: tf.Tensor, y: tf.Tensor, activation: LinearActivation): tf.Tensor {
  if (!recordingGradients() && tf.getBackend() === 'wasm') {
    const kernels = simdKernels('activationGrads');
    if (kernels !== null) {
      const out = uninitializedLike(dy); // before the views: an allocation may move the wasm heap
      const views = hostFloat32Views([dy, y, out]);
      if (views !== null) {
        const [dv, yv, ov] = views;
        kernels[`${activation}Grad`](dv.byteOffset, yv.byteOffset, ov.byteOffset, dy.size, 0);
        return out;
      }
      out.dispose();
    }
  }
  if (activation === 'relu') return tf.mul(dy, tf.step(y));
  if (activation === 'tanh') return tf.mul(dy, tf.sub(1, tf.square(y)));
  return tf.mul(dy, tf.mul(y, tf.sub(1, y)));
}

function register(backendName: string): void {
  if (registered.has(backendName)) return;
  registered.add(backendName);
  if (tf.getKernel(KERNEL, backendName)) return;
  tf.registerKernel({ kernelName: KERNEL, backendName, kernelFunc: ((args: KernelArgs) => forward(backendName, args)) as never });
}

KNOWN_BACKENDS.forEach(register);
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
