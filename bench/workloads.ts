/**
 * The course's training workloads written with tsdl, as a student would: a model built from `nn`, a
 * `data.DataLoader`, an optimizer from `optim` and the `tsdl.backward` closure loop. `bench/torch_workloads.py`
 * holds the same six in PyTorch (same architecture, data, batch size, optimizer).
 *
 * Each workload exposes `batchesPerEpoch`, `warmup` and `timed` batch counts and a `step` generator that
 * yields after every training batch, so the runner can time `timed` batches after `warmup` and scale to
 * one epoch.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import type * as Tsdl from '../src';
import { tsdl } from './library';

const { nn, optim, data, vision } = tsdl;
const T = vision.transforms;

/** One benchmark workload: a model, its loader and its training step. */
export interface Workload {
  name: string;
  batchesPerEpoch: number;
  /** Batches run before the clock starts (backend warm-up, kernel compilation, first allocations). */
  warmup: number;
  /** Batches timed; seconds per epoch = time / timed * batchesPerEpoch. */
  timed: number;
  /** Runs training batches forever (epoch after epoch), yielding after each. */
  batches(): Generator<number>;
  dispose(): void;
}

/** Shared data files the PyTorch side reads (breast cancer after scaling, the sine series). */
export interface BenchData {
  breastCancer: { X: number[][]; y: number[] };
  sine: number[];
}

export const MNIST_MEAN = 0.1307;
export const MNIST_STD = 0.3081;

/** The data both sides train on (tsdl's own data sets), as plain arrays. Call after `tsdl.ready()`. */
export function benchData(): BenchData {
  const bc = tsdl.sk.datasets.loadBreastCancer();
  const [Xtr, , ytr] = tsdl.sk.modelSelection.trainTestSplit(bc.data, bc.target, { testSize: 0.2, randomState: 42 }) as tf.Tensor[];
  const scaler = new tsdl.sk.preprocessing.StandardScaler();
  const Xs = scaler.fitTransform(Xtr) as tf.Tensor2D;
  const [, series] = tsdl.sk.datasets.makeSineSeries({ randomState: 42 });
  const out: BenchData = {
    breastCancer: { X: Xs.arraySync() as number[][], y: Array.from(ytr.dataSync()) },
    sine: Array.from(series.dataSync()),
  };
  tf.dispose([bc.data, bc.target, Xtr, ytr, Xs, series]);
  return out;
}

/** Writes `benchData()` to `file` as JSON, for the PyTorch side. */
export async function exportBenchData(file: string): Promise<void> {
  await tsdl.ready();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(benchData()));
}

/** Trains `model` on `loader` forever with the course's loop; yields after each batch. */
function* trainLoop(
  model: Tsdl.nn.Module,
  loader: Iterable<tf.Tensor[]>,
  criterion: { forward(out: tf.Tensor, target: tf.Tensor): tf.Tensor },
  optimizer: Tsdl.optim.Optimizer,
  forward: (x: tf.Tensor) => tf.Tensor = (x) => model.forward(x) as tf.Tensor,
): Generator<number> {
  model.train();
  for (;;) {
    for (const [xb, yb] of loader) {
      optimizer.zeroGrad();
      const loss = tsdl.backward(() => criterion.forward(forward(xb), yb));
      optimizer.step();
      yield loss;
    }
  }
}

function scaled(quick: boolean, full: number, short: number): number {
  return quick ? short : full;
}

/** XOR: 2-4-1 MLP, tanh hidden, sigmoid output, BCE, SGD lr 0.5, the 4 points as one batch. */
function xor(quick: boolean): Workload {
  const X = tf.tensor2d([[0, 0], [0, 1], [1, 0], [1, 1]]);
  const y = tf.tensor2d([[0], [1], [1], [0]]);
  const model = new nn.Sequential(new nn.Linear(2, 4), new nn.Tanh(), new nn.Linear(4, 1), new nn.Sigmoid());
  const loader = new data.DataLoader(new data.TensorDataset(X, y), { batchSize: 4 });
  const opt = new optim.SGD(model.parameters(), { lr: 0.5 });
  return {
    name: 'xor_mlp', batchesPerEpoch: 1, warmup: 50, timed: scaled(quick, 2000, 300),
    batches: () => trainLoop(model, loader as Iterable<tf.Tensor[]>, new nn.BCELoss(), opt),
    dispose: () => { tf.dispose([X, y]); opt.dispose(); model.dispose(); },
  };
}

