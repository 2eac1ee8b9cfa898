import * as tf from '@tensorflow/tfjs';

/** A kernel's view of a tensor (tfjs's TensorInfo). */
export type TensorInfo = { dataId: tf.DataId; shape: number[]; dtype: tf.DataType };

/** The parts of tfjs-backend-wasm's BackendWasm used here (public methods in 4.22). */
export interface WasmBackendLike {
  typedArrayFromHeap(t: TensorInfo): Float32Array | Int32Array | Uint8Array;
  makeOutput(shape: number[], dtype: tf.DataType): TensorInfo;
  refCount(dataId: tf.DataId): number;
}

/** The parts of tfjs-backend-cpu's MathBackendCPU used here (its public `data` store in 4.22). */
interface CpuBackendLike {
  data: { get(dataId: tf.DataId): { values?: unknown } | undefined };
  refCount(dataId: tf.DataId): number;
}

/** Whether the active backend keeps tensors in this process's memory (wasm: its heap; cpu: JavaScript arrays). */
export function backendHasHostMemory(): boolean {
  const name = tf.getBackend();
  return name === 'wasm' || name === 'cpu';
}

/**
 * Whether tfjs is recording operations for a gradient now. A gradient function running while one is (a gradient
 * of a gradient: Hessian-vector products, gradient penalties) must build its result from tfjs ops, which the
 * outer gradient differentiates; a loop over host memory or a SIMD kernel would cut that chain.
 */
export function recordingGradients(): boolean {
  return gradientDepth() > 0;
}

/**
 * How many gradients are being recorded around the current operation: 0 outside any, 1 in a first-order
 * gradient's forward pass (training), 2 or more when the operation's own gradient will be differentiated.
 */
export function gradientDepth(): number {
  return (tf.engine() as unknown as { state: { gradientDepth?: number } }).state.gradientDepth ?? 0;
}

/** Whether the data of `t` belongs to `t` alone (no clone, reshape or cast shares it). */
export function ownsData(t: tf.Tensor): boolean {
  return (tf.backend() as unknown as { refCount(dataId: tf.DataId): number }).refCount(t.dataId) === 1;
}

/** A new float32 tensor of `shape` whose values are to be written (through `hostFloat32Views`) before use. */
export function uninitialized(shape: number[]): tf.Tensor {
  if (tf.getBackend() === 'wasm') {
    const info = (tf.backend() as unknown as WasmBackendLike).makeOutput(shape, 'float32');
    return tf.engine().makeTensorFromTensorInfo(info);
  }
  return tf.tensor(new Float32Array(shape.reduce((a, b) => a * b, 1)), shape, 'float32');
}

/** `uninitialized(t.shape)`. */
export function uninitializedLike(t: tf.Tensor): tf.Tensor {
  return uninitialized(t.shape);
}

/**
 * Whether `hostFloat32Views` can view `tensors` (float32, live, on a backend with host memory): the check
 * to make before allocating outputs, without making views that the allocation would invalidate.
 */
export function onHostMemory(tensors: tf.Tensor[]): boolean {
  return backendHasHostMemory() && tensors.every((t) => t.dtype === 'float32' && !t.isDisposed);
}

/**
 * Float32 views of the storage of `tensors` on a backend with host memory (`backendHasHostMemory`), or null
 * when a tensor is not float32 or its storage is not a plain float32 array. Writing through a view changes
 * the tensor: only do that to tensors that own their data (`ownsData`) or were just made for it
 * (`uninitializedLike`), and never to tensors that kernels may have cached (tfjs-backend-wasm packs matrix
 * and convolution weights once per tensor: a parameter must get new tensors, not new values).
 *
 * The views are valid until the next tensor is allocated (wasm memory may grow and move): use them at once.
 */
export function hostFloat32Views(tensors: tf.Tensor[]): Float32Array[] | null {
  if (!onHostMemory(tensors)) return null;
  const backend = tf.backend();
  const name = tf.getBackend();
  const views: Float32Array[] = [];
  for (const t of tensors) {
    const v = hostArray(backend, name, t as unknown as TensorInfo);
    if (!(v instanceof Float32Array) || v.length !== t.size) return null;
    views.push(v);
  }
  return views;
}

/**
 * The storage of `t` on `backend` (whose registered name is `backendName`) when that backend keeps tensors in this
 * process's memory: a view of the wasm heap, or the cpu backend's own array; null on other backends. The same
 * cautions as `hostFloat32Views` apply. For kernels, which get their backend as an argument.
 */
export function hostArray(backend: unknown, backendName: string, t: TensorInfo): Float32Array | Int32Array | Uint8Array | null {
  if (backendName === 'wasm') return (backend as WasmBackendLike).typedArrayFromHeap(t);
  if (backendName !== 'cpu') return null;
  const v = (backend as CpuBackendLike).data.get(t.dataId)?.values;
  return v instanceof Float32Array || v instanceof Int32Array || v instanceof Uint8Array ? v : null;
}
