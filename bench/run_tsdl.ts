/**
 * Child process of `npm run bench`: trains one tsdl workload and prints one JSON line
 * `{ workload, backend, sec_per_epoch, ms_per_batch, warm_ms_per_batch, cpu_sec_per_epoch, rss_mb, tensors_growth, loss }`
 * (CPU seconds count both threads of the process: a steadier measure than wall time on a busy machine;
 * `warm_ms_per_batch` times a second window of as many batches right after the first; tensor growth spans both).
 *
 * Usage: `node --import tsx bench/run_tsdl.ts <workload> <bench-data.json> [quick]`
 * (`TSDL_BACKEND` picks the backend as usual; `BENCH_WITHOUT=wasm-slices,wasm-shared-copies,in-place-optim` runs
 * without those speed fixes.)
 */
import * as fs from 'fs';
import * as tf from '@tensorflow/tfjs';
import { backend, tsdl } from './library';
import { makeWorkload, WORKLOADS, type BenchData, type WorkloadName } from './workloads';

async function main(): Promise<void> {
  const [name, dataFile, quickArg] = process.argv.slice(2);
  if (!(WORKLOADS as readonly string[]).includes(name)) throw new Error(`run_tsdl: unknown workload "${name}" (one of ${WORKLOADS.join(', ')})`);
  const info = await tsdl.ready();
  // BENCH_WITHOUT=wasm-slices: measure without a speed fix (for before/after tables).
  const without = (process.env.BENCH_WITHOUT ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (without.includes('wasm-slices')) backend.restoreWasmSlices();
  if (without.includes('wasm-shared-copies')) backend.restoreWasmIdentityCopies();
  if (without.includes('in-place-optim')) tsdl.optim.useInPlaceUpdates(false);
  tsdl.manualSeed(0);
  const bench = JSON.parse(fs.readFileSync(dataFile, 'utf8')) as BenchData;
  const w = makeWorkload(name as WorkloadName, quickArg === 'quick', bench);
  const it = w.batches();
  let loss = NaN;
  for (let i = 0; i < w.warmup; i++) loss = it.next().value as number;
  const tensorsBefore = tf.memory().numTensors;
  const cpuStart = process.cpuUsage();
  const start = process.hrtime.bigint();
  for (let i = 0; i < w.timed; i++) loss = it.next().value as number;
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  // A second window of as many batches: what training costs once V8 has compiled the hot JavaScript (the
  // first window of a small model is mostly V8's optimizing compiler catching up).
  const warmStart = process.hrtime.bigint();
  for (let i = 0; i < w.timed; i++) loss = it.next().value as number;
  const warmSeconds = Number(process.hrtime.bigint() - warmStart) / 1e9;
  const tensorsGrowth = tf.memory().numTensors - tensorsBefore;
  it.return(undefined);
  w.dispose();
  const out = {
    workload: name,
    backend: info.backend + threadsSuffix(info.deviceName),
    sec_per_epoch: (seconds / w.timed) * w.batchesPerEpoch,
    ms_per_batch: (seconds / w.timed) * 1000,
    warm_ms_per_batch: (warmSeconds / w.timed) * 1000,
    cpu_sec_per_epoch: (cpuSeconds / w.timed) * w.batchesPerEpoch,
    batches_per_epoch: w.batchesPerEpoch,
    timed_batches: w.timed,
    warmup_batches: w.warmup,
    rss_mb: process.resourceUsage().maxRSS / 1024,
    tensors_growth: tensorsGrowth,
    loss,
  };
  process.stdout.write(JSON.stringify(out) + '\n');
}

main().catch((err) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});

/**
 * What is appended to 'wasm': '×2' when TSDL_WASM_THREADS runs the multithreaded build, '+ort' when ONNX Runtime
 * takes the large convolutions and products.
 */
function threadsSuffix(deviceName: string): string {
  const threads = /WebAssembly[^,]*, (\d+) threads[;)]/.exec(deviceName)?.[1];
  return `${threads ? `×${threads}` : ''}${/ONNX Runtime/.test(deviceName) ? '+ort' : ''}`;
}
