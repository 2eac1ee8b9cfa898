import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as vision from '../../src/vision';
import * as data from '../../src/data';

const T = vision.transforms;

describe('IDX parser and MNIST', () => {
  it('parses a hand-made IDX file and rejects broken ones', () => {
    const bytes = new Uint8Array([0, 0, 0x08, 2, 0, 0, 0, 2, 0, 0, 0, 3, 1, 2, 3, 4, 5, 6]);
    const arr = vision.datasets.parseIdx(bytes);
    expect(arr.shape).toEqual([2, 3]);
    expect(Array.from(arr.data)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(() => vision.datasets.parseIdx(bytes.slice(0, 15))).toThrow(/truncated IDX body, expected 18 bytes for shape \[2, 3\], got 15/);
    expect(() => vision.datasets.parseIdx(new Uint8Array([1, 0, 8, 1]))).toThrow(/not an IDX file/);
  });

  it('loads the real training set quickly and lazily; first image is a 5', () => {
    const start = Date.now();
    const before = tf.memory().numTensors;
    const train = new vision.datasets.MNIST({ train: true, transform: T.ToTensor() });
    expect(Date.now() - start).toBeLessThan(5000);
    expect(tf.memory().numTensors).toBe(before); // no tensors made up front
    expect(train.length).toBe(60000);
    const [img, label] = train.get(0) as [tf.Tensor, number];
    expect(img.shape).toEqual([1, 28, 28]);
    expect(img.dtype).toBe('float32');
    expect(label).toBe(5);
    const px = img.dataSync();
    expect(Math.min(...px)).toBe(0);
    expect(Math.max(...px)).toBe(1);
    img.dispose();
  });

  it('test split, .data and .targets like torchvision', () => {
    const test = new vision.datasets.MNIST({ train: false });
    expect(test.length).toBe(10000);
    const [raw, label] = test.get(0);
    expect(raw).toBeInstanceOf(vision.RawImage);
    expect(raw.shape).toEqual([1, 28, 28]);
    expect(label).toBe(7);
    expect(test.targets.shape).toEqual([10000]);
    expect(test.data.shape).toEqual([10000, 28, 28]);
    expect(test.targets.dataSync()[0]).toBe(7);
    test.dispose();
  });

  it('MNIST through a DataLoader with Normalize gives normalized batches', () => {
    const train = new vision.datasets.MNIST({ transform: T.Compose([T.ToTensor(), T.Normalize([0.1307], [0.3081])]) });
    const loader = new data.DataLoader(train, { batchSize: 64 });
    expect(loader.length).toBe(938);
    const before = tf.memory().numTensors;
    for (const [xb, yb] of loader) {
      expect(xb.shape).toEqual([64, 1, 28, 28]);
      expect(Array.from(yb.dataSync()).slice(0, 3)).toEqual([5, 0, 4]);
      const lowest = tf.min(xb);
      expect(lowest.dataSync()[0]).toBeCloseTo(-0.1307 / 0.3081, 4);
      lowest.dispose();
      break;
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('whole batches of byte images at once', () => {
  /** The batch the data loader makes item by item: `get` for each index, then defaultCollate. */
  const itemByItem = (ds: data.Dataset<unknown>, indices: number[]) =>
    tf.tidy(() => data.defaultCollate(indices.map((i) => ds.get(i))) as tf.Tensor[]);
  const expectSameBatch = (got: tf.Tensor[], want: tf.Tensor[]) => {
    expect(got.map((t) => [t.dtype, t.shape])).toEqual(want.map((t) => [t.dtype, t.shape]));
    got.forEach((t, k) => expect(Buffer.from(t.dataSync().buffer).equals(Buffer.from(want[k].dataSync().buffer))).toBe(true));
    tf.dispose([...got, ...want]);
  };
  const indices = [5, 0, 59999, 12, -1, 31337];

  it('MNIST with ToTensor, with Normalize after it, and with Composes of them: bit for bit the items, collated', () => {
    const transforms = [T.ToTensor(), T.Compose([T.ToTensor(), T.Normalize([0.1307], [0.3081])]), T.Compose([T.ToTensor()]),
      T.Compose([T.ToTensor(), T.Normalize([0.5], [0.25]), T.Normalize([-1], [3])])];
    for (const transform of transforms) {
      const train = new vision.datasets.MNIST({ transform });
      expect(train.getBatch, transform.description).toBeDefined();
      const before = tf.memory().numTensors;
      expectSameBatch(tf.tidy(() => train.getBatch!(indices) as tf.Tensor[]), itemByItem(train, indices));
      expect(tf.memory().numTensors).toBe(before);
    }
  });

  it('the data loader and a Subset use it, with the batches they made before', () => {
    const train = new vision.datasets.MNIST({ transform: T.Compose([T.ToTensor(), T.Normalize([0.1307], [0.3081])]) });
    const subset = new data.Subset(train, [7, 70, 700, 7000, 70000 - 10001]);
    for (const ds of [train, subset]) {
      const [xb, yb] = new data.DataLoader(ds, { batchSize: 4, shuffle: false })[Symbol.iterator]().next().value as tf.Tensor[];
      expectSameBatch([xb, yb], itemByItem(ds, [0, 1, 2, 3]));
    }
  });

  it('is not used where the items could differ: label transforms, other transforms, an overridden get', () => {
    const byte = (img: vision.RawImage) => img.data[300];
    const cases: [string, vision.datasets.MNISTOptions<unknown, unknown>][] = [
      ['no transform', {}],
      ['a label transform', { transform: T.ToTensor(), targetTransform: (l: number) => l + 1 }],
      ['a random crop', { transform: T.Compose([T.ToTensor(), T.RandomCrop(28, { padding: 2 })]) }],
      ['Normalize before ToTensor', { transform: T.Compose([T.Normalize([0.5], [0.5]), T.ToTensor()]) }],
      ['a plain function', { transform: byte }],
    ];
    for (const [label, options] of cases) expect(new vision.datasets.MNIST(options).getBatch, label).toBeUndefined();
    class Shifted extends vision.datasets.MNIST<tf.Tensor, number> {
      override get(i: number): [tf.Tensor, number] {
        return super.get(i + 1);
      }
    }
    expect(new Shifted({ transform: T.ToTensor() }).getBatch).toBeUndefined();
    class OwnBatches extends vision.datasets.MNIST<tf.Tensor, number> {
      override getBatch(indices: number[]): string {
        return `batch of ${indices.length}`;
      }
    }
    expect(new OwnBatches({ transform: T.ToTensor() }).getBatch([1, 2])).toBe('batch of 2');
  });

  it('a Normalize whose mean and std arrays change later keeps the values it was made with, both ways', () => {
    const mean = [0.5], std = [0.25];
    const train = new vision.datasets.MNIST({ transform: T.Compose([T.ToTensor(), T.Normalize(mean, std)]) });
    mean[0] = 100;
    std[0] = 7;
    const batch = tf.tidy(() => train.getBatch!([0]) as tf.Tensor[]);
    const [item] = train.get(0) as [tf.Tensor, number];
    expect(Array.from(batch[0].dataSync())).toEqual(Array.from(item.dataSync()));
    expect(Math.min(...item.dataSync())).toBe(-2); // (0 - 0.5) / 0.25
    tf.dispose([...batch, item]);
  });

  it('bad input gets the errors of the item-by-item path', () => {
    const wrongStats = new vision.datasets.MNIST({ transform: T.Compose([T.ToTensor(), T.Normalize([0.5, 0.5, 0.5], [0.2, 0.2, 0.2])]) });
    const before = tf.memory().numTensors;
    expect(() => wrongStats.get(0)).toThrow(/Normalize: mean and std have 3 entries but the image has 1 channels/);
    expect(() => wrongStats.getBatch!([0, 1])).toThrow(/Normalize: mean and std have 3 entries but the image has 1 channels/);
    const train = new vision.datasets.MNIST({ transform: T.ToTensor() });
    expect(() => train.getBatch!([0, 60000])).toThrow(/index 60000 is out of range for a data set of length 60000/);
    expect(() => train.getBatch!([0.5])).toThrow(/index must be an integer, got 0.5/);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('CIFAR10 binary reader', () => {
  let root: string;
  const record = (label: number, base: number) => {
    const r = new Uint8Array(3073);
    r[0] = label;
    for (let i = 0; i < 3072; i++) r[1 + i] = (base + i) % 256;
    return r;
  };
  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'cifar-'));
    const dir = path.join(root, 'cifar-10-batches-bin');
    fs.mkdirSync(dir);
    for (let b = 1; b <= 5; b++) fs.writeFileSync(path.join(dir, `data_batch_${b}.bin`), Buffer.concat([record(b, b), record(9, 100 + b)]));
    fs.writeFileSync(path.join(dir, 'test_batch.bin'), Buffer.from(record(3, 7)));
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('reads records: labels, planar RGB pixels, HWC .data', () => {
    const train = new vision.datasets.CIFAR10({ root, train: true });
    expect(train.length).toBe(10);
    expect(train.targets).toEqual([1, 9, 2, 9, 3, 9, 4, 9, 5, 9]);
    const [img, label] = train.get(2);
    expect(label).toBe(2);
    expect(img.shape).toEqual([3, 32, 32]);
    expect(img.data[0]).toBe(2); // red plane first pixel
    expect(img.data[1024]).toBe((2 + 1024) % 256); // green plane
    const hwc = train.data.arraySync() as number[][][][];
    expect(hwc[2][0][0]).toEqual([2, (2 + 1024) % 256, (2 + 2048) % 256]);
    train.dispose();
    const test = new vision.datasets.CIFAR10({ root: path.join(root, 'cifar-10-batches-bin'), train: false, transform: T.ToTensor() });
    expect(test.length).toBe(1);
    const [x] = test.get(0) as [tf.Tensor, number];
    expect(x.shape).toEqual([3, 32, 32]);
    x.dispose();
  });

  it('makes whole batches of three-channel images with ToTensor and Normalize, bit for bit the items, collated', () => {
    const train = new vision.datasets.CIFAR10({ root, train: true,
      transform: T.Compose([T.ToTensor(), T.Normalize([0.4914, 0.4822, 0.4465], [0.247, 0.243, 0.261])]) });
    expect(train.getBatch).toBeDefined();
    const indices = [3, 0, 9, -2];
    const got = tf.tidy(() => train.getBatch!(indices) as tf.Tensor[]);
    const want = tf.tidy(() => data.defaultCollate(indices.map((i) => train.get(i))) as tf.Tensor[]);
    expect(got.map((t) => [t.dtype, t.shape])).toEqual([['float32', [4, 3, 32, 32]], ['int32', [4]]]);
    got.forEach((t, k) => expect(Array.from(t.dataSync())).toEqual(Array.from(want[k].dataSync())));
    tf.dispose([...got, ...want]);
    expect(new vision.datasets.CIFAR10({ root, train: true, transform: T.Compose([T.RandomHorizontalFlip(), T.ToTensor()]) }).getBatch).toBeUndefined();
  });

  it('reads TSDL_DATA when no root is given', () => {
    const saved = process.env.TSDL_DATA;
    process.env.TSDL_DATA = root;
    try {
      expect(new vision.datasets.CIFAR10({ train: false }).length).toBe(1);
    } finally {
      if (saved === undefined) delete process.env.TSDL_DATA;
      else process.env.TSDL_DATA = saved;
    }
  });

  it('a missing data folder says where to put which files', () => {
    const saved = process.env.TSDL_DATA;
    delete process.env.TSDL_DATA;
    try {
      expect(() => new vision.datasets.CIFAR10({ root: '/nonexistent/place' })).toThrow(
        /CIFAR10: data not found under root=\/nonexistent\/place.*cifar-10-binary\.tar\.gz.*\/nonexistent\/place\/cifar-10-batches-bin\/data_batch_1\.bin.*TSDL_DATA/,
      );
      expect(() => new vision.datasets.CIFAR10()).toThrow(/no root given and TSDL_DATA is not set/);
    } finally {
      if (saved !== undefined) process.env.TSDL_DATA = saved;
    }
  });

  it('a truncated file is reported', () => {
    const bad = fs.mkdtempSync(path.join(os.tmpdir(), 'cifar-bad-'));
    fs.writeFileSync(path.join(bad, 'test_batch.bin'), Buffer.alloc(100));
    expect(() => new vision.datasets.CIFAR10({ root: bad, train: false })).toThrow(/has 100 bytes, not a multiple of 3073/);
    fs.rmSync(bad, { recursive: true, force: true });
  });
});

describe('image transforms', () => {
  const img = new vision.RawImage(Uint8Array.from({ length: 3 * 4 * 4 }, (_, i) => i * 5), 3, 4, 4);

  it('ToTensor and Normalize', () => {
    const x = T.ToTensor()(img);
    expect(x.shape).toEqual([3, 4, 4]);
    expect(x.dataSync()[1]).toBeCloseTo(5 / 255, 6);
    const n = T.Normalize([0.5, 0.5, 0.5], [0.5, 0.5, 0.5])(x);
    expect(n.dataSync()[0]).toBeCloseTo(-1, 6);
    expect(() => T.Normalize([0.5], [0])).toThrow(/std evaluated to zero/);
    expect(() => T.Normalize([0.5, 0.5], [0.5, 0.5])(x)).toThrow(/2 entries but the image has 3 channels/);
    expect(() => T.Normalize([0.5], [0.5])(img as never)).toThrow(/apply ToTensor\(\) first/);
    tf.dispose([x, n]);
  });

  it('Compose disposes intermediate tensors', () => {
    const before = tf.memory().numTensors;
    const out = T.Compose([T.ToTensor(), T.Normalize([0.1], [0.2]), T.RandomHorizontalFlip(1)])(img) as tf.Tensor;
    expect(tf.memory().numTensors).toBe(before + 1);
    out.dispose();
  });

  it('flip, crop with padding, centre crop, resize', () => {
    const flipped = T.RandomHorizontalFlip(1)(img) as vision.RawImage;
    expect(flipped.data[0]).toBe(img.data[3]);
    const cropped = T.RandomCrop(4, { padding: 2, seed: 0 })(img) as vision.RawImage;
    expect(cropped.shape).toEqual([3, 4, 4]);
    const center = T.CenterCrop(2)(img) as vision.RawImage;
    expect(Array.from(center.data.slice(0, 4))).toEqual([5 * 5, 6 * 5, 9 * 5, 10 * 5]);
    const up = T.Resize([8, 8])(img) as vision.RawImage;
    expect(up.shape).toEqual([3, 8, 8]);
    const short = T.Resize(2)(new vision.RawImage(new Uint8Array(4 * 8), 1, 4, 8)) as vision.RawImage;
    expect(short.shape).toEqual([1, 2, 4]);
    expect(() => T.RandomCrop(10)(img)).toThrow(/required crop size \[10, 10\] is larger than the \(padded\) image \[4, 4\]/);
  });

  it('rotation by 90 degrees moves pixels counter-clockwise; random transforms are seeded', () => {
    const g = new vision.RawImage(Uint8Array.from([1, 2, 3, 4]), 1, 2, 2);
    const rot = T.RandomRotation([90, 90])(g) as vision.RawImage;
    expect(Array.from(rot.data)).toEqual([2, 4, 1, 3]);
    const a = T.ColorJitter({ brightness: 0.5, contrast: 0.5, saturation: 0.5, hue: 0.2, seed: 4 });
    const b = T.ColorJitter({ brightness: 0.5, contrast: 0.5, saturation: 0.5, hue: 0.2, seed: 4 });
    const ja = a(img) as vision.RawImage;
    expect(Array.from(ja.data)).toEqual(Array.from((b(img) as vision.RawImage).data));
    expect(Array.from(ja.data)).not.toEqual(Array.from(img.data));
    const t = T.ToTensor()(img);
    const jt = T.ColorJitter({ brightness: 0.9, seed: 1 })(t) as tf.Tensor;
    expect(Math.max(...jt.dataSync())).toBeLessThanOrEqual(1);
    expect(() => T.ColorJitter({ hue: 0.7 })).toThrow(/hue should be in \[0, 0.5\], got 0.7/);
    tf.dispose([t, jt]);
  });
});
