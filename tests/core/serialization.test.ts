import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { load, save, registerFileIOHandler, weightsPathFor } from '../../src/serialization';
import { Sequential } from '../../src/nn';
import { TinyLinear, TinyReLU, values } from './helpers';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsdl-ser-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('save / load', () => {
  it('round-trips a state dict into another model', () => {
    const a = new Sequential(new TinyLinear(2, 3, true, 0.5), new TinyReLU(), new TinyLinear(3, 1));
    const b = new Sequential(new TinyLinear(2, 3, true, -1), new TinyReLU(), new TinyLinear(3, 1));
    const file = path.join(dir, 'model.json');
    save(a.stateDict(), file);
    expect(fs.existsSync(path.join(dir, 'model.bin'))).toBe(true);
    const before = tf.memory().numTensors;
    const sd = load(file);
    b.loadStateDict(sd);
    tf.dispose(sd);
    expect(tf.memory().numTensors).toBe(before);
    expect(values(b.get(0).parameters()[0])).toEqual(values(a.get(0).parameters()[0]));
    a.dispose();
    b.dispose();
  });

  it('stores checkpoints with nested state, dtypes and plain values', () => {
    const file = path.join(dir, 'sub', 'ckpt.pt');
    const ckpt = {
      epoch: 7,
      bestLoss: 0.125,
      notes: 'adam run',
      done: false,
      nothing: null,
      inf: Infinity,
      model: { 'fc.weight': tf.tensor2d([[1.5, -2]]), counts: tf.tensor1d([1, 2], 'int32'), mask: tf.tensor1d([true, false], 'bool') },
      optimizer: { state: { 0: { step: 3, expAvg: tf.tensor1d([0.1, 0.2]) } }, paramGroups: [{ lr: 0.001, betas: [0.9, 0.999], params: [0] }] },
    };
    save(ckpt, file);
    expect(weightsPathFor(file)).toBe(`${file}.bin`);
    const back = load(file);
    expect(back.epoch).toBe(7);
    expect(back.notes).toBe('adam run');
    expect(back.nothing).toBeNull();
    expect(back.inf).toBe(Infinity);
    expect(back.optimizer.paramGroups).toEqual([{ lr: 0.001, betas: [0.9, 0.999], params: [0] }]);
    expect(back.optimizer.state['0'].step).toBe(3);
    expect(values(back.optimizer.state['0'].expAvg)).toEqual(values(ckpt.optimizer.state[0].expAvg));
    expect(back.model['fc.weight'].shape).toEqual([1, 2]);
    expect(back.model.counts.dtype).toBe('int32');
    expect(values(back.model.mask)).toEqual([1, 0]);
    tf.dispose([back, ckpt] as unknown as tf.TensorContainer);
  });

  it('gives clear errors for missing or foreign files and unsavable values', () => {
    expect(() => load(path.join(dir, 'nope.json'))).toThrow(/no such file ".*nope.json"/);
    const foreign = path.join(dir, 'foreign.json');
    fs.writeFileSync(foreign, JSON.stringify({ hello: 1 }));
    expect(() => load(foreign)).toThrow(/is not a tsdl checkpoint/);
    const file = path.join(dir, 'w.json');
    save({ w: tf.ones([2]) }, file);
    fs.rmSync(path.join(dir, 'w.bin'));
    expect(() => load(file)).toThrow(/weights file ".*w.bin" that goes with/);
    expect(() => save({ f: (() => 1) as unknown as number }, file)).toThrow(/cannot save the function at f/);
    expect(() => save({ m: new Map() as unknown as number }, file)).toThrow(/cannot save the Map at m/);
    const disposed = tf.ones([1]);
    disposed.dispose();
    expect(() => save({ t: disposed }, file)).toThrow(/tensor at t is disposed/);
  });
});

describe('tfjs-layers models at file:// paths without tfjs-node', () => {
  it('saves and loads a model with its weights', async () => {
    registerFileIOHandler();
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 3, inputShape: [2], activation: 'relu' }), tf.layers.dense({ units: 1 })] });
    model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
    const target = path.join(dir, 'keras-model');
    const result = await model.save(`file://${target}`);
    expect(result.modelArtifactsInfo.weightDataBytes).toBe((2 * 3 + 3 + 3 * 1 + 1) * 4);
    expect(fs.existsSync(path.join(target, 'model.json'))).toBe(true);
    const loaded = await tf.loadLayersModel(`file://${target}/model.json`);
    const x = tf.tensor2d([[1, -1], [0.5, 2]]);
    expect(values(loaded.predict(x) as tf.Tensor)).toEqual(values(model.predict(x) as tf.Tensor));
    await expect(tf.loadLayersModel(`file://${dir}/missing/model.json`)).rejects.toThrow(/no such file/);
  });
});
