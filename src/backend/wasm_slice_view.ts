import * as tf from '@tensorflow/tfjs';

type TensorInfo = { dataId: tf.DataId; shape: number[]; dtype: tf.DataType };
type NumericArray = Float32Array | Int32Array | Uint8Array;

/** The parts of tfjs-backend-wasm's BackendWasm that the kernels below use (public methods in 4.22). */
interface WasmBackendLike {
  makeOutput(shape: number[], dtype: tf.DataType): TensorInfo;
  typedArrayFromHeap(t: TensorInfo): NumericArray;
}

let replaced = false;
/** The kernels that were replaced, to restore them (`restoreWasmSlices`). */
const originals: tf.KernelConfig[] = [];

function stridesOf(shape: number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    strides[d] = s;
    s *= shape[d];
  }
  return strides;
}

/**
 * Copies the box `begin .. begin + size` of `src` (a tensor of shape `shape`, row-major) into `dst`.
 * Trailing dimensions taken whole merge into one contiguous run, copied with `TypedArray.set`.
 */
export function copyBox(src: NumericArray, shape: number[], begin: number[], size: number[], dst: NumericArray): void {
  const rank = shape.length;
  if (rank === 0) {
    dst[0] = src[0];
    return;
  }
  if (size.some((s) => s === 0)) return;
  const strides = stridesOf(shape);
  // dims [outer, rank) form one contiguous run of `run` elements
  let outer = rank - 1;
  let run = size[outer];
  while (outer > 0 && size[outer] === shape[outer]) {
    outer--;
    run *= size[outer];
  }
  let base = 0;
  for (let d = outer; d < rank; d++) base += begin[d] * strides[d];
  const index = new Array<number>(outer).fill(0);
  let offset = base;
  for (let d = 0; d < outer; d++) offset += begin[d] * strides[d];
  let written = 0;
  const total = dst.length;
  const small = run < 32;
  while (written < total) {
    if (small) {
      for (let e = 0; e < run; e++) dst[written + e] = src[offset + e];
    } else {
      dst.set(src.subarray(offset, offset + run), written);
    }
    written += run;
    // advance the odometer over dims [0, outer)
    let d = outer - 1;
    while (d >= 0) {
      index[d]++;
      offset += strides[d];
      if (index[d] < size[d]) break;
      offset -= index[d] * strides[d];
      index[d] = 0;
      d--;
    }
    if (d < 0) break;
  }
}

/**
 * Copies the strided selection `src[begin[d] + i·step[d]]`, `i < count[d]`, of a row-major tensor of shape
 * `shape` into `dst` (steps may be negative).
 */
export function copyStrided(src: NumericArray, shape: number[], begin: number[], step: number[], count: number[], dst: NumericArray): void {
  const rank = shape.length;
  if (count.some((c) => c === 0) || dst.length === 0) return;
  if (rank === 0) {
    dst[0] = src[0];
    return;
  }
  const strides = stridesOf(shape);
  const jump = strides.map((s, d) => s * step[d]);
  const last = rank - 1;
  const inner = count[last];
  const innerJump = jump[last];
  const index = new Array<number>(rank).fill(0);
  let offset = 0;
  for (let d = 0; d < rank; d++) offset += begin[d] * strides[d];
  let written = 0;
  for (;;) {
    for (let e = 0, at = offset; e < inner; e++, at += innerJump) dst[written++] = src[at];
    let d = last - 1;
    while (d >= 0) {
      index[d]++;
      offset += jump[d];
      if (index[d] < count[d]) break;
      offset -= index[d] * jump[d];
      index[d] = 0;
      d--;
    }
    if (d < 0) return;
  }
}

/** A new wasm tensor of shape `outShape` holding the box `begin .. begin + size` of `x`. */
function sliceToOutput(backend: WasmBackendLike, x: TensorInfo, begin: number[], size: number[], outShape: number[]): TensorInfo {
  // Allocate first: allocation may grow the wasm memory, which detaches views made before it.
  const out = backend.makeOutput(outShape, x.dtype);
  copyBox(backend.typedArrayFromHeap(x), x.shape, begin, size, backend.typedArrayFromHeap(out));
  return out;
}

