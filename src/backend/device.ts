import { currentBackendInfo } from './info';

/**
 * A device name, like `torch.device`. TensorFlow.js runs all tensors on the one backend chosen at start-up,
 * so a device is a label that is checked (asking for 'cuda' without a GPU is an error, as in PyTorch) and
 * lets `model.to(device)` / `x.to(device)` read as in PyTorch.
 *
 * ```ts
 * const dev = tsdl.device(tsdl.cuda.isAvailable() ? 'cuda' : 'cpu');
 * model.to(dev);
 * ```
 */
export class Device {
  /** 'cuda' or 'cpu'. */
  readonly type: 'cuda' | 'cpu';
  /** Device index for 'cuda:N' (always 0 here: tfjs uses one GPU), null for cpu. */
  readonly index: number | null;

  constructor(name: string) {
    const match = /^(cuda|gpu|cpu)(?::(\d+))?$/.exec(String(name).trim().toLowerCase());
    if (!match) {
      throw new Error(`device: unknown device "${name}" (expected 'cpu', 'cuda' or 'cuda:0')`);
    }
    this.type = match[1] === 'cpu' ? 'cpu' : 'cuda';
    this.index = match[2] !== undefined ? Number(match[2]) : this.type === 'cuda' ? 0 : null;
    if (this.type === 'cuda' && this.index !== 0) {
      throw new Error(`device: only one GPU (cuda:0) is usable from TensorFlow.js, got "${name}"`);
    }
  }

  toString(): string {
    return this.type === 'cuda' ? `cuda:${this.index}` : 'cpu';
  }
}

/** A device name or a Device. */
export type DeviceLike = string | Device;

/** `tsdl.device('cuda' | 'cpu')`, like `torch.device`. */
export function device(name: DeviceLike): Device {
  return name instanceof Device ? name : new Device(name);
}

/** Whether tensors run on a CUDA GPU (tfjs-node-gpu loaded with a GPU), like `torch.cuda`. */
export const cuda = {
  /** True when the selected backend runs on a CUDA GPU. Call after `await tsdl.ready()`. */
  isAvailable(): boolean {
    return currentBackendInfo()?.device === 'cuda';
  },
  /** Number of usable GPUs: 1 or 0. */
  deviceCount(): number {
    return cuda.isAvailable() ? 1 : 0;
  },
  /** The GPU's name, like `torch.cuda.get_device_name()`. Throws when no GPU is in use. */
  deviceName(): string {
    const info = currentBackendInfo();
    if (!info || info.device !== 'cuda') {
      throw new Error('cuda.deviceName(): no CUDA GPU is in use (see tsdl.backendInfo())');
    }
    return info.deviceName;
  },
};

/**
 * Checks that `target` names a usable device and returns it. Asking for 'cuda' when no GPU is in use is
 * an error, as in PyTorch ("Torch not compiled with CUDA enabled").
 */
export function checkDevice(target: DeviceLike): Device {
  const dev = device(target);
  if (dev.type === 'cuda' && !cuda.isAvailable()) {
    const info = currentBackendInfo();
    throw new Error(
      `.to('${dev}'): no CUDA GPU is in use (backend: ${info ? info.backend : 'not selected yet'}). ` +
        "Use tsdl.device(tsdl.cuda.isAvailable() ? 'cuda' : 'cpu'); a GPU needs @tensorflow/tfjs-node-gpu (see README).",
    );
  }
  return dev;
}
