/** Which backend runs the tensors, as reported by `tsdl.backendInfo()`. */
export interface BackendInfo {
  /** 'tensorflow' (tfjs-node or tfjs-node-gpu), 'wasm', 'cpu' (pure JavaScript), or another tfjs backend name. */
  backend: string;
  /** 'cuda' when tensors run on an NVIDIA GPU through tfjs-node-gpu, else 'cpu'. */
  device: 'cuda' | 'cpu';
  /** A readable name of the device, e.g. 'NVIDIA GeForce RTX 3060' or 'CPU (WebAssembly, SIMD, 1 thread)'. */
  deviceName: string;
  /** True when a GPU does the work. */
  gpu: boolean;
  /** Notes from backend selection (why a faster backend was not used), empty when nothing to say. */
  notes: string[];
}

let current: BackendInfo | null = null;

/** The selected backend, or null before selection. */
export function currentBackendInfo(): BackendInfo | null {
  return current;
}

/** Records the selected backend (used by the selection code and tests). */
export function setCurrentBackendInfo(info: BackendInfo | null): void {
  current = info;
}
