import * as tf from '@tensorflow/tfjs';
import { checkIndex } from '../../data/dataset';
import type { Transform } from '../transforms/transform';

/** Where a data set's images are: `count` images, image `i`'s bytes channels first, `[channels, height, width]`. */
export interface ImageBytes {
  count: number;
  channels: number;
  height: number;
  width: number;
  pixelsOf(i: number): Uint8Array;
}

/**
 * Makes a whole batch `[images, labels]` of a data set of byte images at once, when its `transform` maps each
 * pixel byte on its own (`ToTensor()`, optionally followed by `Normalize(...)`: see `PointwiseMap`) and there is
 * no label transform; returns undefined otherwise (the data loader then makes the items one by one). Indices are
 * checked as `get` checks them (negative ones count from the end). The batch is
 * what `defaultCollate` makes of the items: float32 images `[N, C, H, W]` with the transform's values, bit for
 * bit (a table of the transform's value for each of the 256 bytes per channel), and int32 labels `[N]`.
 * For MNIST, 64 images take ~0.2 ms instead of ~1.5 ms item by item (three tensors per image, then a stack).
 */
export function pointwiseBatchMaker(
  images: ImageBytes,
  labelOf: (i: number) => number,
  transform: ((img: never) => unknown) | undefined,
  targetTransform: unknown,
): ((indices: number[]) => [tf.Tensor4D, tf.Tensor1D]) | undefined {
  const pointwise = (transform as Partial<Transform> | undefined)?.pointwise;
  if (!pointwise || pointwise.input !== 'pixels' || targetTransform !== undefined) return undefined;
  const { channels, height, width } = images;
  const plane = height * width;
  /** Per channel, the transform's float32 value of each byte. */
  let tables: Float32Array[] | undefined;
  return (indices) => {
    if (!tables) {
      // Made on first use, so an image the transform cannot take fails where the item-by-item path would.
      const map = pointwise.forChannels(channels);
      tables = Array.from({ length: channels }, (_, c) => Float32Array.from({ length: 256 }, (_, b) => map(b, c)));
    }
    const at = indices.map((i) => checkIndex(i, images.count));
    const out = new Float32Array(at.length * channels * plane);
    const labels = new Int32Array(at.length);
    for (let k = 0; k < at.length; k++) {
      const px = images.pixelsOf(at[k]);
      for (let c = 0; c < channels; c++) {
        const lookup = tables[c];
        const from = c * plane;
        const to = k * channels * plane + from;
        for (let p = 0; p < plane; p++) out[to + p] = lookup[px[from + p]];
      }
      labels[k] = labelOf(at[k]);
    }
    return [tf.tensor4d(out, [at.length, channels, height, width]), tf.tensor1d(labels, 'int32')];
  };
}
