import * as os from 'os';
import * as util from 'util';
import { nchwcBlockSizeModel } from './nchwc_convolution';

/**
 * ONNX Runtime's native CPU kernels, called synchronously: the engine behind tsdl's large convolutions and matrix
 * products on the wasm backend (`wasm_native_kernels.ts`).
 *
 * `onnxruntime-node` (an optional dependency) ships ONNX Runtime's CPU library for Linux, macOS and Windows in its
 * npm package, with MLAS, its GEMM and convolution kernels tuned per instruction set (AVX2, AVX-512) and threaded.
 * tfjs kernels must return their result synchronously, and the package's public `InferenceSession.run` returns a
 * promise (it defers the call with `setImmediate`); its native binding's `run`, which that promise wraps, is
 * synchronous, as is loading a model that registers no callbacks. So this module uses the binding
 * (`onnxruntime-node/dist/binding`) of the exact version in package.json; `tests/core/native_kernels.test.ts` checks
 * both behaviours. When the package is missing or fails to load, `onnxRuntime()` is null; a model that does not load
 * (synchronously) is an Error naming ONNX Runtime's reason; either way callers keep their own kernels.
 *
 * Each model is one small graph (`onnx_graph.ts`) with a symbolic batch size, loaded on first use and kept by key
 * (its attributes, and for tsdl's own convolutions its input sizes). Inputs are read where they are (a Float32Array
 * view of the wasm heap) and outputs are written into the view given for them.
 */

/** The onnxruntime-node version whose binding this module was written and tested against. */
export const ONNX_RUNTIME_VERSION = '1.31.1';

/** A tensor handed to ONNX Runtime: a float32 view and its dimensions. */
export interface OnnxFeed {
  data: Float32Array;
  dims: number[];
}

interface BindingSession {
  loadModel(buffer: ArrayBuffer, byteOffset: number, byteLength: number, options: object): unknown;
  readonly inputMetadata: unknown[];
  run(feeds: Record<string, unknown>, fetches: Record<string, unknown>, options: object): Record<string, { data: unknown }>;
  dispose(): void;
}
interface Binding {
  InferenceSession: new () => BindingSession;
}
type TensorConstructor = new (type: 'float32', data: Float32Array, dims: readonly number[]) => unknown;

/** One loaded model. */
export class OnnxSession {
  /** How many times the model ran (tests read it). */
  runs = 0;

  constructor(private readonly session: BindingSession, private readonly Tensor: TensorConstructor, readonly key: string) {}

  /** Runs the model; each output is written into the view given for it. Throws ONNX Runtime's error as is. */
  run(inputs: Record<string, OnnxFeed>, outputs: Record<string, OnnxFeed>): void {
    const feeds: Record<string, unknown> = {};
    for (const [name, t] of Object.entries(inputs)) feeds[name] = new this.Tensor('float32', t.data, t.dims);
    const fetches: Record<string, unknown> = {};
    for (const [name, t] of Object.entries(outputs)) fetches[name] = new this.Tensor('float32', t.data, t.dims);
    const result = this.session.run(feeds, fetches, {});
    this.runs++;
    // ONNX Runtime computes into a pre-allocated output's memory; the binding then returns a copy of it.
    for (const [name, t] of Object.entries(outputs)) {
      const got = result[name]?.data;
      if (!(got instanceof Float32Array) || got.length !== t.data.length) throw new Error(`ONNX Runtime returned no float32 '${name}' of ${t.data.length} values`);
    }
  }

  dispose(): void {
    this.session.dispose();
  }
}

/** The loaded runtime: models by key, created on first use. */
export class OnnxRuntime {
  private readonly sessions = new Map<string, OnnxSession | Error>();
  private blockSize: number | undefined;

  constructor(private readonly binding: Binding, private readonly Tensor: TensorConstructor, readonly threads: number) {}

  /**
   * The model for `key`, built by `model()` and loaded the first time; an Error when loading failed (remembered,
   * so a model that ONNX Runtime rejects is not tried on every call).
   */
  session(key: string, model: () => Uint8Array): OnnxSession | Error {
    const known = this.sessions.get(key);
    if (known) return known;
    let result: OnnxSession | Error;
    try {
      const bytes = model();
      const s = new this.binding.InferenceSession();
      const pending = s.loadModel(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength, {
        intraOpNumThreads: this.threads,
        graphOptimizationLevel: 'all',
        logSeverityLevel: 3, // errors only
        // Between calls the main thread runs JavaScript and tfjs-wasm: ONNX Runtime's threads must sleep, not spin.
        extra: { session: { intra_op: { allow_spinning: '0' } } },
      });
      if (pending instanceof Promise) pending.catch(() => undefined);
      // A model without callbacks loads synchronously; had it not, its metadata would not be there yet. A model
      // ONNX Runtime rejects leaves a rejected promise, whose reason only util.inspect shows synchronously.
      let loaded = false;
      try {
        loaded = Array.isArray(s.inputMetadata) && s.inputMetadata.length > 0;
      } catch {
        loaded = false;
      }
      if (!loaded) {
        const reason = pending instanceof Promise ? /<rejected> (?:\w*Error: )?([^\n]*)/.exec(util.inspect(pending))?.[1] : undefined;
        throw new Error(reason ?? 'the model did not load synchronously');
      }
      result = new OnnxSession(s, this.Tensor, key);
    } catch (err) {
      result = new Error(`ONNX Runtime could not load model ${key}: ${(err as Error).message}`);
    }
    this.sessions.set(key, result);
    return result;
  }

