/** keras.AdamW: decoupled weight decay for tfjs-layers, checked against tsdl's optim.AdamW. */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import * as keras from '../../src/keras';
import * as optim from '../../src/optim';
import { Parameter } from '../../src/nn/parameter';
import { backward } from '../../src/autograd/backward';
import { expectClose } from '../loss/close';

const X = tf.tensor2d([[0.5, -1.2, 0.3], [1.1, 0.4, -0.7], [-0.3, 0.8, 1.5], [0.9, -0.2, 0.1]]);
const Y = tf.tensor2d([[1.0, -0.5], [0.2, 0.3], [-1.1, 0.8], [0.4, 0.0]]);
const W0 = [[0.3, -0.2], [0.1, 0.5], [-0.4, 0.2]];
const lossOf = (w: tf.Tensor) => tf.mean(tf.square(tf.sub(tf.matMul(X, w), Y)));

describe('keras.AdamW', () => {
  it('matches optim.AdamW (the PyTorch rule) over 5 steps with the same hyperparameters', () => {
    const kw = tf.variable(tf.tensor2d(W0));
    const kOpt = new keras.AdamW({ learningRate: 0.05, weightDecay: 0.3, epsilon: 1e-8 });
    const p = new Parameter(tf.tensor2d(W0));
    const tOpt = new optim.AdamW([p], { lr: 0.05, weightDecay: 0.3, eps: 1e-8 });
    for (let i = 0; i < 5; i++) {
      kOpt.minimize(() => lossOf(kw) as tf.Scalar, false, [kw]);
      tOpt.zeroGrad();
      backward(() => lossOf(p), { parameters: [p] });
      tOpt.step();
      expectClose(kw.dataSync(), p.dataSync(), `step ${i + 1}`);
    }
    kOpt.dispose();
    tOpt.dispose();
    tf.dispose([kw, p]);
  });

  it('with weightDecay 0 equals tf.train.adam', () => {
    const a = tf.variable(tf.tensor2d(W0));
    const b = tf.variable(tf.tensor2d(W0));
    const kOpt = new keras.AdamW({ learningRate: 0.1, weightDecay: 0 });
    const adam = tf.train.adam(0.1, 0.9, 0.999, 1e-7);
    for (let i = 0; i < 3; i++) {
      kOpt.minimize(() => lossOf(a) as tf.Scalar, false, [a]);
      adam.minimize(() => lossOf(b) as tf.Scalar, false, [b]);
    }
    expectClose(a.dataSync(), b.dataSync(), 'AdamW(wd=0) vs Adam');
    tf.dispose([a, b]);
    kOpt.dispose();
    adam.dispose();
  });

  it('excludeFromWeightDecay skips variables by name', () => {
    const bias = tf.variable(tf.tensor1d([1, 1]), true, 'dense/bias');
    const opt = new keras.AdamW({ learningRate: 0.1, weightDecay: 0.5, excludeFromWeightDecay: ['bias'] });
    const ref = tf.variable(tf.tensor1d([1, 1]), true, 'ref/bias_free');
    const refOpt = tf.train.adam(0.1, 0.9, 0.999, 1e-7);
    opt.applyGradients({ 'dense/bias': tf.tensor1d([0.1, -0.2]) });
    refOpt.applyGradients({ 'ref/bias_free': tf.tensor1d([0.1, -0.2]) });
    expectClose(bias.dataSync(), ref.dataSync(), 'excluded bias is not decayed');
    tf.dispose([bias, ref]);
    opt.dispose();
    refOpt.dispose();
  });

  it('trains a tfjs-layers model through compile/fit and serialises its config', async () => {
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 8, inputShape: [3], activation: 'relu' }), tf.layers.dense({ units: 2 })] });
    const opt = new keras.AdamW({ learningRate: 0.01, weightDecay: 0.01 });
    model.compile({ optimizer: opt, loss: 'meanSquaredError' });
    const history = await model.fit(X, Y, { epochs: 30, verbose: 0 });
    const losses = history.history.loss as number[];
    expect(losses[losses.length - 1]).toBeLessThan(losses[0]);
    expect(opt.getConfig()).toMatchObject({ learningRate: 0.01, weightDecay: 0.01 });
    expect(keras.AdamW.className).toBe('AdamW');
    const copy = keras.AdamW.fromConfig(keras.AdamW, opt.getConfig());
    expect((copy as keras.AdamW).weightDecay).toBe(0.01);
    model.dispose();
  });

  it('rejects a negative weight decay', () => {
    expect(() => new keras.AdamW({ weightDecay: -1 })).toThrow(/weightDecay must be >= 0/);
  });
});