/** Breast cancer: 30-64-32-16-1 with BatchNorm1d, ReLU, Dropout(0.3), sigmoid + BCE, Adam, batch 32. */
function breastCancer(quick: boolean, bench: BenchData): Workload {
  const X = tf.tensor2d(bench.breastCancer.X);
  const y = tf.tensor2d(bench.breastCancer.y, [bench.breastCancer.y.length, 1]);
  const layers: Tsdl.nn.Module[] = [];
  let prev = 30;
  for (const h of [64, 32, 16]) {
    layers.push(new nn.Linear(prev, h), new nn.BatchNorm1d(h), new nn.ReLU(), new nn.Dropout(0.3));
    prev = h;
  }
  const model = new nn.Sequential(...layers, new nn.Linear(prev, 1), new nn.Sigmoid());
  const loader = new data.DataLoader(new data.TensorDataset(X, y), { batchSize: 32, shuffle: true });
  const opt = new optim.Adam(model.parameters(), { lr: 1e-3, weightDecay: 1e-5 });
  return {
    name: 'breast_cancer_mlp', batchesPerEpoch: loader.length, warmup: 30, timed: scaled(quick, 600, 100),
    batches: () => trainLoop(model, loader as Iterable<tf.Tensor[]>, new nn.BCELoss(), opt),
    dispose: () => { tf.dispose([X, y]); opt.dispose(); model.dispose(); },
  };
}

function mnistLoader(mean = MNIST_MEAN, std = MNIST_STD): InstanceType<typeof data.DataLoader> {
  const train = new vision.datasets.MNIST({
    train: true,
    transform: T.Compose([T.ToTensor(), T.Normalize([mean], [std])]),
  });
  return new data.DataLoader(train, { batchSize: 64, shuffle: true });
}

/** MNIST MLP: flatten, 784-128-64-10 with ReLU, cross-entropy, Adam lr 1e-3, batch 64. */
function mnistMlp(quick: boolean): Workload {
  const model = new nn.Sequential(
    new nn.Flatten(), new nn.Linear(784, 128), new nn.ReLU(), new nn.Linear(128, 64), new nn.ReLU(), new nn.Linear(64, 10),
  );
  const loader = mnistLoader();
  const opt = new optim.Adam(model.parameters(), { lr: 1e-3 });
  return {
    name: 'mnist_mlp', batchesPerEpoch: loader.length, warmup: 10, timed: scaled(quick, 400, 60),
    batches: () => trainLoop(model, loader as Iterable<tf.Tensor[]>, new nn.CrossEntropyLoss(), opt),
    dispose: () => { opt.dispose(); model.dispose(); },
  };
}

/** Module 003's project CNN: conv(1→32,3)+relu+maxpool2, conv(32→64,3)+relu+maxpool2, Dropout2d, fc 1600→100→10. */
class MnistCnn extends nn.Module {
  conv1 = new nn.Conv2d(1, 32, 3);
  conv2 = new nn.Conv2d(32, 64, 3);
  conv2Drop = new nn.Dropout2d();
  fc1 = new nn.Linear(1600, 100);
  fc2 = new nn.Linear(100, 10);

  override forward(x: tf.Tensor): tf.Tensor {
    const F = tsdl.F;
    x = F.maxPool2d(F.relu(this.conv1.forward(x)), 2);
    x = F.maxPool2d(F.relu(this.conv2.forward(x)), 2);
    x = this.conv2Drop.forward(x);
    x = tf.reshape(x, [-1, 1600]);
    x = F.relu(this.fc1.forward(x));
    return F.logSoftmax(this.fc2.forward(x), 1);
  }
}

/**
 * Timed over 150 steps: PyTorch's first 40 took 17–23 ms each in some runs and its steps over a whole epoch 25–32 ms
 * (100-step buckets), so a 40-step window could estimate its epoch a fifth short. On this machine both sides' step
 * times move by a fifth within seconds; 150 steps (3–4 s) average more of that.
 */
function mnistCnn(quick: boolean): Workload {
  const model = new MnistCnn();
  const loader = mnistLoader();
  const opt = new optim.Adam(model.parameters());
  return {
    name: 'mnist_cnn', batchesPerEpoch: loader.length, warmup: 3, timed: scaled(quick, 150, 8),
    batches: () => trainLoop(model, loader as Iterable<tf.Tensor[]>, new nn.CrossEntropyLoss(), opt),
    dispose: () => { opt.dispose(); model.dispose(); },
  };
}

/** LSTM forecaster: 2-layer LSTM (hidden 50, dropout 0.2) on windows of 50, last step → Linear(50, 1). */
class SineLstm extends nn.Module {
  lstm = new nn.LSTM(1, 50, { numLayers: 2, batchFirst: true, dropout: 0.2 });
  fc = new nn.Linear(50, 1);

  override forward(x: tf.Tensor): tf.Tensor {
    const [out] = this.lstm.forward(x);
    const last = tf.squeeze(tf.slice(out, [0, out.shape[1]! - 1, 0], [-1, 1, -1]), [1]);
    return this.fc.forward(last);
  }
}

