/**
 * Parity of every loss with PyTorch: the value and the gradient with respect to the input, for each
 * option (class weights, label smoothing, ignoreIndex, posWeight, beta/delta, reductions).
 * Fixtures: tests/parity/make_loss.py.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { describe, it } from 'vitest';
import * as F from '../../src/nn/functional/loss';
import { expectClose } from '../loss/close';

interface TensorJson {
  shape: number[];
  data: number[];
  dtype: 'float32' | 'int32';
}

interface LossCase {
  name: string;
  fn: keyof typeof LOSSES;
  options: Record<string, unknown>;
  input: TensorJson;
  target: TensorJson;
  upstream: TensorJson;
  output: TensorJson;
  grad: TensorJson;
}

const LOSSES = {
  crossEntropy: F.crossEntropy,
  nllLoss: F.nllLoss,
  binaryCrossEntropy: F.binaryCrossEntropy,
  binaryCrossEntropyWithLogits: F.binaryCrossEntropyWithLogits,
  mseLoss: F.mseLoss,
  l1Loss: F.l1Loss,
  smoothL1Loss: F.smoothL1Loss,
  huberLoss: F.huberLoss,
  klDiv: F.klDiv,
} as const;

const dir = path.join(__dirname, 'fixtures', 'loss');
const cases: LossCase[] = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .flatMap((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as LossCase[]);

const toTensor = (t: TensorJson): tf.Tensor => tf.tensor(t.data, t.shape, t.dtype);

describe('loss parity with PyTorch', () => {
  for (const c of cases) {
    it(`loss: ${c.name}`, () => {
      const fn = LOSSES[c.fn] as (x: tf.Tensor, y: tf.Tensor, o: object) => tf.Tensor;
      const before = tf.memory().numTensors;
      const [value, grad] = tf.tidy(() => {
        const input = toTensor(c.input);
        const target = toTensor(c.target);
        const upstream = toTensor(c.upstream);
        const loss = fn(input, target, c.options);
        const g = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(fn(x, target, c.options), upstream)))(input);
        return [loss.dataSync(), g.dataSync()];
      });
      expectClose(value, c.output.data, `${c.name}: value`);
      expectClose(grad, c.grad.data, `${c.name}: input gradient`);
      if (tf.memory().numTensors !== before) throw new Error(`${c.name}: leaked ${tf.memory().numTensors - before} tensors`);
    });
  }
});
