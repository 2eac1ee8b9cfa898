import * as tf from '@tensorflow/tfjs';
import { SIMD_KERNEL_BINARIES, SIMD_KERNEL_BINARIES_SHARED_MEMORY } from './kernels_wasm';

/** The exports of `max_pool_grad.wat`. */
export interface MaxPoolGradKernels {
  /** See max_pool_grad.wat: pointers are byte offsets into tfjs-backend-wasm's memory. */
  maxPoolGrad2x2(x: number, dy: number, dx: number, n: number, h: number, w: number, c: number): void;
}

/** The few parts of the WebAssembly JS API used here (tsconfig's libs do not declare it). */
interface WasmApi {
  Memory: new (descriptor: { initial: number }) => { buffer: ArrayBuffer | SharedArrayBuffer };
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Exports };
}
type Exports = Record<string, unknown>;
const WebAssemblyApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** The exports of each kernel file, by its name in `kernels_wasm.ts`. */
interface SimdKernels {
  dropoutMasks: DropoutMaskKernels;
  maxPoolGrad: MaxPoolGradKernels;
  optimizerSteps: OptimizerStepKernels;
  batchNorm: BatchNormKernels;
  batchNormPlanes: BatchNormPlanesKernels;
  maxPoolNchw: MaxPoolNchwKernels;
  transpose: TransposeKernels;
  activationGrads: ActivationGradKernels;
  lstmGates: LstmGateKernels;
  im2col: Im2colKernels;
  columnSums: ColumnSumKernels;
  smallMatmul: SmallMatMulKernels;
}

/** Instances per wasm memory: a new tfjs-wasm backend (a new memory) gets its own. */
/** The exports of `optimizer_steps.wat` (see there for the arguments). */
export interface OptimizerStepKernels {
  adamStep(p: number, g: number, out: number, m: number, v: number, vmax: number, n: number, b1: number, omb1: number, b2: number,
    omb2: number, l2: number, decay: number, corr2: number, eps: number, stepSize: number, sign: number): void;
  sgdStep(p: number, g: number, out: number, buf: number, n: number, lr: number, wd: number, mom: number, omd: number, sign: number,
    first: number, nesterov: number): void;
}

/** The exports of `batch_norm.wat` (see there for the arguments). */
export interface BatchNormKernels {
  batchNormForward(x: number, w: number, b: number, y: number, xHat: number, mean: number, variance: number, invStd: number,
    n: number, c: number, eps: number): void;
  batchNormBackward(dy: number, xHat: number, invStd: number, w: number, dx: number, dw: number, db: number, n: number, c: number): void;
}

/** The exports of `batch_norm_planes.wat` (see there for the arguments): (N, C, P) data, P values per plane. */
export interface BatchNormPlanesKernels {
  batchNormPlanesForward(x: number, w: number, b: number, y: number, xHat: number, mean: number, variance: number, invStd: number,
    n: number, c: number, p: number, eps: number): void;
  batchNormPlanesBackward(dy: number, xHat: number, invStd: number, w: number, dx: number, dw: number, db: number, n: number, c: number,
    p: number): void;
}

/** The exports of `max_pool_nchw.wat` (see there for the arguments). */
export interface MaxPoolNchwKernels {
  maxPool2x2NCHW(x: number, y: number, planes: number, h: number, w: number): void;
  maxPoolGrad2x2NCHW(x: number, dy: number, dx: number, planes: number, h: number, w: number): void;
}

/** The exports of `transpose.wat` (see there for the arguments). */
export interface TransposeKernels {
  transposeBatch(x: number, y: number, batch: number, rows: number, cols: number): void;
}

/** The exports of `activation_grads.wat` (see there for the arguments). */
export interface ActivationGradKernels {
  reluGrad(dy: number, x: number, out: number, n: number, alpha: number): void;
  leakyReluGrad(dy: number, x: number, out: number, n: number, alpha: number): void;
  tanhGrad(dy: number, y: number, out: number, n: number, alpha: number): void;
  sigmoidGrad(dy: number, y: number, out: number, n: number, alpha: number): void;
}

