import * as tf from '@tensorflow/tfjs';

/**
 * The WebAssembly backend (tfjs-backend-wasm 4.22) lacks kernels that training needs, notably
 * `Conv2DBackpropFilter` (every Conv2d weight gradient), `UnsortedSegmentSum` (the gradient of gather:
 * Embedding, row indexing) and the depthwise-convolution gradients (Conv2d with groups). This registers,
 * for each kernel that the pure-JS cpu backend has and wasm lacks, a wasm kernel that copies the inputs to
 * the cpu backend, runs the cpu kernel there and copies the outputs back. Slower than a native wasm kernel,
 * but correct, so the default backend can train every layer.
 *
 * @returns the names of the kernels that were delegated.
 */
export function registerMissingWasmKernels(): string[] {
  const wasmKernels = new Set(tf.getKernelsForBackend('wasm').map((k) => k.kernelName));
  for (const name of WRONG_WASM_KERNELS) {
    if (wasmKernels.has(name) && !isDelegate(name)) {
      tf.unregisterKernel(name, 'wasm');
      wasmKernels.delete(name);
    }
  }
  const delegated: string[] = [];
  for (const cpuKernel of tf.getKernelsForBackend('cpu')) {
    if (wasmKernels.has(cpuKernel.kernelName)) continue;
    tf.registerKernel({
      kernelName: cpuKernel.kernelName,
      backendName: 'wasm',
      kernelFunc: (({ inputs, attrs, backend }: { inputs: tf.NamedTensorInfoMap; attrs?: tf.NamedAttrMap; backend: unknown }) =>
        runOnCpu(cpuKernel, inputs, attrs ?? {}, backend as DataBackend)) as unknown as tf.KernelFunc,
    });
    delegates.add(cpuKernel.kernelName);
    delegated.push(cpuKernel.kernelName);
  }
  return delegated.sort();
}

/**
 * wasm kernels that exist but give wrong results, replaced by the cpu ones: MaxPoolGrad drops the
 * gradient of windows that overlap the bottom/right padding (e.g. 5×5 input, kernel 2, stride 2, 'same').
 */
const WRONG_WASM_KERNELS = ['MaxPoolGrad'];

const delegates = new Set<string>();

function isDelegate(name: string): boolean {
  return delegates.has(name);
}

interface DataBackend {
  readSync(dataId: tf.DataId): tf.BackendValues;
  write(values: tf.BackendValues, shape: number[], dtype: tf.DataType): tf.DataId;
  disposeData(dataId: tf.DataId, force?: boolean): boolean;
}

type TensorInfo = { dataId: tf.DataId; shape: number[]; dtype: tf.DataType };

function runOnCpu(
  kernel: tf.KernelConfig,
  inputs: tf.NamedTensorInfoMap,
  attrs: tf.NamedAttrMap,
  wasm: DataBackend,
): TensorInfo | TensorInfo[] {
  const cpu = tf.findBackend('cpu') as unknown as DataBackend | null;
  if (cpu === null) throw new Error(`tsdl: the cpu backend is needed to run ${kernel.kernelName} on wasm`);
  // Some kernels (Einsum, Concat...) take their inputs as an array, others as named entries.
  const cpuInputs: Record<string, TensorInfo> | TensorInfo[] = Array.isArray(inputs) ? [] : {};
  for (const [name, info] of Object.entries(inputs)) {
    if (info == null) continue;
    (cpuInputs as Record<string, TensorInfo>)[name] = {
      dataId: cpu.write(wasm.readSync(info.dataId), info.shape, info.dtype),
      shape: info.shape,
      dtype: info.dtype,
    };
  }
  try {
    const out = kernel.kernelFunc({ inputs: cpuInputs as tf.NamedTensorInfoMap, attrs, backend: cpu as unknown as tf.KernelBackend }) as
      | TensorInfo
      | TensorInfo[];
    const toWasm = (o: TensorInfo): TensorInfo => {
      const copy = { dataId: wasm.write(cpu.readSync(o.dataId), o.shape, o.dtype), shape: o.shape, dtype: o.dtype };
      cpu.disposeData(o.dataId, true);
      return copy;
    };
    return Array.isArray(out) ? out.map(toWasm) : toWasm(out);
  } finally {
    for (const info of Object.values(cpuInputs) as TensorInfo[]) cpu.disposeData(info.dataId, true);
  }
}
