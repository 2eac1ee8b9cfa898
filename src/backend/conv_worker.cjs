// The second thread of `wasm_conv_worker.ts`: its own single-threaded tfjs-wasm, running the part of a large
// convolution it is handed. Inputs and outputs travel through a SharedArrayBuffer (the arena); each job is a
// message read synchronously after the main thread has flagged it in `control[0]`, so that the main thread can
// block on the result without an event loop turn. States of control[0]: see STATE in wasm_conv_worker.ts.
'use strict';
const { workerData, receiveMessageOnPort } = require('worker_threads');
const tf = require('@tensorflow/tfjs-core');
require('@tensorflow/tfjs-backend-wasm');

const STATE = { READY: 0, JOB: 1, DONE: 2, FAILED: 3, STOP: 4, STARTING: 5 };
const control = new Int32Array(workerData.control);
const port = workerData.port;

let arena = null;

function tensorAt(offset, shape) {
  const size = shape.reduce((a, b) => a * b, 1);
  return tf.tensor4d(arena.subarray(offset, offset + size), shape);
}

function runJob(job) {
  if (process.env.TSDL_CONV_WORKER_TEST_FAIL === '1') throw new Error('failing as TSDL_CONV_WORKER_TEST_FAIL=1 asks (tests)');
  if (job.arena) arena = new Float32Array(job.arena);
  const filter = tensorAt(job.filter.offset, job.filter.shape);
  const x = tensorAt(job.x.offset, job.x.shape);
  const y = tf.conv2d(x, filter, job.strides, job.pad, 'NHWC', job.dilations, job.dimRoundingMode);
  // The output's values where the backend keeps them (dataSync would copy them first).
  arena.set(tf.backend().typedArrayFromHeap(y), job.out.offset);
  tf.dispose([x, filter, y]);
}

async function main() {
  if (!(await tf.setBackend('wasm'))) throw new Error('conv worker: the wasm backend did not start');
  Atomics.store(control, 0, STATE.READY);
  Atomics.notify(control, 0);
  for (;;) {
    Atomics.wait(control, 0, STATE.READY);
    const state = Atomics.load(control, 0);
    if (state === STATE.STOP) break;
    if (state !== STATE.JOB) continue;
    let ok = true;
    try {
      const received = receiveMessageOnPort(port);
      if (!received) throw new Error('conv worker: a job was flagged but no message came');
      runJob(received.message);
    } catch (err) {
      ok = false;
      port.postMessage({ error: err && err.message ? err.message : String(err) });
    }
    Atomics.store(control, 0, ok ? STATE.DONE : STATE.FAILED);
    Atomics.notify(control, 0);
    // The main thread sets READY again once it has read the result.
    Atomics.wait(control, 0, ok ? STATE.DONE : STATE.FAILED);
  }
}

main().catch((err) => {
  try { port.postMessage({ error: `conv worker: ${err && err.message ? err.message : String(err)}` }); } catch { /* gone */ }
  Atomics.store(control, 0, STATE.FAILED);
  Atomics.notify(control, 0);
});
