import * as os from 'os';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'worker_threads';
import * as tf from '@tensorflow/tfjs';
import { overrideKernel, type KernelArgs } from './kernel_override';
import { workerScript } from './wasm_threads';

/**
 * Large convolutions on two cores, with everything else on one.
 *
 * The single-threaded wasm build runs each convolution on the main thread; tfjs's multithreaded build splits
 * every operation between threads, and waking the second thread costs small operations more than it saves
 * (`wasm_threads.ts`). Here the `Conv2D` kernel (NHWC, float32) hands half of a large convolution to a worker
 * thread that runs its own single-threaded tfjs-wasm (`conv_worker.cjs`), computes the other half meanwhile,
 * and waits for the rest; every other operation stays on the main thread as before. The convolution gradients
 * are convolutions too (`conv_gradient_math.ts`), so the forward pass, the input gradient and the filter
 * gradient all split. Usually the batch is split: each image's output comes from the same XNNPACK code either
 * way, so results are identical to the unsplit convolution (tested bit for bit). When the filter is large
 * against the input (a filter gradient, whose "filter" is the output gradient), both threads would pack all of
 * it (~3 ns a value), so the input channels are split instead and the two partial sums added: equal to float32
 * rounding. Measured (`bench/ab.ts mnist_cnn conv-worker`, 2 cores): MNIST CNN 70.5 → 57.6 ms per step; the
 * second layer's forward convolution 10.1 → 7.1 ms, its input gradient 13.3 → 9.2; the first layer's (12 M
 * multiply-adds) gets slower split (1.7 → 2.2 ms), hence `MIN_SPLIT_MACS`.
 *
 * Data crosses in a SharedArrayBuffer; the main thread flags a job in a shared Int32Array and blocks on the
 * answer with `Atomics.wait` (the worker reads the job's description synchronously with
 * `receiveMessageOnPort`). The worker starts in the background on the first convolution large enough; until
 * it is ready, and for good if it fails, convolutions run on the main thread alone. It does not keep the
 * process alive. `TSDL_CONV_WORKER=0` turns it off; it is off with one core and on tfjs's multithreaded build.
 */

/** Values of `control[0]` (the same numbers as in conv_worker.cjs). */
const STATE = { READY: 0, JOB: 1, DONE: 2, FAILED: 3, STOP: 4, STARTING: 5 } as const;

/** Multiply-adds from which a convolution is split (MNIST's 3×3 32→64 layer on 13×13 has 143 M; its 1→32 one 12 M). */
export const MIN_SPLIT_MACS = 20_000_000;

type TensorInfo = { dataId: tf.DataId; shape: number[]; dtype: tf.DataType };
interface WasmBackendLike {
  makeOutput(shape: number[], dtype: tf.DataType): TensorInfo;
  typedArrayFromHeap(t: TensorInfo): Float32Array;
  disposeData(dataId: tf.DataId): void;
}
interface Conv2DAttrs {
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dilations: number | [number, number];
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}
type ConvArgs = { inputs: { x: TensorInfo; filter: TensorInfo }; attrs: Conv2DAttrs; backend: WasmBackendLike };

/** The worker and what the main thread knows of it (exported for tests). */
export class ConvWorker {
  readonly control = new Int32Array(new SharedArrayBuffer(4));
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private arena: Float32Array | null = null;
  failure: string | null = null;

  constructor() {
    Atomics.store(this.control, 0, STATE.STARTING);
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker = new Worker(workerScript('conv_worker.cjs'), {
      workerData: { control: this.control.buffer, port: port2 },
      transferList: [port2],
    });
    this.worker.unref();
    this.port.unref();
    this.worker.on('error', (err) => { this.failure = err.message; });
    this.worker.on('exit', () => { this.failure ??= 'the worker exited'; });
  }

  /** 'starting', 'ready' (for a job), or 'failed' (`failure` says why; convolutions then stay on the main thread). */
  get state(): 'starting' | 'ready' | 'failed' {
    this.reclaim();
    if (this.failure === null && Atomics.load(this.control, 0) === STATE.FAILED) this.failure = this.error() ?? 'the worker failed to start';
    if (this.failure !== null) return 'failed';
    return Atomics.load(this.control, 0) === STATE.READY ? 'ready' : 'starting';
  }

  /**
   * Takes back a job whose result nobody collected: the main thread stopped between handing it out and reading
   * it (an interrupted cell is terminated wherever it is). Waits for it to end, then frees the worker.
   */
  private reclaim(): void {
    if (!this.inFlight) return;
    while (Atomics.load(this.control, 0) === STATE.JOB) Atomics.wait(this.control, 0, STATE.JOB);
    if (Atomics.load(this.control, 0) === STATE.DONE) this.release();
    else this.inFlight = false; // FAILED: `state` reports it
  }

  /** Whether a job has been handed out and its result not yet collected. */
  private inFlight = false;

