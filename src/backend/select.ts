import * as os from 'os';
import * as tf from '@tensorflow/tfjs';
import type { BackendInfo } from './info';
import { defaultLoaders, type BackendLoaders } from './loaders';
import { registerMissingWasmKernels } from './wasm_missing_kernels';
import { speedUpPoolAndConvGradients } from './gradient_kernels';
import { speedUpWasmTransposedMatMul } from './wasm_matmul_transpose';
import { speedUpWasmSlices } from './wasm_slice_view';
import { lightenTapeSaves } from './light_tape_saves';
import { useLeanGradients } from './lean_gradients';
import { useLeanKernelCalls } from './lean_kernel_calls';
import { shareWasmIdentityCopies } from './wasm_shared_copies';
import { speedUpWasmLeadingSums } from './wasm_leading_sums';
import { speedUpWasmTranspose } from './wasm_simd_transpose';
import { speedUpActivationGradients } from './wasm_activation_gradients';
import { speedUpConvWithWorker } from './wasm_conv_worker';
import { speedUpWithNativeKernels } from './wasm_native_kernels';
import { speedUpSmallMatMul } from './wasm_small_matmul';
import { onnxRuntime, onnxRuntimeFailure } from './onnx/onnx_runtime';
import { useThreadedWasm, wasmThreadCount, wasmThreadsInUse, type WasmPackage } from './wasm_threads';
import { useNativeFileHandler } from '../serialization/file_io_handler';

/** The backends tsdl chooses between, fastest first. */
export type BackendChoice = 'tensorflow' | 'wasm' | 'cpu';

/** Options of `selectBackend` (tests inject loaders and the environment). */
export interface SelectBackendOptions {
  /** A forced choice (`TSDL_BACKEND`): 'tensorflow', 'wasm' or 'cpu'. Empty/undefined: the default order. */
  forced?: string;
  loaders?: BackendLoaders;
  /** The GPU's name when tfjs-node-gpu runs on one (default: asks nvidia-smi). */
  gpuName?: () => string;
  /** Where warnings go (default console.warn). */
  warn?: (message: string) => void;
}

const CHOICES: BackendChoice[] = ['tensorflow', 'wasm', 'cpu'];

function errorText(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split('\n')[0];
}

function cpuModel(): string {
  const model = os.cpus()[0]?.model?.trim();
  return model && model.length > 0 ? model : 'CPU';
}

function defaultGpuName(): string {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { execFileSync } = require('child_process') as typeof import('child_process');
    const out = execFileSync('nvidia-smi', ['--query-gpu=name', '--format=csv,noheader'], { encoding: 'utf8', timeout: 5000 });
    return out.split('\n')[0].trim() || 'CUDA GPU';
  } catch {
    return 'CUDA GPU';
  }
}

/** Stops the pure-JS backend from printing its "install tfjs-node" banner on first use. */
function silenceCpuBanner(): void {
  const cpu = tf.findBackend('cpu') as unknown as { firstUse?: boolean } | null;
  if (cpu && 'firstUse' in cpu) cpu.firstUse = false;
}

/** Tries the native TensorFlow backend: tfjs-node-gpu first, then tfjs-node. */
async function tryTensorflow(loaders: BackendLoaders, gpuName: () => string, notes: string[]): Promise<BackendInfo | null> {
  let gpuPackage = false;
  try {
    loaders.nodeGpu();
    gpuPackage = true;
  } catch (err) {
    notes.push(`@tensorflow/tfjs-node-gpu not usable (${errorText(err)})`);
    try {
      loaders.node();
    } catch (err2) {
      notes.push(`@tensorflow/tfjs-node not usable (${errorText(err2)})`);
      return null;
    }
  }
  useNativeFileHandler();
  try {
    if (!(await tf.setBackend('tensorflow'))) throw new Error("the 'tensorflow' backend did not initialise");
  } catch (err) {
    notes.push(`the TensorFlow backend failed to start (${errorText(err)})`);
    return null;
  }
  const binding = (tf.backend() as unknown as { isUsingGpuDevice?: boolean }).isUsingGpuDevice;
  const onGpu = gpuPackage && binding === true;
  if (gpuPackage && !onGpu) notes.push('@tensorflow/tfjs-node-gpu loaded but found no CUDA GPU; TensorFlow runs on the CPU');
  return onGpu
    ? { backend: 'tensorflow', device: 'cuda', deviceName: gpuName(), gpu: true, notes }
    : { backend: 'tensorflow', device: 'cpu', deviceName: `${cpuModel()} (native TensorFlow)`, gpu: false, notes };
}

