/**
 * The Keras-path callbacks on real tfjs-layers models. A scripting callback placed first overwrites the
 * monitored metric in the epoch logs (callbacks share the logs object), so the schedule of "improvements"
 * is fixed and the expected behaviour can be stated exactly.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import * as keras from '../../src/keras';
import { FileIOHandler } from '../../src/serialization/file_io_handler';

function smallModel(optimizer: tf.Optimizer | string = tf.train.sgd(0.1)): tf.LayersModel {
  const model = tf.sequential();
  model.add(tf.layers.dense({ units: 4, inputShape: [2], activation: 'tanh', kernelInitializer: 'glorotUniform' }));
  model.add(tf.layers.dense({ units: 1 }));
  model.compile({ optimizer, loss: 'meanSquaredError' });
  return model;
}

const x = tf.tensor2d([[0, 0], [0, 1], [1, 0], [1, 1], [0.5, 0.5], [0.2, 0.8]]);
const y = tf.tensor2d([[0], [1], [1], [0], [0.5], [0.7]]);
afterAll(() => tf.dispose([x, y]));

/** Writes `values[epoch]` into logs[key] before the callbacks under test see it. */
class ScriptedMetric extends tf.Callback {
  constructor(private readonly key: string, private readonly values: number[]) {
    super();
  }
  override async onEpochEnd(epoch: number, logs?: tf.Logs): Promise<void> {
    if (logs) logs[this.key] = this.values[epoch];
  }
}

/** Copies the weights at the end of every epoch. */
class WeightRecorder extends tf.Callback {
  readonly perEpoch: number[][][] = [];
  override async onEpochEnd(): Promise<void> {
    this.perEpoch.push(this.model.getWeights().map((w) => Array.from(w.dataSync())));
  }
}

/** Records the optimizer's learning rate at the start and end of every epoch. */
class LrRecorder extends tf.Callback {
  readonly atBegin: number[] = [];
  readonly atEnd: number[] = [];
  override async onEpochBegin(): Promise<void> {
    this.atBegin.push(keras.getLearningRate(this.model.optimizer, 'test'));
  }
  override async onEpochEnd(): Promise<void> {
    this.atEnd.push(keras.getLearningRate(this.model.optimizer, 'test'));
  }
}