  /** The error message the worker sent, if any. */
  private error(): string | undefined {
    return (receiveMessageOnPort(this.port)?.message as { error?: string } | undefined)?.error;
  }

  /**
   * Starts `x` (`[n, h, w, c]` values) convolved with the filter on the worker; `finish` then waits and
   * returns the output values (a view of the arena, valid until the next job) or throws the worker's error.
   */
  start(x: Float32Array, xShape: number[], filterShape: number[], filterValues: Float32Array, outSize: number,
    attrs: Conv2DAttrs): { finish: () => Float32Array } {
    // The filter is sent every time (no cache by tensor: a tensor's values can be changed in place).
    const need = x.length + filterValues.length + outSize;
    let grown: SharedArrayBuffer | undefined;
    if (!this.arena || this.arena.length < need) {
      grown = new SharedArrayBuffer(Math.ceil(need * 1.25) * 4);
      this.arena = new Float32Array(grown);
    }
    const arena = this.arena;
    arena.set(x, 0);
    arena.set(filterValues, x.length);
    const outOffset = x.length + filterValues.length;
    this.port.postMessage({
      arena: grown,
      x: { offset: 0, shape: xShape },
      filter: { offset: x.length, shape: filterShape },
      out: { offset: outOffset },
      strides: attrs.strides, pad: attrs.pad, dilations: attrs.dilations, dimRoundingMode: attrs.dimRoundingMode,
    });
    Atomics.store(this.control, 0, STATE.JOB);
    Atomics.notify(this.control, 0);
    this.inFlight = true;
    return {
      finish: () => {
        while (Atomics.load(this.control, 0) === STATE.JOB) Atomics.wait(this.control, 0, STATE.JOB);
        const state = Atomics.load(this.control, 0);
        if (state !== STATE.DONE) {
          this.failure = this.error() ?? `the worker stopped (state ${state})`;
          this.stop();
          throw new Error(this.failure);
        }
        return arena.subarray(outOffset, outOffset + outSize);
      },
    };
  }

  /** Lets the worker take the next job (after the last one's output has been copied). */
  release(): void {
    this.inFlight = false;
    Atomics.store(this.control, 0, STATE.READY);
    Atomics.notify(this.control, 0);
  }

  stop(): void {
    Atomics.store(this.control, 0, STATE.STOP);
    Atomics.notify(this.control, 0);
    void this.worker.terminate();
  }
}

/** The module's state: the worker once started, the restore of the replaced kernel, the A/B switch, counts. */
let worker: ConvWorker | null = null;
let restore: (() => void) | null = null;
let splitting = true;
/** Convolutions split so far in this process. */
let splitCount = 0;
let onFailure: (line: string) => void = () => undefined;
let reported = false;

/** Says once why convolutions stay on one thread. */
function reportFailure(why: string): void {
  if (reported) return;
  reported = true;
  onFailure(`convolutions stay on one thread: the second thread failed (${why})`);
}

/**
 * Whether the worker is off (not wanted, or no convolution large enough yet), starting, ready or failed; why it
 * failed; and how many convolutions it has shared.
 */
export function convWorkerStatus(): { state: 'off' | 'starting' | 'ready' | 'failed'; failure: string | null; splits: number } {
  if (!restore || worker === null) return { state: 'off', failure: null, splits: splitCount };
  return { state: worker.state, failure: worker.failure, splits: splitCount };
}

/** Turns the split off (convolutions run on the main thread alone) or back on, for A/B benchmarks and tests. */
export function useConvWorker(on: boolean): void {
  splitting = on;
}

/** Whether this process should use the worker: `TSDL_CONV_WORKER` not 0, two or more cores. */
export function convWorkerWanted(env: NodeJS.ProcessEnv = process.env, cores = os.availableParallelism?.() ?? os.cpus().length): boolean {
  return env.TSDL_CONV_WORKER !== '0' && cores >= 2;
}

/** Multiply-adds of a Conv2D with these inputs. */
function convMacs(x: TensorInfo, filter: TensorInfo, attrs: Conv2DAttrs): { macs: number; outShape: number[] } {
  const info = tf.backend_util.computeConv2DInfo(x.shape as [number, number, number, number], filter.shape as [number, number, number, number],
    attrs.strides, attrs.dilations, attrs.pad, attrs.dimRoundingMode, false, 'channelsLast');
  const outShape = [info.batchSize, info.outHeight, info.outWidth, info.outChannels];
  return { macs: outShape.reduce((a, b) => a * b, 1) * info.filterHeight * info.filterWidth * info.inChannels, outShape };
}

/** One thread's share of a convolution: its input and filter (views or copies, freed by `dispose`). */
interface Share {
  x: TensorInfo;
  filter: TensorInfo;
  dispose(): void;
}

type SliceKernel = tf.KernelFunc;

function sliced(sliceKernel: SliceKernel, backend: WasmBackendLike, t: TensorInfo, begin: number[], size: number[]): TensorInfo {
  return sliceKernel({ inputs: { x: t }, attrs: { begin, size }, backend } as unknown as KernelArgs) as TensorInfo;
}

