/**
 * A/B timing of one speed fix inside one process, robust to a busy machine: alternates blocks of
 * training steps with the fix on and off and reports the median CPU and wall ms per step of each.
 *
 * `node --import tsx bench/ab.ts <workload> <fix> [steps-per-block] [rounds]`, fix: wasm-slices | wasm-shared-copies | light-tape-saves |
 * wasm-max-pool-grad | swapped-products | in-place-optim | simd-kernels | wasm-transpose | activation-gradients |
 * lstm-host-loops | conv-worker | native-kernels | blocked-convolutions | im2col-filter-grads | column-sums |
 * fused-linear | lean-gradients | small-products
 */
import * as tsdl from '../src';
import { lightenTapeSaves, restoreTapeSaves } from '../src/backend/light_tape_saves';
import { restoreWasmIdentityCopies, restoreWasmMaxPoolGrad, restoreWasmSlices, shareWasmIdentityCopies, speedUpWasmMaxPoolGrad, speedUpWasmSlices,
  useSwappedTransposedProducts } from '../src/backend';
import { useSimdKernels } from '../src/backend/simd/simd_kernels';
import { restoreWasmTranspose, speedUpWasmTranspose } from '../src/backend/wasm_simd_transpose';
import { restoreActivationGradients, speedUpActivationGradients } from '../src/backend/wasm_activation_gradients';
import { useLstmHostLoops } from '../src/nn/functional/lstm_sequence_host';
import { speedUpConvWithWorker, useConvWorker } from '../src/backend/wasm_conv_worker';
import { speedUpWithNativeKernels, useNativeKernels } from '../src/backend/wasm_native_kernels';
import { useBlockedConvolutions, useIm2colFilterGrads } from '../src/backend/native_conv';
import { useColumnSumKernel } from '../src/backend/wasm_leading_sums';
import { useFusedLinear } from '../src/nn/functional/linear_kernel';
import { useLeanGradients } from '../src/backend/lean_gradients';
import { useSmallMatMul } from '../src/backend/wasm_small_matmul';
import { benchData, makeWorkload, type WorkloadName } from './workloads';

const FIXES: Record<string, { on(): void; off(): void }> = {
  'wasm-slices': { on: () => void speedUpWasmSlices(), off: restoreWasmSlices },
  'wasm-shared-copies': { on: () => void shareWasmIdentityCopies(), off: restoreWasmIdentityCopies },
  'light-tape-saves': { on: () => void lightenTapeSaves(), off: restoreTapeSaves },
  'wasm-max-pool-grad': { on: () => void speedUpWasmMaxPoolGrad(), off: restoreWasmMaxPoolGrad },
  'swapped-products': { on: () => useSwappedTransposedProducts(true), off: () => useSwappedTransposedProducts(false) },
  'in-place-optim': { on: () => tsdl.optim.useInPlaceUpdates(true), off: () => tsdl.optim.useInPlaceUpdates(false) },
  'simd-kernels': { on: () => useSimdKernels(true), off: () => useSimdKernels(false) },
  'wasm-transpose': { on: () => void speedUpWasmTranspose(), off: restoreWasmTranspose },
  'activation-gradients': { on: () => void speedUpActivationGradients(), off: restoreActivationGradients },
  'lstm-host-loops': { on: () => useLstmHostLoops(true), off: () => useLstmHostLoops(false) },
  'conv-worker': { on: () => { speedUpConvWithWorker(); useConvWorker(true); }, off: () => useConvWorker(false) },
  'native-kernels': { on: () => { speedUpWithNativeKernels(); useNativeKernels(true); }, off: () => useNativeKernels(false) },
  'blocked-convolutions': { on: () => useBlockedConvolutions(true), off: () => useBlockedConvolutions(false) },
  'im2col-filter-grads': { on: () => useIm2colFilterGrads(true), off: () => useIm2colFilterGrads(false) },
  'column-sums': { on: () => useColumnSumKernel(true), off: () => useColumnSumKernel(false) },
  'fused-linear': { on: () => useFusedLinear(true), off: () => useFusedLinear(false) },
  'lean-gradients': { on: () => void useLeanGradients(true), off: () => void useLeanGradients(false) },
  'small-products': { on: () => useSmallMatMul(true), off: () => useSmallMatMul(false) },
};

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function main(): Promise<void> {
  const [name, fixName, stepsArg, roundsArg] = process.argv.slice(2);
  const fix = FIXES[fixName];
  if (!fix) throw new Error(`ab: unknown fix "${fixName}" (one of ${Object.keys(FIXES).join(', ')})`);
  const steps = Number(stepsArg ?? 5);
  const rounds = Number(roundsArg ?? 5);
  await tsdl.ready();
  tsdl.manualSeed(0);
  const w = makeWorkload(name as WorkloadName, true, benchData());
  const it = w.batches();
  for (let i = 0; i < Math.min(w.warmup, 5); i++) it.next();
  const block = (): [number, number] => {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < steps; i++) it.next();
    const c = process.cpuUsage(c0);
    return [(c.user + c.system) / 1000 / steps, (performance.now() - t0) / steps];
  };
  const on: [number, number][] = [];
  const off: [number, number][] = [];
  for (let r = 0; r < rounds; r++) {
    fix.off();
    it.next();
    off.push(block());
    fix.on();
    it.next();
    on.push(block());
  }
  const fmt = (xs: [number, number][]) => `${median(xs.map((x) => x[0])).toFixed(2)} ms CPU, ${median(xs.map((x) => x[1])).toFixed(2)} ms wall`;
  console.log(`${name} ${fixName}: without ${fmt(off)} | with ${fmt(on)} | CPU speed-up ${(median(off.map((x) => x[0])) / median(on.map((x) => x[0]))).toFixed(2)}x`);
  it.return(undefined);
  w.dispose();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
