import * as tf from '@tensorflow/tfjs';

type TensorInfo = { dataId: tf.DataId; shape: number[]; dtype: tf.DataType };

/** The parts of tfjs-backend-wasm's BackendWasm used here (public methods in 4.22). */
interface RefCountingBackend {
  incRef(dataId: tf.DataId): void;
}

const originals: tf.KernelConfig[] = [];

/**
 * tfjs-backend-wasm 4.22 copies the data in its Identity kernel (`tf.clone`, and the engine's internal
 * clones during backpropagation) and in Cast to the same dtype (every Mul and Div gradient casts its
 * other operand to float32). An LSTM training step on a 50-step window runs ~2,600 such copies. Tensors
 * are immutable, so, as the cpu backend does, both kernels can return the input's data with one more
 * reference (the memory is freed when the last tensor using it is disposed). Casts between different
 * dtypes and string tensors keep tfjs's kernels. Returns whether the kernels were replaced.
 */
export function shareWasmIdentityCopies(): boolean {
  if (originals.length > 0) return false;
  const identity = tf.getKernel('Identity', 'wasm');
  const cast = tf.getKernel('Cast', 'wasm');
  if (!identity || !cast) return false;
  const share = (x: TensorInfo, backend: unknown): TensorInfo => {
    (backend as RefCountingBackend).incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  };
  for (const config of [identity, cast]) {
    const original = config.kernelFunc;
    originals.push(config);
    tf.unregisterKernel(config.kernelName, 'wasm');
    tf.registerKernel({
      ...config,
      kernelFunc: ((args: { inputs: { x: TensorInfo }; attrs: { dtype?: tf.DataType }; backend: unknown }) => {
        const x = args.inputs.x;
        const sameDtype = config.kernelName === 'Identity' || args.attrs.dtype === x.dtype;
        if (x.dtype === 'string' || !sameDtype) return original(args as unknown as Parameters<tf.KernelFunc>[0]);
        return share(x, args.backend);
      }) as unknown as tf.KernelFunc,
    });
  }
  return true;
}

/** Puts back tfjs's own Identity and Cast wasm kernels (for benchmarks and tests). */
export function restoreWasmIdentityCopies(): void {
  for (const config of originals.splice(0)) {
    tf.unregisterKernel(config.kernelName, 'wasm');
    tf.registerKernel(config);
  }
}
