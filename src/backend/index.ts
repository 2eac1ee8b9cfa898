import * as tf from '@tensorflow/tfjs';
import { currentBackendInfo, setCurrentBackendInfo, type BackendInfo } from './info';
import { selectBackend, type SelectBackendOptions } from './select';

export type { BackendInfo } from './info';
export type { BackendLoaders } from './loaders';
export { selectBackend, type BackendChoice, type SelectBackendOptions } from './select';
export { registerMissingWasmKernels } from './wasm_missing_kernels';
export { speedUpPoolAndConvGradients } from './gradient_kernels';
export { speedUpWasmTransposedMatMul, useSwappedTransposedProducts } from './wasm_matmul_transpose';
export { speedUpWasmSlices, restoreWasmSlices } from './wasm_slice_view';
export { shareWasmIdentityCopies, restoreWasmIdentityCopies } from './wasm_shared_copies';
export { speedUpWasmLeadingSums } from './wasm_leading_sums';
export { speedUpWasmTranspose, restoreWasmTranspose } from './wasm_simd_transpose';
export { speedUpWasmMaxPoolGrad, restoreWasmMaxPoolGrad, maxPoolGradNHWC } from './wasm_max_pool_grad';
export { Device, device, cuda, checkDevice, type DeviceLike } from './device';

let pending: Promise<BackendInfo> | null = null;

/**
 * Chooses the backend once (later calls return the same answer) and reports it. The kernel awaits this at
 * start-up; in a script, `await tsdl.ready()` before the first tensor. `TSDL_BACKEND=tensorflow|wasm|cpu`
 * forces a backend.
 *
 * ```ts
 * const info = await tsdl.ready();   // { backend: 'wasm', device: 'cpu', deviceName: '… (WebAssembly SIMD)', gpu: false }
 * ```
 */
export function ready(options: SelectBackendOptions = {}): Promise<BackendInfo> {
  if (pending === null) {
    const forced = options.forced ?? process.env.TSDL_BACKEND;
    pending = selectBackend({ ...options, forced }).then(
      (info) => {
        setCurrentBackendInfo(info);
        return info;
      },
      (err) => {
        pending = null;
        throw err;
      },
    );
  }
  return pending;
}

/**
 * Which backend and device run the tensors, like `torch.cuda.is_available()` plus the device name.
 * Before `ready()` it describes tfjs's current backend.
 */
export function backendInfo(): BackendInfo {
  const info = currentBackendInfo();
  if (info) return { ...info, notes: [...info.notes] };
  const name = tf.getBackend();
  return { backend: name, device: 'cpu', deviceName: 'CPU', gpu: false, notes: ['tsdl.ready() has not run yet'] };
}

/** Forgets the selection so that `ready()` chooses again (for tests). */
export function resetBackendSelection(): void {
  pending = null;
  setCurrentBackendInfo(null);
}
