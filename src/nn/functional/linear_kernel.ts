import * as tf from '@tensorflow/tfjs';

/** A kernel's view of a tensor (tfjs's TensorInfo). */
type TensorInfo = { dataId: tf.DataId; shape: number[]; dtype: tf.DataType };
type KernelArgs = { inputs: { x: TensorInfo; weight: TensorInfo; bias: TensorInfo }; backend: BackendLike };
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
 * y = x Wᵀ + b on a backend: its own matrix-product kernel, then the bias added in place when the backend keeps
 * tensors in this process's memory (the product's output is new and ours), else its Add kernel.
 */
function forward(backendName: string, { inputs: { x, weight, bias }, backend }: KernelArgs): TensorInfo {
  const matMul = tf.getKernel('BatchMatMul', backendName);
  const add = tf.getKernel('Add', backendName);
  if (!matMul || !add) throw new Error(`F.linear: the ${backendName} backend has no BatchMatMul or Add kernel`);
  const y = matMul.kernelFunc({ inputs: { a: x, b: weight }, attrs: { transposeA: false, transposeB: true }, backend } as never) as TensorInfo;
  // Only wasm and cpu keep a tensor's values in this process's memory (webgl and tfjs-node may hold a stale copy).
  const out = inPlaceBias && (backendName === 'wasm' || backendName === 'cpu') ? hostValues(backend, y) : null;
  const b = out && hostValues(backend, bias);
  if (out && b && (backend.refCount?.(y.dataId) ?? 1) === 1) {
    const n = b.length;
    for (let row = 0; row < out.length; row += n) {
      for (let j = 0; j < n; j++) out[row + j] += b[j];
    }
    return y;
  }
  const sum = add.kernelFunc({ inputs: { a: y, b: bias }, attrs: {}, backend } as never) as TensorInfo;
  backend.disposeData(y.dataId);
  return sum;
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
  gradFunc: ((dy: tf.Tensor, [x, weight]: tf.Tensor[]) => ({
    x: () => tf.matMul(dy, weight),
    weight: () => tf.matMul(dy, x, true, false),
    // dy is (N, out) and the bias (out): its gradient is dy's column sums, already the bias's shape.
    bias: () => tf.sum(dy, 0),
  })) as unknown as tf.GradFunc,
});

/**
 * `x Wᵀ + b` for a 2-d float32 `x` (N, in), `weight` (out, in) and `bias` (out) as one kernel: one node on the
 * gradient tape, and a backward pass of three kernel calls (dx, dW, db) where the matrix product and the broadcast
 * addition take eight (the addition's gradient reduces and reshapes both operands). A small MLP's training step
 * is mostly such per-call costs (`npm run bench`, XOR and breast-cancer workloads).
 */
export function linearKernel(x: tf.Tensor, weight: tf.Tensor, bias: tf.Tensor): tf.Tensor {
  register(tf.getBackend());
  return tf.engine().runKernel(KERNEL, { x, weight, bias } as unknown as tf.NamedTensorMap, {}) as tf.Tensor;
}