  /**
   * The channel block of ONNX Runtime's blocked convolutions on this CPU (`nchwc_convolution.ts`): 8 with AVX2,
   * 16 with AVX-512; 0 where its blocked operators are not available. Asked once, by running a tiny model.
   */
  nchwcBlockSize(): number {
    if (this.blockSize !== undefined) return this.blockSize;
    this.blockSize = 0;
    const key = 'nchwc-block-size';
    const s = this.session(key, nchwcBlockSizeModel);
    if (s instanceof OnnxSession) {
      try {
        const dims = new Float32Array(4);
        s.run({ x: { data: new Float32Array(4), dims: [1, 4, 1, 1] } }, { dims: { data: dims, dims: [4] } });
        const b = dims[1];
        if (Number.isInteger(b) && b >= 4 && b <= 64 && (b & (b - 1)) === 0) this.blockSize = b;
      } catch {
        // no blocked convolutions then
      }
    }
    this.forget(key);
    return this.blockSize;
  }

  /** Runs so far of the loaded models whose key starts with `prefix` (for tests). */
  runCount(prefix: string): number {
    let n = 0;
    for (const [key, s] of this.sessions) if (s instanceof OnnxSession && key.startsWith(prefix)) n += s.runs;
    return n;
  }

  /** How many loaded models have a key starting with `prefix` (for tests). */
  loadedCount(prefix: string): number {
    return this.loadedKeys().filter((key) => key.startsWith(prefix)).length;
  }

  /** The keys of the loaded models (for tests). */
  loadedKeys(): string[] {
    return [...this.sessions].filter(([, s]) => s instanceof OnnxSession).map(([key]) => key);
  }

  /** Unloads the model of `key` (a later `session(key, …)` loads it again). */
  forget(key: string): void {
    const s = this.sessions.get(key);
    if (s instanceof OnnxSession) s.dispose();
    this.sessions.delete(key);
  }

  dispose(): void {
    for (const s of this.sessions.values()) if (s instanceof OnnxSession) s.dispose();
    this.sessions.clear();
  }
}

let runtime: OnnxRuntime | null | undefined;
let loadFailure: string | null = null;

/** Threads for ONNX Runtime: `TSDL_NATIVE_THREADS`, else one per core. */
export function nativeThreadCount(env: NodeJS.ProcessEnv = process.env): number {
  const cores = os.availableParallelism?.() ?? os.cpus().length;
  const asked = env.TSDL_NATIVE_THREADS;
  if (asked === undefined || asked.trim() === '') return Math.max(1, cores);
  const n = Number(asked);
  if (!Number.isInteger(n) || n < 1) throw new Error(`TSDL_NATIVE_THREADS must be a positive integer, got "${asked}"`);
  return n;
}

/**
 * ONNX Runtime, loaded on first call; null when `onnxruntime-node` is not installed or cannot be used (then
 * `onnxRuntimeFailure()` says why).
 */
export function onnxRuntime(): OnnxRuntime | null {
  if (runtime !== undefined) return runtime;
  runtime = null;
  try {
    /* eslint-disable @typescript-eslint/no-require-imports */
    const pkg = require('onnxruntime-node/package.json') as { version: string };
    if (pkg.version !== ONNX_RUNTIME_VERSION) throw new Error(`onnxruntime-node ${pkg.version} is installed; tsdl uses the binding of ${ONNX_RUNTIME_VERSION}`);
    const { binding, initOrt } = require('onnxruntime-node/dist/binding') as { binding: Binding; initOrt(): void };
    const common = require('onnxruntime-common') as { Tensor: TensorConstructor; env: { logLevel?: string } };
    /* eslint-enable @typescript-eslint/no-require-imports */
    // ONNX Runtime's warnings (e.g. graph optimisations it skips) would land in notebook cells' stderr.
    if (common.env.logLevel === undefined || common.env.logLevel === 'warning') common.env.logLevel = 'error';
    initOrt(); // once per process, shared with any other user of onnxruntime-node
    runtime = new OnnxRuntime(binding, common.Tensor, nativeThreadCount());
  } catch (err) {
    loadFailure = (err as Error).message.split('\n')[0];
  }
  return runtime;
}

/** Why `onnxRuntime()` is null, or null. */
export function onnxRuntimeFailure(): string | null {
  return loadFailure;
}
