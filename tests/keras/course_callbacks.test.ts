/**
 * The course's Keras pattern (EarlyStopping + ReduceLROnPlateau + ModelCheckpoint together, with a
 * validation split) on a real model and real metrics.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import * as keras from '../../src/keras';
import { FileIOHandler } from '../../src/serialization/file_io_handler';

describe('course pattern', () => {
  it('fits with the three callbacks, records lr and saves a loadable best model', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsdl-course-'));
    try {
      const n = 64;
      const xs = tf.tidy(() => tf.linspace(-1, 1, n).reshape([n, 1]).concat(tf.linspace(1, -1, n).reshape([n, 1]), 1));
      const ys = tf.tidy(() => tf.cast(tf.greater(xs.slice([0, 0], [n, 1]), 0), 'float32'));
      const model = tf.sequential({
        layers: [tf.layers.dense({ units: 8, inputShape: [2], activation: 'relu' }), tf.layers.dense({ units: 1, activation: 'sigmoid' })],
      });
      model.compile({ optimizer: new keras.AdamW({ learningRate: 0.01 }), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
      const stop = new keras.EarlyStopping({ monitor: 'val_loss', patience: 4, restoreBestWeights: true });
      const ckpt = new keras.ModelCheckpoint(path.join(dir, 'best_model.h5'), { saveBestOnly: true, monitor: 'val_accuracy' });
      const history = await model.fit(xs, ys, {
        epochs: 15,
        batchSize: 16,
        validationSplit: 0.25,
        shuffle: false,
        verbose: 0,
        callbacks: [stop, new keras.ReduceLROnPlateau({ factor: 0.5, patience: 2 }), ckpt],
      });
      expect(history.history.lr?.length).toBe(history.epoch.length);
      expect(ckpt.bestEpoch).toBeGreaterThanOrEqual(0);
      const loaded = await tf.loadLayersModel(new FileIOHandler(path.join(dir, 'best_model', 'model.json')));
      expect(loaded.predict(xs.slice([0, 0], [2, 2])) instanceof tf.Tensor).toBe(true);
      ckpt.dispose();
      loaded.dispose();
      model.dispose();
      tf.dispose([xs, ys]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
