import * as fs from 'fs';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { Dataset, checkIndex } from '../../data/dataset';
import { RawImage } from '../image';
import { pointwiseBatchMaker } from './pointwise_batch';

/** Options of {@link CIFAR10}. */
export interface CIFAR10Options<T = RawImage, L = number> {
  /**
   * Folder containing `cifar-10-batches-bin/` (or that folder itself). Default: the `TSDL_DATA`
   * environment variable.
   */
  root?: string;
  /** The 50,000 training images (default) or, with `false`, the 10,000 test images. */
  train?: boolean;
  /** Applied to each image (a {@link RawImage} 3x32x32). */
  transform?: (img: RawImage) => T;
  /** Applied to each label (a number 0-9). */
  targetTransform?: (label: number) => L;
}

/** Bytes per record of the binary CIFAR-10 files: 1 label byte + 3 x 32 x 32 pixel bytes. */
export const CIFAR10_RECORD_BYTES = 1 + 3 * 32 * 32;
export const CIFAR10_TRAIN_FILES = ['data_batch_1.bin', 'data_batch_2.bin', 'data_batch_3.bin', 'data_batch_4.bin', 'data_batch_5.bin'];
export const CIFAR10_TEST_FILES = ['test_batch.bin'];
const FOLDER = 'cifar-10-batches-bin';

function missingDataMessage(root: string | undefined, files: string[]): string {
  const where = root ? path.join(path.resolve(root), FOLDER) : `<root>/${FOLDER}`;
  return (
    `CIFAR10: data not found${root ? ` under root=${root}` : ' (no root given and TSDL_DATA is not set)'}. ` +
    `The data cannot be downloaded here: get the binary version "cifar-10-binary.tar.gz" ` +
    `(https://www.cs.toronto.edu/~kriz/cifar.html), unpack it, and make sure these files exist: ` +
    files.map((f) => path.join(where, f)).join(', ') +
    `. Then pass { root: '<folder containing ${FOLDER}>' } or set the environment variable TSDL_DATA to that folder.`
  );
}

/** Finds the folder holding the batch files: `root/cifar-10-batches-bin` or `root` itself. */
function findBatchFolder(root: string | undefined, files: string[]): string {
  if (!root) throw new Error(missingDataMessage(root, files));
  for (const candidate of [path.join(root, FOLDER), root]) {
    if (files.every((f) => fs.existsSync(path.join(candidate, f)))) return candidate;
  }
  throw new Error(missingDataMessage(root, files));
}

/**
 * CIFAR-10, read from the binary files of `cifar-10-binary.tar.gz` (torchvision's
 * `datasets.CIFAR10`): 50,000 training / 10,000 test colour images of 32x32, 10 classes.
 *
 * Each record of `data_batch_1.bin` ... `data_batch_5.bin` / `test_batch.bin` is one label byte
 * followed by 1024 red, 1024 green and 1024 blue bytes (row-major). `get(i)` returns `[image, label]`,
 * the image a {@link RawImage} `3x32x32` (or the `transform`'s result). `.data` is an int32 tensor
 * `[N, 32, 32, 3]` (HWC like torchvision's numpy array; created on first access) and `.targets` a
 * `number[]`. With a `transform` that maps each pixel on its own (`ToTensor()`, then any `Normalize(...)`) and no
 * `targetTransform`, a `DataLoader` gets whole batches from `getBatch` (`pointwise_batch.ts`).
 * ```ts
 * const train = new vision.datasets.CIFAR10({ root: '/data', train: true, transform: vision.transforms.ToTensor() });
 * ```
 */
export class CIFAR10<T = RawImage, L = number> extends Dataset<[T, L]> {
  readonly classes = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'];
  readonly train: boolean;
  readonly root: string;
  readonly transform?: (img: RawImage) => unknown;
  readonly targetTransform?: (label: number) => unknown;
  /** All labels, 0-9. */
  readonly targets: number[];
  private readonly records: Uint8Array[];
  private readonly offsets: number[];
  private dataTensor?: tf.Tensor4D;

  constructor(options: CIFAR10Options<T, L> = {}) {
    super();
    this.train = options.train ?? true;
    this.transform = options.transform;
    this.targetTransform = options.targetTransform;
    const files = this.train ? CIFAR10_TRAIN_FILES : CIFAR10_TEST_FILES;
    const folder = findBatchFolder(options.root ?? process.env.TSDL_DATA, files);
    this.root = folder;
    this.records = files.map((f) => {
      const bytes = new Uint8Array(fs.readFileSync(path.join(folder, f)));
      if (bytes.length === 0 || bytes.length % CIFAR10_RECORD_BYTES !== 0) {
        throw new Error(`CIFAR10: ${path.join(folder, f)} has ${bytes.length} bytes, not a multiple of ${CIFAR10_RECORD_BYTES} (1 label + 3072 pixels)`);
      }
      return bytes;
    });
    this.offsets = [];
    this.targets = [];
    this.records.forEach((bytes, fileIndex) => {
      for (let at = 0; at < bytes.length; at += CIFAR10_RECORD_BYTES) {
        const label = bytes[at];
        if (label > 9) throw new Error(`CIFAR10: label ${label} out of range 0-9 in ${files[fileIndex]}`);
        this.targets.push(label);
        this.offsets.push(fileIndex, at);
      }
    });
    // A whole batch at once when the transform allows it (and `get` is this class's own, `getBatch` no subclass's).
    const batch = this.get === CIFAR10.prototype.get && this.getBatch === undefined ? pointwiseBatchMaker(
      { count: this.length, channels: 3, height: 32, width: 32, pixelsOf: (i) => this.pixelsOf(i) }, (i) => this.targets[i],
      this.transform, this.targetTransform) : undefined;
    if (batch) this.getBatch = batch;
  }

  get length(): number {
    return this.targets.length;
  }

  private pixelsOf(i: number): Uint8Array {
    const bytes = this.records[this.offsets[2 * i]];
    const at = this.offsets[2 * i + 1] + 1;
    return bytes.subarray(at, at + 3072);
  }

  get(index: number): [T, L] {
    const i = checkIndex(index, this.length);
    const img = new RawImage(this.pixelsOf(i).slice(), 3, 32, 32);
    const label = this.targets[i];
    return [
      (this.transform ? this.transform(img) : img) as T,
      (this.targetTransform ? this.targetTransform(label) : label) as L,
    ];
  }

  /** int32 tensor `[N, 32, 32, 3]`, values 0-255 (created on first access, owned by the data set). */
  get data(): tf.Tensor4D {
    if (!this.dataTensor || this.dataTensor.isDisposed) {
      const n = this.length;
      const out = new Int32Array(n * 3072);
      for (let i = 0; i < n; i++) {
        const px = this.pixelsOf(i);
        for (let p = 0; p < 1024; p++) for (let c = 0; c < 3; c++) out[i * 3072 + p * 3 + c] = px[c * 1024 + p];
      }
      this.dataTensor = tf.tensor4d(out, [n, 32, 32, 3], 'int32');
    }
    return this.dataTensor;
  }

  dispose(): void {
    this.dataTensor?.dispose();
  }

  override toString(): string {
    return `Dataset CIFAR10\n    Number of datapoints: ${this.length}\n    Split: ${this.train ? 'Train' : 'Test'}\n    Root location: ${this.root}`;
  }
}
