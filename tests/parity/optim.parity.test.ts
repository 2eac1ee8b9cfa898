/**
 * Parity of every optimizer with PyTorch: parameters after each of 5 steps on a small linear regression
 * (momentum, dampening, Nesterov, weight decay, AMSGrad, centered, maximize, param groups, frozen
 * parameters). Fixtures: tests/parity/make_optim.py.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { describe, it } from 'vitest';
import * as optim from '../../src/optim';
import { Parameter } from '../../src/nn/parameter';
import { backward } from '../../src/autograd/backward';
import { expectClose } from '../loss/close';

interface OptimCase {
  name: string;
  optimizer: 'SGD' | 'Adam' | 'AdamW' | 'RMSprop' | 'Adagrad' | 'Adadelta' | 'Adamax';
  options: Record<string, unknown>;
  groups: Array<Record<string, unknown> & { params: ('w' | 'b')[] }> | null;
  frozen: ('w' | 'b')[];
  steps: { w: number[]; b: number[] }[];
}

interface OptimFixture {
  X: number[][];
  Y: number[][];
  w0: number[][];
  b0: number[];
  cases: OptimCase[];
}

const fixture = JSON.parse(
  fs.readFileSync(path.join(__dirname, 'fixtures', 'optim', 'optim.json'), 'utf8'),
) as OptimFixture;

type AnyOptimizerClass = new (params: optim.ParamsInput<any>, options: any) => optim.Optimizer<any>;
const OPTIMIZERS: Record<OptimCase['optimizer'], AnyOptimizerClass> = {
  SGD: optim.SGD,
  Adam: optim.Adam,
  AdamW: optim.AdamW,
  RMSprop: optim.RMSprop,
  Adagrad: optim.Adagrad,
  Adadelta: optim.Adadelta,
  Adamax: optim.Adamax,
};

describe('optimizer parity with PyTorch', () => {
  for (const c of fixture.cases) {
    it(`optim: ${c.name}`, () => {
      const x = tf.tensor2d(fixture.X);
      const y = tf.tensor2d(fixture.Y);
      const named = {
        w: new Parameter(tf.tensor2d(fixture.w0), !c.frozen.includes('w')),
        b: new Parameter(tf.tensor1d(fixture.b0), !c.frozen.includes('b')),
      };
      const params =
        c.groups === null
          ? [named.w, named.b]
          : c.groups.map((g) => ({ ...g, params: g.params.map((n) => named[n]) }));
      const opt = new OPTIMIZERS[c.optimizer](params, c.options);
      try {
        c.steps.forEach((expected, i) => {
          opt.zeroGrad();
          backward(() => tf.mean(tf.square(tf.sub(tf.add(tf.matMul(x, named.w), named.b), y))), {
            parameters: [named.w, named.b],
          });
          opt.step();
          expectClose(named.w.dataSync(), expected.w, `${c.name}: w after step ${i + 1}`);
          expectClose(named.b.dataSync(), expected.b, `${c.name}: b after step ${i + 1}`);
        });
      } finally {
        opt.dispose();
        tf.dispose([x, y, named.w, named.b]);
      }
    });
  }
});
