import * as tf from '@tensorflow/tfjs';
import { RawImage } from '../image';
import { Transform, makeTransform, type PointwiseMap } from './transform';

/**
 * Converts an image to a float32 tensor `[C, H, W]` with values in [0, 1] (torchvision's `ToTensor`).
 * Accepts a {@link RawImage} (0-255) or an int32 tensor `[C, H, W]` / `[H, W]` with values 0-255.
 * ```ts
 * const x = vision.transforms.ToTensor()(img);   // [1, 28, 28] for MNIST
 * ```
 */
export function ToTensor(): Transform<RawImage | tf.Tensor, tf.Tensor3D> {
  return makeTransform('ToTensor()', (img: RawImage | tf.Tensor) => {
    if (img instanceof RawImage) {
      const out = new Float32Array(img.data.length);
      for (let i = 0; i < out.length; i++) out[i] = img.data[i] / 255;
      return tf.tensor3d(out, img.shape);
    }
    if (img instanceof tf.Tensor) {
      if (img.dtype !== 'int32') {
        throw new Error(`ToTensor: expected a RawImage or an int32 tensor with values 0-255, got a ${img.dtype} tensor (it may already be converted)`);
      }
      if (img.rank !== 2 && img.rank !== 3) throw new Error(`ToTensor: expected shape [C, H, W] or [H, W], got [${img.shape.join(', ')}]`);
      return tf.tidy(() => {
        const f = tf.div(tf.cast(img, 'float32'), 255);
        return (img.rank === 2 ? tf.expandDims(f, 0) : f) as tf.Tensor3D;
      });
    }
    throw new Error(`ToTensor: expected a RawImage or a tensor, got ${typeof img}`);
  }, { input: 'pixels', forChannels: () => (v) => Math.fround(v / 255) });
}

function checkStats(values: number[], name: string): number[] {
  if (!Array.isArray(values) || values.length === 0 || values.some((v) => !Number.isFinite(v))) {
    throw new Error(`Normalize: ${name} should be a non-empty array of finite numbers, got ${JSON.stringify(values)}`);
  }
  return values;
}

/**
 * Normalizes each channel: `out[c] = (x[c] - mean[c]) / std[c]` (torchvision's `Normalize`).
 * Input: float tensor `[C, H, W]` (or a batch `[N, C, H, W]`); `mean`/`std` have `C` entries (or 1).
 * ```ts
 * vision.transforms.Normalize([0.1307], [0.3081]);                        // MNIST
 * vision.transforms.Normalize([0.4914, 0.4822, 0.4465], [0.247, 0.243, 0.261]);  // CIFAR-10
 * ```
 */
export function Normalize(meanValues: number[], stdValues: number[]): Transform<tf.Tensor, tf.Tensor> {
  // Copies, so that both ways of applying it (an image, a whole batch) use the values it was made with.
  const mean = [...checkStats(meanValues, 'mean')];
  const std = [...checkStats(stdValues, 'std')];
  if (std.some((s) => s === 0)) throw new Error(`Normalize: std evaluated to zero, got std=${JSON.stringify(std)}`);
  if (mean.length !== std.length) throw new Error(`Normalize: mean has ${mean.length} entries but std has ${std.length}`);
  const checkChannels = (channels: number) => {
    if (mean.length !== 1 && mean.length !== channels) {
      throw new Error(`Normalize: mean and std have ${mean.length} entries but the image has ${channels} channels`);
    }
  };
  const pointwise: PointwiseMap = {
    input: 'floats',
    forChannels: (channels) => {
      checkChannels(channels);
      const m = mean.length === 1 ? () => mean[0] : (c: number) => mean[c];
      const s = std.length === 1 ? () => std[0] : (c: number) => std[c];
      return (v, c) => Math.fround((v - m(c)) / s(c));
    },
  };
  return makeTransform(`Normalize(mean=${JSON.stringify(mean)}, std=${JSON.stringify(std)})`, (x: tf.Tensor) => {
    if (!(x instanceof tf.Tensor) || x.dtype !== 'float32') {
      throw new Error('Normalize: expected a float32 tensor [C, H, W]; apply ToTensor() first');
    }
    if (x.rank !== 3 && x.rank !== 4) throw new Error(`Normalize: expected shape [C, H, W] or [N, C, H, W], got [${x.shape.join(', ')}]`);
    checkChannels(x.shape[x.rank - 3]);
    if (x.rank === 3) {
      // One image: normalize the values in JS and create one tensor (faster than 4 tensor ops per item).
      const [c, h, w] = x.shape as number[];
      const src = x.dataSync();
      const out = new Float32Array(src.length);
      for (let ch = 0; ch < c; ch++) {
        const m = mean.length === 1 ? mean[0] : mean[ch];
        const s = std.length === 1 ? std[0] : std[ch];
        for (let i = ch * h * w; i < (ch + 1) * h * w; i++) out[i] = (src[i] - m) / s;
      }
      return tf.tensor3d(out, [c, h, w]);
    }
    return tf.tidy(() => {
      const m = tf.tensor3d(mean, [mean.length, 1, 1]);
      const s = tf.tensor3d(std, [std.length, 1, 1]);
      return tf.div(tf.sub(x, m), s);
    });
  }, pointwise);
}
