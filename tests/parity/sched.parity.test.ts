/**
 * Parity of every learning-rate scheduler with PyTorch: each group's lr (and momentum / Adam's beta1)
 * after construction and after each of 30 steps; ReduceLROnPlateau with fixed metric sequences.
 * Fixtures: tests/parity/make_sched.py.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { describe, it } from 'vitest';
import * as optim from '../../src/optim';
import { Parameter } from '../../src/nn/parameter';
import { expectClose } from '../loss/close';

const S = optim.lrScheduler;

interface SchedCase {
  name: string;
  scheduler: string;
  options: Record<string, unknown>;
  optimizer: 'SGD' | 'Adam';
  lrs: number[];
  metrics: number[] | null;
  lr: number[][];
  momentum: number[][];
}

const cases = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'sched', 'sched.json'), 'utf8')) as SchedCase[];

const LAMBDAS: Record<string, (e: number) => number> = {
  'exp0.9': (e) => 0.9 ** e,
  warmup5: (e) => Math.min(1.0, (e + 1) / 5),
  'const0.95': () => 0.95,
  slowing: (e) => 1.0 - 0.01 * e,
};

type Stepper = { step(metric?: number): void };

function makeScheduler(opt: optim.Optimizer<any>, name: string, options: Record<string, unknown>): Stepper {
  const o: Record<string, unknown> = { ...options };
  if (o.schedulers) {
    o.schedulers = (o.schedulers as { scheduler: string; options: Record<string, unknown> }[]).map((s) =>
      makeScheduler(opt, s.scheduler, s.options),
    );
  }
  if (typeof o.lrLambda === 'string') o.lrLambda = LAMBDAS[o.lrLambda];
  const Ctor = (S as unknown as Record<string, new (opt: optim.Optimizer<any>, o: object) => Stepper>)[name];
  if (Ctor === undefined) throw new Error(`no scheduler ${name}`);
  return new Ctor(opt, o);
}

describe('scheduler parity with PyTorch', () => {
  for (const c of cases) {
    it(`sched: ${c.name}`, () => {
      const params = c.lrs.map(() => new Parameter(tf.zeros([2])));
      const groups = params.map((p, i) => ({ params: [p], lr: c.lrs[i] }));
      const opt =
        c.optimizer === 'SGD' ? new optim.SGD(groups, { lr: c.lrs[0], momentum: 0.9 }) : new optim.Adam(groups, { lr: c.lrs[0] });
      const snapshot = () => ({
        lr: opt.paramGroups.map((g) => g.lr),
        momentum: opt.paramGroups.map((g) => (c.optimizer === 'SGD' ? (g.momentum as number) : (g.betas as number[])[0])),
      });
      try {
        const sched = makeScheduler(opt, c.scheduler, c.options);
        c.lr.forEach((expectedLr, i) => {
          if (i > 0) sched.step(c.metrics ? c.metrics[i - 1] : undefined);
          const now = snapshot();
          expectClose(now.lr, expectedLr, `${c.name}: lr at step ${i}`);
          expectClose(now.momentum, c.momentum[i], `${c.name}: momentum at step ${i}`);
          if ('getLastLr' in sched) expectClose((sched as unknown as { getLastLr(): number[] }).getLastLr(), expectedLr, `${c.name}: getLastLr() at step ${i}`);
        });
      } finally {
        tf.dispose(params);
      }
    });
  }
});