/** The exports of `dropout_masks.wat` (see there for the arguments; s0, s1, s2 are alea's fractions times 2^32). */
export interface DropoutMaskKernels {
  aleaKeepMask(out: number, n: number, s0: number, s1: number, s2: number, c: number, threshold: number, kept: number): void;
  maskProduct(x: number, mask: number, out: number, n: number): void;
}

/** The exports of `small_matmul.wat` (see there for the arguments). */
export interface SmallMatMulKernels {
  smallMatMul(a: number, b: number, c: number, m: number, k: number, n: number, aRow: number, aStep: number, bStep: number, bCol: number): void;
}

/** The exports of `column_sums.wat` (see there for the arguments). */
export interface ColumnSumKernels {
  columnSums(x: number, out: number, rows: number, cols: number): void;
}

/** The exports of `im2col.wat` (see there for the arguments). */
export interface Im2colKernels {
  im2col(x: number, cols: number, n: number, c: number, h: number, w: number, kh: number, kw: number, oh: number, ow: number,
    sh: number, sw: number, dh: number, dw: number, padTop: number, padLeft: number): void;
}

/** The exports of `lstm_gates.wat` (see there for the arguments; hidden ≥ 4). */
export interface LstmGateKernels {
  lstmForwardStep(x: number, r: number, cPrev: number, acts: number, c: number, tanhC: number, h: number, hOut: number,
    n: number, hidden: number): void;
  lstmBackwardStep(dhIn: number, dhCarry: number, dcIn: number, dcOut: number, cPrev: number, tanhC: number, acts: number,
    dz: number, dzOut: number, n: number, hidden: number): void;
}

const instances = new WeakMap<object, Map<keyof typeof SIMD_KERNEL_BINARIES, Exports | null>>();
let enabled = true;

/** Turns tsdl's SIMD kernels off (their callers use their JavaScript forms) or back on: for tests and A/B benchmarks. */
export function useSimdKernels(on: boolean): void {
  enabled = on;
}

/**
 * tsdl's own WebAssembly SIMD kernels (`src/backend/simd/*.wat`), instantiated on the memory of the active
 * tfjs-backend-wasm instance so that they read and write tensors where they are. Written by hand (and
 * assembled with wabt at development time) for training operations that tfjs-wasm does slowly (a chain of
 * kernels, or a scalar loop), lacks or gets wrong, where a JavaScript loop is several times slower than SIMD
 * code: tfjs offers no way to add compiled kernels to its wasm module.
 *
 * On the multithreaded build, whose memory is shared, the same kernels are instantiated importing a shared
 * memory; they run on the calling thread, between tfjs's kernels. Returns null when the backend is not wasm or
 * its memory is not reachable: callers then keep their other form (tensor ops or a JavaScript loop).
 */
export function simdKernels<K extends keyof SimdKernels>(name: K): SimdKernels[K] | null {
  if (!enabled || tf.getBackend() !== 'wasm') return null;
  // The single-threaded build exports its memory; the multithreaded one creates it in JavaScript and imports it.
  const wasm = (tf.backend() as unknown as { wasm?: { asm?: { memory?: unknown }; wasmMemory?: unknown } }).wasm;
  const memory = wasm?.asm?.memory ?? wasm?.wasmMemory;
  if (!(memory instanceof WebAssemblyApi.Memory)) return null;
  let byName = instances.get(memory);
  if (byName === undefined) instances.set(memory, (byName = new Map()));
  if (!byName.has(name)) {
    try {
      const binaries = isShared(memory) ? SIMD_KERNEL_BINARIES_SHARED_MEMORY : SIMD_KERNEL_BINARIES;
      const module = new WebAssemblyApi.Module(Buffer.from(binaries[name], 'base64'));
      byName.set(name, new WebAssemblyApi.Instance(module, { env: { memory } }).exports);
    } catch {
      byName.set(name, null);
    }
  }
  return (byName.get(name) ?? null) as SimdKernels[K] | null;
}

function isShared(memory: { buffer: ArrayBuffer | SharedArrayBuffer }): boolean {
  return typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
}