/**
 * tfjs-backend-wasm 4.22's Slice kernel (also used by its Unpack, SplitV and StridedSlice) starts by copying the whole
 * input out of the wasm heap (`backend.readSync`), so cutting a [50, 32, 200] tensor into its 50 time
 * steps copies it 50 times: ~1 ms per slice of 6,400 numbers, and the cost grows with the input, not
 * the slice; its strided path (StridedSlice with steps, e.g. max-pooling gradients) walks the input
 * element by element in C++, ~100x slower than a JS loop over the output. This replaces the four kernels with versions that read the input in place (a typed-array
 * view on the heap, made after the output is allocated). Same results; string tensors keep the
 * original kernels. Returns whether the kernels were replaced (once per process).
 */
export function speedUpWasmSlices(): boolean {
  if (replaced) return false;
  const slice = tf.getKernel('Slice', 'wasm');
  const unpack = tf.getKernel('Unpack', 'wasm');
  const splitV = tf.getKernel('SplitV', 'wasm');
  const stridedSlice = tf.getKernel('StridedSlice', 'wasm');
  if (!slice || !unpack || !splitV || !stridedSlice) return false;
  replaced = true;
  type Args = { inputs: Record<string, TensorInfo>; attrs: Record<string, unknown>; backend: unknown };
  const replace = (config: tf.KernelConfig, fn: (args: Args) => TensorInfo | TensorInfo[]): void => {
    const original = config.kernelFunc;
    originals.push(config);
    tf.unregisterKernel(config.kernelName, 'wasm');
    tf.registerKernel({
      ...config,
      kernelFunc: ((args: Args) => {
        const x = Object.values(args.inputs)[0];
        if (x.dtype === 'string') return original(args as unknown as Parameters<tf.KernelFunc>[0]);
        return fn(args);
      }) as unknown as tf.KernelFunc,
    });
  };

  replace(slice, ({ inputs, attrs, backend }) => {
    const x = inputs.x;
    const [begin, size] = tf.slice_util.parseSliceParams(x as unknown as tf.Tensor, attrs.begin as number[], attrs.size as number[]);
    return sliceToOutput(backend as WasmBackendLike, x, begin, size, size);
  });

  replace(unpack, ({ inputs, attrs, backend }) => {
    const x = inputs.value;
    const rank = x.shape.length;
    const axis = tf.util.parseAxisParam(attrs.axis as number, x.shape)[0];
    const outShape = x.shape.filter((_, d) => d !== axis);
    const begin = new Array<number>(rank).fill(0);
    const size = x.shape.slice();
    size[axis] = 1;
    const outs: TensorInfo[] = [];
    for (let i = 0; i < x.shape[axis]; i++) {
      begin[axis] = i;
      outs.push(sliceToOutput(backend as WasmBackendLike, x, begin, size, outShape));
    }
    return outs;
  });

  replace(splitV, ({ inputs, attrs, backend }) => {
    const x = inputs.x;
    const axis = tf.util.parseAxisParam(attrs.axis as number, x.shape)[0];
    const sizes = tf.backend_util.prepareSplitSize(x as unknown as tf.Tensor, attrs.numOrSizeSplits as number | number[], axis);
    const begin = new Array<number>(x.shape.length).fill(0);
    return sizes.map((s) => {
      const size = x.shape.slice();
      size[axis] = s;
      const out = sliceToOutput(backend as WasmBackendLike, x, begin, size, size);
      begin[axis] += s;
      return out;
    });
  });

  replace(stridedSlice, ({ inputs, attrs, backend }) => {
    const x = inputs.x;
    const a = attrs as Record<string, number & number[]>;
    const info = tf.slice_util.sliceInfo(x.shape, a.begin, a.end, a.strides, a.beginMask, a.endMask, a.ellipsisMask, a.newAxisMask, a.shrinkAxisMask);
    const wasm = backend as WasmBackendLike;
    // The output has the processing shape's layout; shrink and new axes only change its shape.
    const out = wasm.makeOutput(info.finalShape, x.dtype);
    const count = tf.slice_util.computeOutShape(info.begin, info.end, info.strides);
    copyStrided(wasm.typedArrayFromHeap(x), x.shape, info.begin, info.strides, count, wasm.typedArrayFromHeap(out));
    return out;
  });
  return true;
}

/** Puts back tfjs's own Slice, Unpack, SplitV and StridedSlice wasm kernels (for benchmarks and tests). */
export function restoreWasmSlices(): void {
  for (const config of originals.splice(0)) {
    tf.unregisterKernel(config.kernelName, 'wasm');
    tf.registerKernel(config);
  }
  replaced = false;
}
