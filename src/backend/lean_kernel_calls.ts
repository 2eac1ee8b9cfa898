import * as tf from '@tensorflow/tfjs';
import { engineMethodSwitch } from './engine_method';

/** The parts of tfjs-core 4.22's Engine that its `runKernel` uses (public members of the class). */
interface EngineInternals {
  backendName: string | null;
  backend: tf.KernelBackend;
  ENV: { getBool(flag: string): boolean };
  state: { gradientDepth: number; kernelDepth: number; profiling: boolean };
  runKernel(kernelName: string, inputs: tf.NamedTensorMap, attrs?: tf.NamedAttrMap): tf.Tensor | tf.Tensor[];
  makeTensorFromTensorInfo(info: tf.TensorInfo): tf.Tensor;
  getTensorsForGradient(kernelName: string, inputs: tf.NamedTensorMap, outputs: tf.Tensor[]): tf.Tensor[] | null;
  saveTensorsForBackwardMode(tensors: tf.Tensor[]): tf.Tensor[];
  addTapeNode(kernelName: string, inputs: tf.NamedTensorMap, outputs: tf.Tensor[], gradientsFunc: null, saved: tf.Tensor[],
    attrs: tf.NamedAttrMap | undefined): void;
}

/** tfjs's own `Engine.runKernel`, for what `leanRunKernel` leaves to it. */
const tfjsRunKernel = (Object.getPrototypeOf(tf.engine()) as EngineInternals).runKernel;

/**
 * tfjs-core 4.22's `Engine.runKernel` for a registered kernel, without what only its debug mode, profiler and
 * test-time leak check use: the same kernel call, output tensors, saved tensors, tape node, kernel depth and
 * errors, in the same order. tfjs builds three closures per call, runs the kernel through `scopedRun` and asks
 * the environment for its debug and test flags three times; with a small model's steps that bookkeeping is a
 * good part of what runs before V8 has optimized it (an XOR step makes eight kernel calls). The debug mode
 * (`tf.enableDebugMode()`), `tf.profile` and the `IS_TEST` leak check take tfjs's own path.
 */
function leanRunKernel(this: EngineInternals, kernelName: string, inputs: tf.NamedTensorMap, attrs?: tf.NamedAttrMap): tf.Tensor | tf.Tensor[] {
  const backendName = this.backendName;
  if (backendName == null || this.state.profiling || this.ENV.getBool('DEBUG') || this.ENV.getBool('IS_TEST')) {
    return tfjsRunKernel.call(this, kernelName, inputs, attrs);
  }
  const kernel = tf.getKernel(kernelName, backendName);
  if (kernel == null) throw new Error(`Kernel '${kernelName}' not registered for backend '${backendName}'`);
  const isTapeOn = this.state.gradientDepth > 0 && this.state.kernelDepth === 0;
  let out: tf.TensorInfo | tf.TensorInfo[];
  let outputs: tf.Tensor[];
  let saved: tf.Tensor[] = [];
  this.state.kernelDepth++;
  try {
    out = kernel.kernelFunc({ inputs, attrs: attrs as tf.NamedAttrMap, backend: this.backend });
    const infos = Array.isArray(out) ? out : [out];
    outputs = new Array<tf.Tensor>(infos.length);
    for (let i = 0; i < infos.length; i++) {
      const info = infos[i] as tf.TensorInfo & { rank?: number };
      outputs[i] = info.rank != null ? info as unknown as tf.Tensor : this.makeTensorFromTensorInfo(info);
    }
    if (isTapeOn) saved = this.saveTensorsForBackwardMode(this.getTensorsForGradient(kernelName, inputs, outputs) as tf.Tensor[]);
  } finally {
    this.state.kernelDepth--;
  }
  if (isTapeOn) this.addTapeNode(kernelName, inputs, outputs, null, saved, attrs);
  return Array.isArray(out) ? outputs : outputs[0];
}

/**
 * Makes tfjs's engine run registered kernels with `leanRunKernel` (tfjs-core 4.22 only: the method mirrors that
 * version's). Idempotent; `on = false` restores tfjs's; returns whether it is in use. `TSDL_LEAN_KERNEL_CALLS=0`
 * keeps tfjs's.
 */
export const useLeanKernelCalls = engineMethodSwitch('runKernel', leanRunKernel, (engine) => {
  const e = engine as unknown as EngineInternals;
  return typeof e.getTensorsForGradient === 'function' && typeof e.addTapeNode === 'function'
    && typeof e.makeTensorFromTensorInfo === 'function' && typeof e.state?.kernelDepth === 'number'
    && process.env.TSDL_LEAN_KERNEL_CALLS !== '0';
});
