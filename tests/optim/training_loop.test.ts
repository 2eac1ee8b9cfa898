/**
 * A PyTorch-shaped training loop end to end: nn.Sequential MLP, CrossEntropyLoss, AdamW, a scheduler,
 * gradient accumulation — the loss goes down and the tensor count stays constant over steps and epochs.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import * as nn from '../../src/nn';
import * as optim from '../../src/optim';
import { backward } from '../../src/autograd/backward';

function xorData(): { x: tf.Tensor2D; y: tf.Tensor1D } {
  return {
    x: tf.tensor2d([[0, 0], [0, 1], [1, 0], [1, 1]]),
    y: tf.tensor1d([0, 1, 1, 0], 'int32'),
  };
}

describe('training loop', () => {
  it('learns XOR with CrossEntropyLoss + AdamW + StepLR without leaking tensors', () => {
    const { x, y } = xorData();
    const model = new nn.Sequential(new nn.Linear(2, 16), new nn.Tanh(), new nn.Linear(16, 2));
    const criterion = new nn.CrossEntropyLoss();
    const opt = new optim.AdamW(model.parameters(), { lr: 0.05 });
    const sched = new optim.lrScheduler.StepLR(opt, { stepSize: 100, gamma: 0.5 });
    const losses: number[] = [];
    const counts: number[] = [];
    for (let epoch = 0; epoch < 200; epoch++) {
      opt.zeroGrad();
      losses.push(backward(() => criterion.forward(model.forward(x), y), { parameters: model.parameters() }));
      opt.step();
      sched.step();
      counts.push(tf.memory().numTensors);
    }
    expect(losses[losses.length - 1]).toBeLessThan(0.05);
    expect(new Set(counts.slice(1)).size).toBe(1);
    expect(sched.getLastLr()[0]).toBeCloseTo(0.0125, 10);
    const predicted = tf.tidy(() => tf.argMax(model.forward(x), 1).arraySync());
    expect(predicted).toEqual([0, 1, 1, 0]);
    opt.dispose();
    model.dispose();
    criterion.dispose();
    tf.dispose([x, y]);
  });

  it('accumulating gradients over two half-batches equals one full-batch step (SGD)', () => {
    const { x, y } = xorData();
    const make = () => {
      const m = new nn.Linear(2, 2);
      return m;
    };
    const a = make();
    const b = make();
    b.loadStateDict(a.stateDict());
    const criterion = new nn.CrossEntropyLoss({ reduction: 'sum' });
    const optA = new optim.SGD(a.parameters(), { lr: 0.1, momentum: 0.9 });
    const optB = new optim.SGD(b.parameters(), { lr: 0.1, momentum: 0.9 });
    optA.zeroGrad();
    backward(() => criterion.forward(a.forward(x), y), { parameters: a.parameters() });
    optA.step();
    optB.zeroGrad();
    const [x1, x2] = tf.split(x, 2);
    const [y1, y2] = tf.split(y, 2);
    backward(() => criterion.forward(b.forward(x1), y1), { parameters: b.parameters() });
    backward(() => criterion.forward(b.forward(x2), y2), { parameters: b.parameters() });
    optB.step();
    a.parameters().forEach((p, i) => {
      const q = b.parameters()[i];
      Array.from(p.dataSync()).forEach((v, j) => expect(q.dataSync()[j]).toBeCloseTo(v, 5));
    });
    tf.dispose([x, y, x1, x2, y1, y2]);
    [a, b].forEach((m) => m.dispose());
  });
});