describe('keras.EarlyStopping', () => {
  it('stops after `patience` epochs without improvement', async () => {
    const model = smallModel();
    const stop = new keras.EarlyStopping({ monitor: 'val_loss', patience: 2 });
    const history = await model.fit(x, y, {
      epochs: 20,
      verbose: 0,
      callbacks: [new ScriptedMetric('val_loss', [1, 0.5, 0.6, 0.55, 0.4, 0.3]), stop],
    });
    expect(history.epoch).toEqual([0, 1, 2, 3]);
    expect(stop.stoppedEpoch).toBe(3);
    expect(stop.best).toBe(0.5);
    expect(stop.bestEpoch).toBe(1);
    model.dispose();
  });

  it('restoreBestWeights puts back the weights of the best epoch when stopping', async () => {
    const model = smallModel();
    const recorder = new WeightRecorder();
    const stop = new keras.EarlyStopping({ patience: 3, restoreBestWeights: true });
    await model.fit(x, y, {
      epochs: 30,
      verbose: 0,
      callbacks: [new ScriptedMetric('val_loss', [1, 0.9, 0.3, 0.5, 0.6, 0.7, 0.1]), recorder, stop],
    });
    expect(stop.stoppedEpoch).toBe(5);
    const now = model.getWeights().map((w) => Array.from(w.dataSync()));
    expect(now).toEqual(recorder.perEpoch[2]);
    expect(now).not.toEqual(recorder.perEpoch[5]);
    model.dispose();
  });

  it("'auto' mode maximises accuracy (tfjs logs it as acc) and minDelta ignores tiny gains", async () => {
    const model = smallModel();
    const stop = new keras.EarlyStopping({ monitor: 'val_accuracy', patience: 1, minDelta: 0.05 });
    expect(stop.mode).toBe('max');
    const history = await model.fit(x, y, {
      epochs: 10,
      verbose: 0,
      callbacks: [new ScriptedMetric('val_acc', [0.5, 0.7, 0.72, 0.9]), stop],
    });
    expect(history.epoch).toEqual([0, 1, 2]);
    model.dispose();
  });

  it('does not leak tensors', async () => {
    const model = smallModel();
    await model.fit(x, y, { epochs: 1, verbose: 0 });
    const before = tf.memory().numTensors;
    await model.fit(x, y, {
      epochs: 6,
      verbose: 0,
      callbacks: [new ScriptedMetric('val_loss', [1, 0.5, 0.6, 0.7, 0.8, 0.9]), new keras.EarlyStopping({ patience: 2, restoreBestWeights: true })],
    });
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});

describe('keras.ReduceLROnPlateau', () => {
  for (const [name, make] of [
    ['SGD', () => tf.train.sgd(0.1)],
    ['Adam', () => tf.train.adam(0.1)],
    ['keras.AdamW', () => new keras.AdamW({ learningRate: 0.1 })],
  ] as const) {
    it(`reduces the learning rate of ${name} after patience epochs, with cooldown`, async () => {
      const model = smallModel(make());
      const lrs = new LrRecorder();
      const history = await model.fit(x, y, {
        epochs: 9,
        verbose: 0,
        callbacks: [
          new ScriptedMetric('val_loss', [1, 1, 1, 1, 1, 1, 1, 1, 1]),
          new keras.ReduceLROnPlateau({ factor: 0.5, patience: 2, cooldown: 1, minLr: 0.02 }),
          lrs,
        ],
      });
      // As in Keras: epoch 0 improves (from inf); wait 1, 2 -> reduce at epoch 2; epoch 3 ends the cooldown
      // and counts (wait 1); wait 2 -> reduce at epoch 4; again at 6 (0.0125 clipped to minLr 0.02); then
      // the lr is at minLr and stays.
      expect(lrs.atEnd.map((v) => +v.toFixed(6))).toEqual([0.1, 0.1, 0.05, 0.05, 0.025, 0.025, 0.02, 0.02, 0.02]);
      expect(history.history.lr?.length).toBe(9);
      model.dispose();
    });
  }

  it('keeps the lr while the metric improves by more than minDelta', async () => {
    const model = smallModel();
    const lrs = new LrRecorder();
    await model.fit(x, y, {
      epochs: 5,
      verbose: 0,
      callbacks: [new ScriptedMetric('val_loss', [1, 0.8, 0.6, 0.4, 0.2]), new keras.ReduceLROnPlateau({ patience: 1 }), lrs],
    });
    expect(lrs.atEnd).toEqual([0.1, 0.1, 0.1, 0.1, 0.1].map((v) => expect.closeTo(v, 7)));
    model.dispose();
  });

  it('rejects factor >= 1', () => {
    expect(() => new keras.ReduceLROnPlateau({ factor: 1.5 })).toThrow(/factor must be < 1/);
  });
});

describe('keras.LearningRateScheduler', () => {
  it('sets the learning rate from (epoch, lr) at the start of each epoch', async () => {
    const model = smallModel(tf.train.adam(0.01));
    const lrs = new LrRecorder();
    const history = await model.fit(x, y, {
      epochs: 5,
      verbose: 0,
      callbacks: [new keras.LearningRateScheduler((epoch, lr) => (epoch < 2 ? lr : lr * 0.5)), lrs],
    });
    expect(lrs.atBegin).toEqual([0.01, 0.01, 0.005, 0.0025, 0.00125]);
    expect(history.history.lr).toEqual([0.01, 0.01, 0.005, 0.0025, 0.00125]);
    model.dispose();
  });

  it('rejects a schedule that returns a non-number', async () => {
    const model = smallModel();
    await expect(
      model.fit(x, y, { epochs: 1, verbose: 0, callbacks: [new keras.LearningRateScheduler(() => NaN)] }),
    ).rejects.toThrow(/must return a finite number/);
    model.dispose();
  });
});

describe('keras.ModelCheckpoint', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsdl-ckpt-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('keeps the best weights in memory (saveBestOnly) and restores them', async () => {
    const model = smallModel();
    const recorder = new WeightRecorder();
    const ckpt = new keras.ModelCheckpoint({ saveBestOnly: true });
    await model.fit(x, y, {
      epochs: 5,
      verbose: 0,
      callbacks: [new ScriptedMetric('val_loss', [0.9, 0.4, 0.6, 0.5, 0.45]), recorder, ckpt],
    });
    expect(ckpt.bestEpoch).toBe(1);
    expect(ckpt.best).toBe(0.4);
    ckpt.restore();
    expect(model.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(recorder.perEpoch[1]);
    ckpt.dispose();
    model.dispose();
  });

  it('saves the best model to a folder loadable with tf.loadLayersModel (Keras .h5 names become folders)', async () => {
    const model = smallModel();
    const recorder = new WeightRecorder();
    const target = path.join(dir, 'best_model.h5');
    const ckpt = new keras.ModelCheckpoint(target, { saveBestOnly: true, monitor: 'val_accuracy' });
    await model.fit(x, y, {
      epochs: 4,
      verbose: 0,
      callbacks: [new ScriptedMetric('val_acc', [0.5, 0.8, 0.7, 0.75]), recorder, ckpt],
    });
    expect(ckpt.lastSavedPath).toBe(path.join(dir, 'best_model', 'model.json'));
    const loaded = await tf.loadLayersModel(new FileIOHandler(ckpt.lastSavedPath as string));
    expect(loaded.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(recorder.perEpoch[1]);
    ckpt.dispose();
    model.dispose();
    loaded.dispose();
  });

  it('formats {epoch:02d} and {val_loss:.2f} and saves every epoch without saveBestOnly', async () => {
    const model = smallModel();
    const ckpt = new keras.ModelCheckpoint(path.join(dir, 'ep{epoch:02d}-{val_loss:.2f}'));
    await model.fit(x, y, { epochs: 2, verbose: 0, callbacks: [new ScriptedMetric('val_loss', [0.123, 0.456]), ckpt] });
    expect(fs.existsSync(path.join(dir, 'ep01-0.12', 'model.json'))).toBe(true);
    expect(fs.existsSync(path.join(dir, 'ep02-0.46', 'weights.bin'))).toBe(true);
    ckpt.dispose();
    model.dispose();
  });

  it('saveWeightsOnly writes weights that loadWeights reads back, with a shape check', async () => {
    const model = smallModel();
    const file = path.join(dir, 'weights.json');
    const ckpt = new keras.ModelCheckpoint(file, { saveWeightsOnly: true });
    await model.fit(x, y, { epochs: 1, verbose: 0, callbacks: [ckpt] });
    const saved = model.getWeights().map((w) => Array.from(w.dataSync()));
    const other = smallModel();
    keras.ModelCheckpoint.loadWeights(other, file);
    expect(other.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(saved);
    const wider = tf.sequential({ layers: [tf.layers.dense({ units: 5, inputShape: [2] }), tf.layers.dense({ units: 1 })] });
    expect(() => keras.ModelCheckpoint.loadWeights(wider, file)).toThrow(/has shape \[2,5\], the file has \[2,4\]/);
    ckpt.dispose();
    [model, other, wider].forEach((m) => m.dispose());
  });

  it('formatCheckpointPath leaves unknown placeholders alone', () => {
    expect(keras.formatCheckpointPath('m-{epoch:03d}-{foo}', 7, { loss: 1 })).toBe('m-007-{foo}');
  });
});