async function tryWasm(loaders: BackendLoaders, notes: string[]): Promise<BackendInfo | null> {
  let pkg: ReturnType<BackendLoaders['wasm']>;
  try {
    pkg = loaders.wasm();
    let threads = 1;
    try {
      threads = wasmThreadCount(process.env.TSDL_WASM_THREADS);
    } catch (err) {
      notes.push(`${errorText(err)}; using one thread`);
    }
    useThreadedWasm(pkg as unknown as WasmPackage, threads, notes);
    if (!(await tf.setBackend('wasm'))) throw new Error("the 'wasm' backend did not initialise");
  } catch (err) {
    notes.push(`@tensorflow/tfjs-backend-wasm not usable (${errorText(err)})`);
    return null;
  }
  registerMissingWasmKernels();
  speedUpPoolAndConvGradients('wasm');
  speedUpWasmTransposedMatMul();
  speedUpWasmSlices();
  shareWasmIdentityCopies();
  speedUpWasmLeadingSums();
  speedUpWasmTranspose();
  speedUpActivationGradients();
  silenceCpuBanner();
  const simd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) === true;
  const threads = wasmThreadsInUse(pkg as unknown as { getThreadsCount(): number });
  // Large convolutions and products on ONNX Runtime's native kernels when it is installed; else, with one thread
  // for everything, a second one for the halves of large convolutions (not with tfjs's own threads).
  const native = speedUpWithNativeKernels((line) => notes.push(line));
  speedUpSmallMatMul();
  if (!native && onnxRuntimeFailure()) notes.push(`onnxruntime-node not usable (${onnxRuntimeFailure()})`);
  if (!native && threads === 1) speedUpConvWithWorker((line) => notes.push(line));
  const nativeThreads = native ? onnxRuntime()?.threads ?? 1 : 0;
  return {
    backend: 'wasm',
    device: 'cpu',
    deviceName: `${cpuModel()} (WebAssembly${simd ? ' SIMD' : ''}, ${threads} thread${threads === 1 ? '' : 's'}`
      + `${native ? `; large convolutions and matrix products by ONNX Runtime, ${nativeThreads} thread${nativeThreads === 1 ? '' : 's'}` : ''})`,
    gpu: false,
    notes,
  };
}

async function useCpu(notes: string[]): Promise<BackendInfo> {
  await tf.setBackend('cpu');
  silenceCpuBanner();
  return { backend: 'cpu', device: 'cpu', deviceName: `${cpuModel()} (plain JavaScript)`, gpu: false, notes };
}

/**
 * Chooses and activates the backend: the native TensorFlow one (tfjs-node-gpu with a CUDA GPU, else
 * tfjs-node) when installed, else WebAssembly (with the kernels it lacks delegated to the cpu backend),
 * else plain JavaScript. `forced` picks one; when it is unavailable a warning says why and the default
 * order is used.
 */
export async function selectBackend(options: SelectBackendOptions = {}): Promise<BackendInfo> {
  lightenTapeSaves();
  useLeanGradients();
  useLeanKernelCalls();
  const loaders = options.loaders ?? defaultLoaders;
  const gpuName = options.gpuName ?? defaultGpuName;
  const warn = options.warn ?? ((m: string) => console.warn(m));
  const notes: string[] = [];
  const forced = (options.forced ?? '').trim().toLowerCase();

  if (forced !== '') {
    if (!(CHOICES as string[]).includes(forced)) {
      warn(`tsdl: TSDL_BACKEND="${options.forced}" is not one of ${CHOICES.join(', ')}; choosing automatically.`);
      notes.push(`ignored unknown TSDL_BACKEND="${options.forced}"`);
    } else {
      const info =
        forced === 'tensorflow' ? await tryTensorflow(loaders, gpuName, notes)
        : forced === 'wasm' ? await tryWasm(loaders, notes)
        : await useCpu(notes);
      if (info) return info;
      warn(`tsdl: TSDL_BACKEND=${forced} is not available (${notes.join('; ')}); choosing automatically.`);
    }
  }
  return (await tryTensorflow(loaders, gpuName, notes)) ?? (await tryWasm(loaders, notes)) ?? (await useCpu(notes));
}
