/**
 * Where a tsdl training step spends its time: `node --import tsx bench/profile.ts <workload> [steps]`.
 * Prints the step's wall and CPU time, then the kernels by total time (tfjs's profiler: per-kernel wall
 * time, so on a busy machine compare shares, not absolute values) with their calls per step; the gap
 * between kernel time and step time is per-op dispatch, the tape, JS in modules/optimizers and data loading.
 */
import * as tf from '@tensorflow/tfjs';
import * as tsdl from '../src';
import { benchData, makeWorkload, type WorkloadName } from './workloads';

async function main(): Promise<void> {
  const name = (process.argv[2] ?? 'mnist_mlp') as WorkloadName;
  const steps = Number(process.argv[3] ?? 5);
  await tsdl.ready();
  tsdl.manualSeed(0);
  const w = makeWorkload(name, true, benchData());
  const it = w.batches();
  for (let i = 0; i < Math.max(2, Math.min(w.warmup, 10)); i++) it.next();
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  for (let i = 0; i < steps; i++) it.next();
  const plain = (performance.now() - t0) / steps;
  const cpu = process.cpuUsage(c0);
  const cpuMs = (cpu.user + cpu.system) / 1000 / steps;
  const info = await tf.profile(() => {
    for (let i = 0; i < steps; i++) it.next();
  });
  const byKernel = new Map<string, { ms: number; calls: number }>();
  let kernelMs = 0;
  for (const k of info.kernels) {
    const ms = typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
    const e = byKernel.get(k.name) ?? { ms: 0, calls: 0 };
    e.ms += ms;
    e.calls += 1;
    byKernel.set(k.name, e);
    kernelMs += ms;
  }
  const rows = [...byKernel.entries()].sort((a, b) => b[1].ms - a[1].ms);
  console.log(`${name} on ${tf.getBackend()}: ${plain.toFixed(2)} ms/step unprofiled (${cpuMs.toFixed(2)} ms CPU); kernels ${(kernelMs / steps).toFixed(2)} ms/step in ${(info.kernels.length / steps).toFixed(0)} kernel calls/step`);
  console.log(`${'kernel'.padEnd(28)} ${'ms/step'.padStart(8)} ${'calls/step'.padStart(10)}`);
  for (const [k, e] of rows.slice(0, 25)) {
    console.log(`${k.padEnd(28)} ${(e.ms / steps).toFixed(2).padStart(8)} ${(e.calls / steps).toFixed(0).padStart(10)}`);
  }
  it.return(undefined);
  w.dispose();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
