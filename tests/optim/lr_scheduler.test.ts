/** Scheduler behaviour beyond the PyTorch traces: state dicts, explicit epochs and bad input. */
import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it } from 'vitest';
import * as optim from '../../src/optim';
import { Parameter } from '../../src/nn/parameter';

const S = optim.lrScheduler;
const created: tf.Tensor[] = [];
afterEach(() => {
  tf.dispose(created.splice(0));
});

function sgd(lr = 0.1, momentum = 0.9): optim.SGD {
  const p = new Parameter(tf.zeros([2]));
  created.push(p);
  return new optim.SGD([p], { lr, momentum });
}

describe('lrScheduler', () => {
  it('only changes paramGroups[i].lr and records initialLr', () => {
    const opt = sgd(0.2);
    const sched = new S.StepLR(opt, { stepSize: 2, gamma: 0.5 });
    expect(opt.paramGroups[0].initialLr).toBe(0.2);
    sched.step();
    sched.step();
    expect(opt.paramGroups[0].lr).toBeCloseTo(0.1, 12);
    expect(sched.getLastLr()).toEqual([opt.paramGroups[0].lr]);
    expect(opt.paramGroups[0].momentum).toBe(0.9);
  });

  it('step(epoch) uses the closed form', () => {
    const opt = sgd(1);
    const sched = new S.ExponentialLR(opt, { gamma: 0.5 });
    sched.step(3);
    expect(sched.getLastLr()[0]).toBeCloseTo(0.125, 12);
  });

  it('stateDict / loadStateDict continue the same schedule', () => {
    const a = sgd(1);
    const sa = new S.CosineAnnealingLR(a, { tMax: 10 });
    for (let i = 0; i < 4; i++) sa.step();
    const state = sa.stateDict();
    expect(state).toMatchObject({ lastEpoch: 4, tMax: 10, baseLrs: [1] });
    const b = sgd(1);
    const sb = new S.CosineAnnealingLR(b, { tMax: 10 });
    sb.loadStateDict(state);
    b.paramGroups[0].lr = a.paramGroups[0].lr;
    sa.step();
    sb.step();
    expect(sb.getLastLr()[0]).toBeCloseTo(sa.getLastLr()[0], 12);
  });

  it('ReduceLROnPlateau accepts a scalar tensor metric and keeps its state in a dict', () => {
    const opt = sgd(1);
    const sched = new S.ReduceLROnPlateau(opt, { patience: 0, factor: 0.5 });
    const m = tf.scalar(1);
    created.push(m);
    sched.step(m);
    sched.step(m);
    expect(sched.getLastLr()).toEqual([0.5]);
    expect(sched.stateDict()).toMatchObject({ best: 1, numBadEpochs: 0 });
    expect(() => sched.step(NaN)).toThrow(/metric is NaN/);
  });

  it('bad options name the argument', () => {
    const opt = sgd();
    expect(() => new S.StepLR(opt, { stepSize: 0 })).toThrow(/stepSize must be a positive integer/);
    expect(() => new S.CosineAnnealingLR(opt, {} as { tMax: number })).toThrow(/tMax must be a positive number/);
    expect(() => new S.ReduceLROnPlateau(opt, { factor: 2 })).toThrow(/factor must be < 1/);
    expect(() => new S.LinearLR(opt, { startFactor: 0 })).toThrow(/startFactor must be in \(0, 1\]/);
    expect(() => new S.OneCycleLR(opt, { maxLr: 0.1 })).toThrow(/give either totalSteps, or epochs and stepsPerEpoch/);
    expect(() => new S.LambdaLR(opt, { lrLambda: [(e) => e, (e) => e] })).toThrow(/expected 1 lrLambda functions/);
    expect(() => new S.StepLR({} as optim.SGD, { stepSize: 1 })).toThrow(/expected an optimizer/);
    expect(
      () => new S.SequentialLR(opt, { schedulers: [new S.StepLR(opt, { stepSize: 1 })], milestones: [3] }),
    ).toThrow(/expected 0 milestones for 1 schedulers/);
  });

  it('CyclicLR with cycling momentum needs an optimizer with momentum', () => {
    const p = new Parameter(tf.zeros([1]));
    created.push(p);
    const adam = new optim.Adam([p]);
    expect(() => new S.CyclicLR(adam, { baseLr: 0.001, maxLr: 0.01 })).toThrow(/cycleMomentum needs an optimizer with momentum/);
    expect(() => new S.CyclicLR(adam, { baseLr: 0.001, maxLr: 0.01, cycleMomentum: false })).not.toThrow();
  });

  it('OneCycleLR refuses to step past totalSteps', () => {
    const sched = new S.OneCycleLR(sgd(), { maxLr: 0.1, totalSteps: 3 });
    sched.step();
    sched.step();
    sched.step();
    expect(() => sched.step()).toThrow(/tried to step 5 times; the specified number of total steps is 3/);
  });
});
