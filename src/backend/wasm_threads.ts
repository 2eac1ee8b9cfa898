/**
 * All cores for the WebAssembly backend under Node.
 *
 * tfjs-backend-wasm ships a multithreaded SIMD build (XNNPACK on a pthreadpool of Emscripten worker
 * threads) but turns it off under Node (`WASM_HAS_MULTITHREAD_SUPPORT` is false there, tfjs issue #3830):
 * its loader hands the worker script to a browser `Blob` URL, which Node's `worker_threads` cannot start.
 * The Emscripten glue itself supports Node. `useThreadedWasm` replaces the registered 'wasm' backend
 * factory with one that starts the same build the Node way — the worker script from a file
 * (`wasm_pthread_worker.cjs`) and the backend's script by path — and falls back to tfjs's own
 * single-threaded factory if anything fails. Kernels and results are those of the same backend (equal to
 * float32 rounding); only the thread count differs.
 *
 * It is opt-in: `TSDL_WASM_THREADS=N` (or `auto`: the logical cores, at most 8, the build's worker pool).
 * tsdl's own SIMD kernels run on this build too (assembled a second time for its shared memory). Measured on 2
 * cores (`npm run bench` with one thread and with `TSDL_WASM_THREADS=2`, December 2026, seconds per epoch):
 * MNIST CNN 67.5 → 52.0, MNIST GAN 69.4 → 58.8, but sine LSTM 8.6 → 9.5, MNIST MLP 3.5 → 4.3, and the XOR and
 * breast-cancer MLPs 1.7× → 2.9× and 1.6× → 2.9× PyTorch's time; a 1024×1024 matmul 29 → 55 GFLOP/s, the
 * CNN's second convolution 9.2 → 4.6 ms. Every XNNPACK op hands part of its work to the pool's other thread,
 * and in a training step, where JavaScript runs between ops, that thread has gone to sleep: waking it makes a
 * [4, 8] + [8] addition cost ~40 µs instead of 5 (in a tight loop of additions, which keeps it spinning, 7 µs).
 * So the default stays tfjs's single-threaded build, with only large convolutions split onto a second thread
 * (`wasm_conv_worker.ts`: the CNN as fast as here, nothing else slower).
 *
 * ```ts
 * // before the first tensor, after '@tensorflow/tfjs-backend-wasm' is loaded:
 * useThreadedWasm(wasmPackage, wasmThreadCount(process.env.TSDL_WASM_THREADS), notes);
 * await tf.setBackend('wasm');
 * ```
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Worker } from 'worker_threads';
import * as tf from '@tensorflow/tfjs';

/** The worker pool the threaded build creates (Emscripten's PTHREAD_POOL_SIZE) caps the thread count. */
export const MAX_WASM_THREADS = 8;
/** Priority tfjs-backend-wasm registers its backend with (kept so backend choice is unchanged). */
const WASM_PRIORITY = 2;
/** A pool that has not started after this long is treated as broken (the single-threaded build is used). */
const START_TIMEOUT_MS = 30_000;

/** The parts of the WebAssembly global used here (not in TypeScript's ES2022 lib). */
interface WebAssemblyApi {
  Memory: new (descriptor: { initial: number; maximum: number; shared: boolean }) => { buffer: ArrayBufferLike };
  validate(bytes: Uint8Array): boolean;
}
const WebAssembly = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;

const THREADED_SCRIPT = 'tfjs-backend-wasm-threaded-simd.js';
const THREADED_BINARY = 'tfjs-backend-wasm-threaded-simd.wasm';

/**
 * The thread count asked for by `TSDL_WASM_THREADS`: unset or empty → 1 (tfjs's single-threaded build),
 * `auto` → the logical cores, else a whole number ≥ 1; capped at `MAX_WASM_THREADS`. Anything else is an
 * error naming the variable.
 */