function sineLstm(quick: boolean, bench: BenchData): Workload {
  const [X, y] = data.slidingWindows(bench.sine, 50);
  const model = new SineLstm();
  const loader = new data.DataLoader(new data.TensorDataset(X, y), { batchSize: 32, shuffle: true });
  const opt = new optim.Adam(model.parameters(), { lr: 1e-3 });
  return {
    name: 'sine_lstm', batchesPerEpoch: loader.length, warmup: 3, timed: scaled(quick, 40, 8),
    batches: () => trainLoop(model, loader as Iterable<tf.Tensor[]>, new nn.MSELoss(), opt),
    dispose: () => { tf.dispose([X, y]); opt.dispose(); model.dispose(); },
  };
}

/** s2-20's generator: 100-128-256-512-1024-784, BatchNorm1d after all but the first Linear, LeakyReLU(0.2), tanh. */
class GanGenerator extends nn.Module {
  model: Tsdl.nn.Sequential;
  constructor() {
    super();
    const block = (i: number, o: number, normalize = true): Tsdl.nn.Module[] =>
      [new nn.Linear(i, o), ...(normalize ? [new nn.BatchNorm1d(o)] : []), new nn.LeakyReLU(0.2)];
    this.model = new nn.Sequential(...block(100, 128, false), ...block(128, 256), ...block(256, 512), ...block(512, 1024),
      new nn.Linear(1024, 784), new nn.Tanh());
  }

  override forward(z: tf.Tensor): tf.Tensor {
    return this.model.forward(z) as tf.Tensor;
  }
}

/** s2-20's discriminator: 784-512-256-128-1, LeakyReLU(0.2) and Dropout(0.3) between, sigmoid. */
class GanDiscriminator extends nn.Module {
  model = new nn.Sequential(
    new nn.Linear(784, 512), new nn.LeakyReLU(0.2), new nn.Dropout(0.3),
    new nn.Linear(512, 256), new nn.LeakyReLU(0.2), new nn.Dropout(0.3),
    new nn.Linear(256, 128), new nn.LeakyReLU(0.2), new nn.Dropout(0.3),
    new nn.Linear(128, 1), new nn.Sigmoid(),
  );

  override forward(img: tf.Tensor): tf.Tensor {
    return this.model.forward(tf.reshape(img, [img.shape[0], -1])) as tf.Tensor;
  }
}

/**
 * MNIST GAN (s2-20): per batch of 64 real images (normalised to [-1, 1]) a generator step on 64 noise vectors,
 * then a discriminator step on the real and the generated images; BCE, two Adams (lr 2e-4, betas 0.5/0.999).
 */
function mnistGan(quick: boolean): Workload {
  const G = new GanGenerator();
  const D = new GanDiscriminator();
  const loader = mnistLoader(0.5, 0.5);
  const optG = new optim.Adam(G.parameters(), { lr: 2e-4, betas: [0.5, 0.999] });
  const optD = new optim.Adam(D.parameters(), { lr: 2e-4, betas: [0.5, 0.999] });
  const bce = new nn.BCELoss();
  function* batches(): Generator<number> {
    G.train();
    D.train();
    for (;;) {
      for (const [imgs] of loader as Iterable<tf.Tensor[]>) {
        const n = imgs.shape[0];
        const valid = tf.ones([n, 1]);
        const fake = tf.zeros([n, 1]);
        const z = tsdl.randn([n, 100]);
        optG.zeroGrad();
        let generated: tf.Tensor | null = null;
        tsdl.backward(() => {
          generated = tf.keep(G.forward(z));
          return bce.forward(D.forward(generated), valid);
        }, { parameters: G.parameters() });
        optG.step();
        optD.zeroGrad();
        const dLoss = tsdl.backward(() => tf.div(tf.add(bce.forward(D.forward(imgs), valid),
          bce.forward(D.forward(tsdl.detach(generated!)), fake)), 2), { parameters: D.parameters() });
        optD.step();
        tf.dispose([valid, fake, z, generated!]);
        yield dLoss;
      }
    }
  }
  return {
    name: 'mnist_gan', batchesPerEpoch: loader.length, warmup: 3, timed: scaled(quick, 60, 8),
    batches,
    dispose: () => { optG.dispose(); optD.dispose(); G.dispose(); D.dispose(); },
  };
}

export const WORKLOADS = ['xor_mlp', 'breast_cancer_mlp', 'mnist_mlp', 'mnist_cnn', 'sine_lstm', 'mnist_gan'] as const;
export type WorkloadName = (typeof WORKLOADS)[number];

/** Builds the workload `name`; `bench` is the data written by `exportBenchData`. */
export function makeWorkload(name: WorkloadName, quick: boolean, bench: BenchData): Workload {
  switch (name) {
    case 'xor_mlp': return xor(quick);
    case 'breast_cancer_mlp': return breastCancer(quick, bench);
    case 'mnist_mlp': return mnistMlp(quick);
    case 'mnist_cnn': return mnistCnn(quick);
    case 'sine_lstm': return sineLstm(quick, bench);
    case 'mnist_gan': return mnistGan(quick);
  }
}
