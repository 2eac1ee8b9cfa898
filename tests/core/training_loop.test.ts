/**
 * The PyTorch-shaped training loop with the real layers, loss and optimizer: no tensor leaks over a step
 * and a whole epoch (on the cpu and wasm backends), eval with noGrad, and errors that name the module.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import * as nn from '../../src/nn';
import * as optim from '../../src/optim';
import { backward, noGrad } from '../../src/autograd';
import { selectBackend } from '../../src/backend';
import { manualSeed } from '../../src/random';
import { randn, randint } from '../../src/tensor';

function makeData(n: number) {
  const x = randn([n, 4]);
  const y = randint(0, 3, [n]);
  return { x, y };
}

function epoch(model: nn.Module, opt: optim.Optimizer, criterion: nn.CrossEntropyLoss, x: tf.Tensor, y: tf.Tensor, batch: number) {
  model.train();
  let total = 0;
  for (let start = 0; start < x.shape[0]; start += batch) {
    const size = Math.min(batch, x.shape[0] - start);
    const xb = tf.slice(x, [start, 0], [size, 4]);
    const yb = tf.slice(y, [start], [size]);
    opt.zeroGrad();
    total += backward(() => criterion.forward(model.forward(xb), yb));
    nn.clipGradNorm(model.parameters(), 5);
    opt.step();
    tf.dispose([xb, yb]);
  }
  return total;
}

afterAll(async () => {
  await tf.setBackend('cpu');
});

describe('training loop with nn layers, a loss and an optimizer', () => {
  for (const backend of ['cpu', 'wasm'] as const) {
    it(`leaves tf.memory().numTensors unchanged over a step and an epoch (${backend})`, async () => {
      await selectBackend({ forced: backend });
      expect(tf.getBackend()).toBe(backend);
      manualSeed(3);
      const model = new nn.Sequential(new nn.Linear(4, 16), new nn.ReLU(), new nn.Dropout(0.2), new nn.Linear(16, 3));
      const criterion = new nn.CrossEntropyLoss();
      const opt = new optim.Adam(model.parameters(), { lr: 1e-2 });
      const { x, y } = makeData(64);
      epoch(model, opt, criterion, x, y, 16); // creates grads and optimizer state once
      const before = tf.memory().numTensors;
      epoch(model, opt, criterion, x, y, 64); // one step
      expect(tf.memory().numTensors).toBe(before);
      let first = 0;
      let last = 0;
      for (let e = 0; e < 15; e++) {
        last = epoch(model, opt, criterion, x, y, 16);
        if (e === 0) first = last;
      }
      expect(tf.memory().numTensors).toBe(before);
      expect(last).toBeLessThan(first);
      model.eval();
      const acc = noGrad(() => tf.mean(tf.equal(tf.argMax(model.forward(x), 1), y).toFloat()));
      expect(acc.dataSync()[0]).toBeGreaterThan(0.4);
      acc.dispose();
      expect(tf.memory().numTensors).toBe(before);
      model.dispose();
      tf.dispose([x, y]);
    });
  }

  it('a shape mismatch names the module, its place in the model and the shapes', () => {
    const model = new nn.Sequential(new nn.Linear(4, 8), new nn.ReLU(), new nn.Linear(16, 2));
    let message = '';
    try {
      model.forward(tf.ones([2, 4]));
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/16/);
    expect(message).toMatch(/8/);
    expect(message).toMatch(/raised in the forward of 2 \(Linear\) of Sequential/);
    model.dispose();
  });
});