export function wasmThreadCount(setting: string | undefined, cores: number = os.availableParallelism()): number {
  const text = (setting ?? '').trim().toLowerCase();
  if (text === '') return 1;
  if (text === 'auto') return Math.max(1, Math.min(MAX_WASM_THREADS, cores));
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) {
    throw new Error(`TSDL_WASM_THREADS="${setting}" is neither a whole number of threads ≥ 1 nor "auto"`);
  }
  return Math.min(MAX_WASM_THREADS, n);
}

/** Why this Node cannot run WebAssembly threads and SIMD, or null when it can. */
export function threadedWasmUnsupported(): string | null {
  if (typeof SharedArrayBuffer === 'undefined') return 'SharedArrayBuffer is not available';
  try {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
    if (!(memory.buffer instanceof SharedArrayBuffer)) return 'shared WebAssembly memory is not supported';
  } catch (err) {
    return `shared WebAssembly memory is not supported (${err instanceof Error ? err.message : String(err)})`;
  }
  // A function using one SIMD instruction (v128.const; drop), as tfjs's own SIMD check.
  const simd = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 3, 2, 1, 0, 10, 9, 1, 7, 0, 65, 0, 253, 15, 26, 11]);
  if (!WebAssembly.validate(simd)) return 'WebAssembly SIMD is not supported';
  return null;
}

/** Where a worker script of this folder lives: next to this file in `src/`, or in `src/` when this runs from `dist/`. */
export function workerScript(name = 'wasm_pthread_worker.cjs'): string {
  const candidates = [path.join(__dirname, name), path.resolve(__dirname, '..', '..', '..', 'src', 'backend', name)];
  const found = candidates.find((file) => fs.existsSync(file));
  if (!found) throw new Error(`the worker script ${name} is missing (looked in ${candidates.join(', ')})`);
  return found;
}

/** The part of tfjs-backend-wasm's package this module uses. */
export interface WasmPackage {
  BackendWasm: new (module: unknown) => tf.KernelBackend;
  setThreadsCount(threads: number): void;
}

/** Emscripten's pthread bookkeeping (internal to its glue; used to size and start the worker pool). */
interface PThreadApi {
  unusedWorkers: Worker[];
  runningWorkers: Worker[];
  allocateUnusedWorker(): void;
  initMainThread(): void;
  terminateAllThreads(): void;
}

interface ThreadedModule {
  cwrap(name: string, returns: string | null, args: string[]): (...args: number[]) => unknown;
  tfjs?: Record<string, unknown>;
  PThread?: PThreadApi;
}

type ThreadedFactory = (config: Record<string, unknown>) => Promise<ThreadedModule>;

/**
 * Starts the threaded build with `threads` threads. Two adjustments to the build's fixed choices:
 * - Its worker pool is created up front with 8 workers (~10 MB and ~30 ms each), though XNNPACK's pool uses
 *   `threads − 1` of them beside the calling thread. Emscripten publishes its `PThread` object on the
 *   module before creating the pool, so a setter sizes the pool to `threads` workers (one spare). The
 *   workers start without the parent's `execArgv` (a loader such as tsx would otherwise start in each).
 * - The backend's C++ caps its pool at half the logical cores Emscripten reports (it assumes two
 *   hyper-threads per core), which leaves one thread on a 2-core machine; `os.cpus()` is made to report
 *   `2 × threads` cores while the module initialises, then restored.
 */
