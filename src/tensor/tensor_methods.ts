import * as tf from '@tensorflow/tfjs';
import { checkDevice, type DeviceLike } from '../backend/device';

/**
 * Adds two PyTorch-style methods to every tfjs tensor (tfjs adds its own chained methods the same way):
 * - `x.to(device)`: checks the device and returns `x` itself (all tensors live on the one backend);
 * - `x.item()`: the value of a one-element tensor as a number;
 * - `loss.backward()`: an error that explains the closure form `tsdl.backward(() => loss)`.
 */
declare module '@tensorflow/tfjs-core/dist/tensor' {
  interface Tensor {
    /** Checks `device` ('cpu' / 'cuda') and returns this tensor; tfjs keeps all tensors on one backend. */
    to(device: DeviceLike): this;
    /** The value of a one-element tensor as a number (like PyTorch's `.item()`). */
    item(): number;
    /**
     * Always throws: TensorFlow.js cannot differentiate after the fact. The message shows the closure
     * form, `tsdl.backward(() => lossOf(model.forward(x)))`.
     */
    backward(): never;
  }
}

const proto = tf.Tensor.prototype as unknown as Record<string, unknown>;

if (typeof proto.to !== 'function') {
  Object.defineProperty(proto, 'to', {
    value: function to(this: tf.Tensor, device: DeviceLike): tf.Tensor {
      checkDevice(device);
      return this;
    },
    configurable: true,
    writable: true,
  });
}

if (typeof proto.item !== 'function') {
  Object.defineProperty(proto, 'item', {
    value: function item(this: tf.Tensor): number {
      if (this.size !== 1) {
        throw new Error(`item(): only one-element tensors can be converted to a number, got shape [${this.shape}]`);
      }
      return this.dataSync()[0] as number;
    },
    configurable: true,
    writable: true,
  });
}

if (typeof proto.backward !== 'function') {
  Object.defineProperty(proto, 'backward', {
    value: function backward(): never {
      throw new Error(
        'loss.backward() is not available: TensorFlow.js records operations for gradients only while a function ' +
          'runs. Compute the loss inside tsdl.backward instead:\n' +
          '  optimizer.zeroGrad();\n' +
          '  const loss = tsdl.backward(() => criterion.forward(model.forward(x), y));  // fills p.grad, returns a number\n' +
          '  optimizer.step();',
      );
    },
    configurable: true,
    writable: true,
  });
}

export {};
