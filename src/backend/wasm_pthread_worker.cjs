// One worker thread of the multithreaded WebAssembly backend (started by Emscripten; see wasm_threads.ts).
// Emscripten's worker script expects to run as a file of its own, with CommonJS's `require` and
// `__filename` in scope, and it evaluates the backend's script into the global scope. tfjs ships the worker
// script as a string meant for a browser Blob, whose "\n" escapes became real newlines inside string
// literals: escape them again, then evaluate it globally.
'use strict';
Object.assign(globalThis, { require, __filename, __dirname });
const { wasmWorkerContents } = require('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.worker.js');
(0, eval)(wasmWorkerContents.replace(/\n/g, '\\n'));
