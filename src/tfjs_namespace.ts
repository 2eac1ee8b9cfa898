/**
 * Marks TensorFlow.js's CommonJS bundle as a compiled ES module (`__esModule`), before the library's modules
 * import it.
 *
 * That bundle is built from ES modules but does not carry the marker, so every `import * as tf from
 * '@tensorflow/tfjs'` that TypeScript compiles to CommonJS (`esModuleInterop`) wraps the module in a new object
 * with one getter per export, and each `tf.tidy`, `tf.tensor`... in tsdl's code became a getter call into the
 * bundle's own re-export getter. Marked, the import is the module object itself (the same exports, no copy).
 * A small model's step reads `tf.*` a few hundred times, and the getters cost in optimized code too: XOR's first
 * 2,000 steps took 205 → 183 µs each and the next 2,000 86 → 71 µs (6 alternating runs). The marker only changes what
 * interop helpers do with a default import, which the package's type declarations do not allow.
 * `TSDL_TFJS_WRAPPERS=1` leaves the bundle unmarked (benchmarks).
 */
/* eslint-disable @typescript-eslint/no-require-imports */
if (process.env.TSDL_TFJS_WRAPPERS !== '1') {
  const exports = require('@tensorflow/tfjs') as Record<string, unknown>;
  if (!Object.prototype.hasOwnProperty.call(exports, '__esModule')) Object.defineProperty(exports, '__esModule', { value: true });
}
/* eslint-enable @typescript-eslint/no-require-imports */
export {};
