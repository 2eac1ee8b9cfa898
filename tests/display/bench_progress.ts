/**
 * Benchmark (not a test): how much `progress` slows a training loop.
 * Run: `npx tsx tests/display/bench_progress.ts`. Prints the time per step without a bar, with a bar in a
 * notebook (a sink that JSON-encodes every message like the kernel would) and with a bar in a terminal.
 */
import * as tf from '@tensorflow/tfjs';
import { progress } from '../../display/progress';
import { setDisplaySink } from '../../display/protocol';

const w = tf.variable(tf.randomNormal([64, 64]));
const x = tf.randomNormal([32, 64]);
const opt = tf.train.sgd(0.001);

function step(): number {
  const loss = opt.minimize(() => tf.tidy(() => tf.mean(tf.square(tf.matMul(x, w)))), true) as tf.Scalar;
  const v = loss.dataSync()[0];
  loss.dispose();
  return v;
}

function timeLoop(steps: number, withBar: 'none' | 'notebook' | 'terminal'): number {
  const start = process.hrtime.bigint();
  if (withBar === 'none') {
    for (let i = 0; i < steps; i++) step();
  } else {
    const bar = progress(steps, { desc: 'bench' });
    for (const i of bar) {
      const loss = step();
      bar.setPostfix({ loss });
      if (i % 20 === 0) bar.log({ loss });
    }
  }
  return Number(process.hrtime.bigint() - start) / 1e6 / steps;
}

let messages = 0;
let bytes = 0;
const steps = Number(process.argv[2] ?? 3000);
for (let i = 0; i < 200; i++) step(); // warm-up
const results: Record<string, number[]> = { none: [], notebook: [], terminal: [] };
const write = process.stdout.write.bind(process.stdout);
for (let round = 0; round < 3; round++) {
  results.none.push(timeLoop(steps, 'none'));
  setDisplaySink({
    display: (o) => { messages++; bytes += JSON.stringify(o).length; },
    update: (o) => { messages++; bytes += JSON.stringify(o).length; },
    clear: () => undefined,
  });
  results.notebook.push(timeLoop(steps, 'notebook'));
  setDisplaySink(null);
  process.stdout.write = (() => true) as typeof process.stdout.write;
  try { results.terminal.push(timeLoop(steps, 'terminal')); } finally { process.stdout.write = write; }
}
const median = (v: number[]): number => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
const base = median(results.none);
console.log(`backend ${tf.getBackend()}, ${steps} steps x 3 rounds`);
for (const k of Object.keys(results)) {
  const m = median(results[k]);
  console.log(`${k.padEnd(9)} ${(m * 1000).toFixed(1)} µs/step  overhead ${(((m - base) / base) * 100).toFixed(1)}%`);
}
console.log(`notebook messages ${messages} (${(messages / 3).toFixed(0)} per run), ${(bytes / 3 / 1024).toFixed(0)} kB per run`);
