import * as tf from '@tensorflow/tfjs';

/**
 * An 8-bit image as data sets hand it out before `ToTensor` (the role of PIL images in torchvision).
 *
 * Pixels are stored channel-first (planar): `data[c * height * width + y * width + x]`, values 0-255.
 * `vision.transforms.ToTensor` turns it into a float32 tensor `[channels, height, width]` in [0, 1].
 */
export class RawImage {
  constructor(
    readonly data: Uint8Array,
    readonly channels: number,
    readonly height: number,
    readonly width: number,
  ) {
    if (data.length !== channels * height * width) {
      throw new Error(`RawImage: ${data.length} bytes do not fill ${channels}x${height}x${width}`);
    }
  }

  /** `[channels, height, width]`. */
  get shape(): [number, number, number] {
    return [this.channels, this.height, this.width];
  }

  /** The pixels as an int32 tensor `[channels, height, width]` with values 0-255. */
  toTensor(): tf.Tensor3D {
    return tf.tensor3d(Int32Array.from(this.data), this.shape, 'int32');
  }

  toString(): string {
    return `RawImage(${this.channels}x${this.height}x${this.width})`;
  }
}

/** Float planar pixels, the working form of the image transforms. */
export interface Planes {
  data: Float32Array;
  channels: number;
  height: number;
  width: number;
}

/** Any image a transform accepts: a RawImage or a tensor `[C, H, W]` (or `[H, W]`). */
export type ImageLike = RawImage | tf.Tensor;

/** Reads an image into float planes (RawImage keeps 0-255, tensors keep their values). */
export function toPlanes(img: ImageLike, who: string): Planes {
  if (img instanceof RawImage) {
    return { data: Float32Array.from(img.data), channels: img.channels, height: img.height, width: img.width };
  }
  if (img instanceof tf.Tensor) {
    const shape = img.shape as number[];
    if (img.rank === 2) return { data: Float32Array.from(img.dataSync()), channels: 1, height: shape[0], width: shape[1] };
    if (img.rank === 3) {
      return { data: Float32Array.from(img.dataSync()), channels: shape[0], height: shape[1], width: shape[2] };
    }
    throw new Error(`${who}: expected an image tensor of shape [C, H, W] or [H, W], got [${img.shape.join(', ')}]`);
  }
  throw new Error(`${who}: expected a RawImage or a tensor [C, H, W], got ${typeof img}`);
}

/** Writes planes back in the kind of `like` (RawImage: rounded and clamped to 0-255). */
export function fromPlanes(p: Planes, like: ImageLike): ImageLike {
  if (like instanceof RawImage) {
    const bytes = new Uint8Array(p.data.length);
    for (let i = 0; i < bytes.length; i++) bytes[i] = Math.max(0, Math.min(255, Math.round(p.data[i])));
    return new RawImage(bytes, p.channels, p.height, p.width);
  }
  const t = like as tf.Tensor;
  if (t.rank === 2 && p.channels === 1) return tf.tensor2d(p.data, [p.height, p.width], t.dtype === 'int32' ? 'int32' : 'float32');
  return tf.tensor3d(p.data, [p.channels, p.height, p.width], t.dtype === 'int32' ? 'int32' : 'float32');
}

/** The largest pixel value of the kind: 255 for RawImage, 1 for float tensors, 255 for int tensors. */
export function maxValue(like: ImageLike): number {
  return like instanceof RawImage || (like as tf.Tensor).dtype === 'int32' ? 255 : 1;
}