/** The first ⌈n/2⌉ images to this thread, the rest to the worker; the filter whole to both. */
function splitByImages({ inputs: { x, filter }, backend }: ConvArgs, sliceKernel: SliceKernel): [Share, Share] {
  const mine = Math.ceil(x.shape[0] / 2);
  const share = (begin: number, count: number): Share => {
    const part = sliced(sliceKernel, backend, x, [begin, 0, 0, 0], [count, -1, -1, -1]);
    return { x: part, filter, dispose: () => backend.disposeData(part.dataId) };
  };
  return [share(0, mine), share(mine, x.shape[0] - mine)];
}

/** The first ⌈c/2⌉ input channels (of the input and the filter) to this thread, the rest to the worker. */
function splitByChannels({ inputs: { x, filter }, backend }: ConvArgs, sliceKernel: SliceKernel): [Share, Share] {
  const channels = x.shape[3];
  const mine = Math.ceil(channels / 2);
  const share = (begin: number, count: number): Share => {
    const xPart = sliced(sliceKernel, backend, x, [0, 0, 0, begin], [-1, -1, -1, count]);
    const filterPart = sliced(sliceKernel, backend, filter, [0, 0, begin, 0], [-1, -1, count, -1]);
    return { x: xPart, filter: filterPart, dispose: () => { backend.disposeData(xPart.dataId); backend.disposeData(filterPart.dataId); } };
  };
  return [share(0, mine), share(mine, channels - mine)];
}

/**
 * Replaces the wasm `Conv2D` kernel with the split one (once per process; `restoreConvWorker` undoes it).
 * `note` receives a line when the worker fails (the convolutions then stay on the main thread). Returns
 * whether it replaced the kernel.
 */
export function speedUpConvWithWorker(note: (line: string) => void = () => undefined): boolean {
  if (restore || !convWorkerWanted() || typeof SharedArrayBuffer === 'undefined') return false;
  onFailure = note;
  const slice = tf.getKernel('Slice', 'wasm');
  if (!slice) return false;
  restore = overrideKernel<ConvArgs>('Conv2D', 'wasm', (args, previous) => {
    const { inputs: { x, filter }, attrs, backend } = args;
    const batch = x.shape[0];
    if (!splitting || x.dtype !== 'float32' || filter.dtype !== 'float32' || attrs.dataFormat !== 'NHWC' || batch < 2) return previous(args);
    const { macs, outShape } = convMacs(x, filter, attrs);
    if (macs < MIN_SPLIT_MACS) return previous(args);
    if (worker === null) worker = new ConvWorker(); // in the background: this convolution runs here
    const state = worker.state;
    if (state !== 'ready') {
      if (state === 'failed') reportFailure(worker.failure as string);
      return previous(args);
    }
    const filterSize = filter.shape.reduce((a, b) => a * b, 1);
    const xSize = x.shape.reduce((a, b) => a * b, 1);
    // Both threads pack the filter they get (~3 ns a value): a large filter against a small input (a filter
    // gradient, whose "filter" is the output gradient) is split by input channels instead of by images.
    const byChannels = filterSize > xSize / 2 && x.shape[3] >= 2;
    const [first, second] = byChannels ? splitByChannels(args, slice.kernelFunc) : splitByImages(args, slice.kernelFunc);
    const theirShape = byChannels ? outShape : [second.x.shape[0], ...outShape.slice(1)];
    const job = worker.start(backend.typedArrayFromHeap(second.x), second.x.shape, second.filter.shape, backend.typedArrayFromHeap(second.filter),
      theirShape.reduce((a, b) => a * b, 1), attrs);
    second.dispose();
    const mine = previous({ ...args, inputs: { x: first.x, filter: first.filter } }) as TensorInfo;
    first.dispose();
    let theirs: Float32Array;
    try {
      theirs = job.finish();
    } catch (err) {
      reportFailure((err as Error).message);
      backend.disposeData(mine.dataId);
      return previous(args);
    }
    let out: TensorInfo;
    if (byChannels) {
      // The two halves of the sum over input channels.
      out = mine;
      const values = backend.typedArrayFromHeap(out);
      for (let i = 0; i < values.length; i++) values[i] += theirs[i];
    } else {
      out = backend.makeOutput(outShape, 'float32');
      // Views after the last allocation: the wasm heap may have grown.
      const values = backend.typedArrayFromHeap(out);
      const own = backend.typedArrayFromHeap(mine);
      values.set(own);
      values.set(theirs, own.length);
      backend.disposeData(mine.dataId);
    }
    worker.release();
    splitCount++;
    return out;
  });
  return restore !== null;
}

/** Puts tfjs's own Conv2D back and stops the worker (for A/B benchmarks and tests). */
export function restoreConvWorker(): void {
  restore?.();
  restore = null;
  worker?.stop();
  worker = null;
  reported = false;
}