async function startThreadedModule(threads: number): Promise<ThreadedModule> {
  const wasmOut = path.dirname(require.resolve(`@tensorflow/tfjs-backend-wasm/wasm-out/${THREADED_SCRIPT}`));
  const script = path.join(wasmOut, THREADED_SCRIPT);
  const worker = workerScript();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const factory = require(script) as ThreadedFactory;
  const config = {
    locateFile: (file: string, prefix: string) =>
      file.endsWith('.worker.js') ? worker : file.endsWith('.wasm') ? path.join(wasmOut, THREADED_BINARY) : prefix + file,
    // What each worker evaluates to get the module's code (by path under Node, not a Blob).
    mainScriptUrlOrBlob: script,
  };
  let pthread: PThreadApi | undefined;
  Object.defineProperty(config, 'PThread', {
    configurable: true,
    enumerable: true,
    get: () => pthread,
    set: (value: PThreadApi | undefined) => {
      pthread = value;
      if (value === undefined || value === null) return;
      value.allocateUnusedWorker = () => {
        value.unusedWorkers.push(new Worker(worker, { execArgv: [] }));
      };
      value.initMainThread = () => {
        for (let i = 0; i < threads; i++) value.allocateUnusedWorker();
      };
    },
  });
  // The module object Emscripten's `require("os")` returns (not a copy of its properties).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const osModule = require('os') as { cpus: typeof os.cpus };
  const realCpus = osModule.cpus;
  osModule.cpus = () => {
    const cpus = realCpus.call(osModule);
    return Array.from({ length: 2 * threads }, (_, i) => cpus[i % Math.max(1, cpus.length)]);
  };
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`its worker threads did not start within ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS);
      timer.unref();
    });
    const module = await Promise.race([factory(config), timeout]);
    module.tfjs = {
      init: module.cwrap('init', null, []),
      initWithThreadsCount: module.cwrap('init_with_threads_count', null, ['number']),
      getThreadsCount: module.cwrap('get_threads_count', 'number', []),
      registerTensor: module.cwrap('register_tensor', null, ['number', 'number', 'number']),
      disposeData: module.cwrap('dispose_data', null, ['number']),
      dispose: module.cwrap('dispose', null, []),
    };
    return module;
  } finally {
    clearTimeout(timer);
    osModule.cpus = realCpus;
  }
}

/**
 * Makes the 'wasm' backend start multithreaded with `threads` threads. Call after loading
 * '@tensorflow/tfjs-backend-wasm' and before the backend initialises; returns false (and changes nothing)
 * when `threads` is 1 or this Node cannot run WebAssembly threads, with the reason in `notes`. If the
 * threaded build fails to start, the backend starts single-threaded and `notes` says why. `options.start`
 * replaces the start of the threaded module (tests use it to make the start fail).
 */
export function useThreadedWasm(
  pkg: WasmPackage,
  threads: number,
  notes: string[],
  options: { start?: (threads: number) => Promise<unknown> } = {},
): boolean {
  const start = options.start ?? startThreadedModule;
  if (threads <= 1) return false;
  const unsupported = threadedWasmUnsupported();
  if (unsupported !== null) {
    notes.push(`WebAssembly runs on one thread: ${unsupported}`);
    return false;
  }
  const registry = (tf.engine() as unknown as { registry: Record<string, unknown> }).registry;
  const singleThreaded = tf.findBackendFactory('wasm');
  // Already started (its threads cannot change now), already ours, or not registered: nothing to do.
  if (singleThreaded === null || 'wasm' in registry) return false;
  if (THREADED_FACTORIES.has(singleThreaded)) return true;
  tf.removeBackend('wasm');
  const threaded = async () => {
      try {
        pkg.setThreadsCount(threads);
        const module = (await start(threads)) as ThreadedModule;
        const backend = new pkg.BackendWasm(module); // creates the thread pool
        // The pool's threads live as long as the backend; like the main thread's own work, they must not
        // keep a finished script's process alive.
        for (const worker of module.PThread?.runningWorkers ?? []) worker.unref?.();
        tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
        return backend;
      } catch (err) {
        notes.push(`multithreaded WebAssembly did not start (${err instanceof Error ? err.message : String(err)}); using one thread`);
        tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
        return singleThreaded();
      }
  };
  THREADED_FACTORIES.add(threaded);
  tf.registerBackend('wasm', threaded, WASM_PRIORITY);
  return true;
}

const THREADED_FACTORIES = new WeakSet<object>();

/** The threads the running wasm backend uses (1 for the single-threaded build). */
export function wasmThreadsInUse(pkg: { getThreadsCount(): number }): number {
  try {
    return Math.max(1, pkg.getThreadsCount());
  } catch {
    return 1;
  }
}
