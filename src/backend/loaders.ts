/**
 * How tsdl finds the optional backends. Each loader returns the loaded package or throws; tests replace
 * them. The native packages (@tensorflow/tfjs-node, @tensorflow/tfjs-node-gpu) are optional: they
 * download libtensorflow when installed, which needs internet (and CUDA for the GPU one), so they are not
 * dependencies of tsdl. A GPU user runs `npm install @tensorflow/tfjs-node-gpu@4.22.0` in the tsdl folder.
 */
export interface BackendLoaders {
  /** Loads @tensorflow/tfjs-node-gpu (registers the 'tensorflow' backend on a CUDA GPU). */
  nodeGpu(): unknown;
  /** Loads @tensorflow/tfjs-node (registers the 'tensorflow' backend on the CPU). */
  node(): unknown;
  /** Loads @tensorflow/tfjs-backend-wasm and points it at its .wasm files; returns the package. */
  wasm(): { setWasmPaths(prefix: string): void } & Record<string, unknown>;
}

/** A `require` of a computed name, so a missing optional package is a runtime error, not a build error. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const optionalRequire: (id: string) => unknown = (id) => require(id);

export const defaultLoaders: BackendLoaders = {
  nodeGpu: () => optionalRequire('@tensorflow/tfjs-node-gpu'),
  node: () => optionalRequire('@tensorflow/tfjs-node'),
  wasm: () => {
    const wasm = optionalRequire('@tensorflow/tfjs-backend-wasm') as ReturnType<BackendLoaders['wasm']>;
    // In Node the .wasm files are read from the package's dist folder.
    const path = optionalRequire('path') as typeof import('path');
    const wasmFile = require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm');
    wasm.setWasmPaths(path.dirname(wasmFile) + path.sep);
    return wasm;
  },
};
