/** The Optimizer base: groups, state, memory, frozen parameters, state dicts and bad input. */
import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it } from 'vitest';
import * as optim from '../../src/optim';
import { Parameter } from '../../src/nn/parameter';
import { backward } from '../../src/autograd/backward';

const created: tf.Tensor[] = [];
afterEach(() => {
  tf.dispose(created.splice(0));
});

function param(values: number[], requiresGrad = true): Parameter {
  const p = new Parameter(tf.tensor1d(values), requiresGrad);
  created.push(p);
  return p;
}

/** Fills `.grad` of the given parameters from loss = sum(p²) (grad = 2p). */
function fillGrads(...params: Parameter[]): void {
  backward(() => tf.addN(params.map((p) => tf.sum(tf.square(p)))), { parameters: params });
}

const ALL: [string, (ps: Parameter[]) => optim.Optimizer<any>][] = [
  ['SGD', (ps) => new optim.SGD(ps, { lr: 0.1, momentum: 0.9, nesterov: true, weightDecay: 0.01 })],
  ['Adam', (ps) => new optim.Adam(ps, { amsgrad: true })],
  ['AdamW', (ps) => new optim.AdamW(ps)],
  ['RMSprop', (ps) => new optim.RMSprop(ps, { centered: true, momentum: 0.5 })],
  ['Adagrad', (ps) => new optim.Adagrad(ps)],
  ['Adadelta', (ps) => new optim.Adadelta(ps)],
  ['Adamax', (ps) => new optim.Adamax(ps)],
];

describe('Optimizer memory', () => {
  for (const [name, make] of ALL) {
    it(`${name}: tf.memory().numTensors is unchanged across steps after the first`, () => {
      const a = param([1, -2, 3]);
      const b = param([0.5]);
      const opt = make([a, b]);
      opt.zeroGrad();
      fillGrads(a, b);
      opt.step();
      const counts: number[] = [];
      for (let i = 0; i < 4; i++) {
        opt.zeroGrad();
        fillGrads(a, b);
        opt.step();
        counts.push(tf.memory().numTensors);
      }
      expect(new Set(counts).size).toBe(1);
      const withState = tf.memory().numTensors;
      opt.dispose();
      expect(tf.memory().numTensors).toBeLessThan(withState + 1);
    });
  }
});

describe('Optimizer behaviour', () => {
  it('applies each group its own lr and falls back to the defaults', () => {
    const a = param([1]);
    const b = param([1]);
    const opt = new optim.SGD([{ params: [a], lr: 0.5 }, { params: b }], { lr: 0.1 });
    expect(opt.paramGroups.map((g) => g.lr)).toEqual([0.5, 0.1]);
    fillGrads(a, b);
    opt.step();
    expect(a.dataSync()[0]).toBeCloseTo(1 - 0.5 * 2, 6);
    expect(b.dataSync()[0]).toBeCloseTo(1 - 0.1 * 2, 6);
  });

  it('uses an lr changed in place in paramGroups (what schedulers do)', () => {
    const a = param([1]);
    const opt = new optim.SGD([a], { lr: 0.1 });
    opt.paramGroups[0].lr = 0.25;
    fillGrads(a);
    opt.step();
    expect(a.dataSync()[0]).toBeCloseTo(0.5, 6);
  });

  it('skips frozen parameters and parameters without a gradient', () => {
    const a = param([1]);
    const frozen = param([1], false);
    const untouched = param([3]);
    const opt = new optim.Adam([a, frozen, untouched], { lr: 0.1 });
    fillGrads(a);
    opt.step();
    expect(a.dataSync()[0]).not.toBe(1);
    expect(frozen.dataSync()[0]).toBe(1);
    expect(untouched.dataSync()[0]).toBe(3);
    expect(opt.state.has(untouched)).toBe(false);
  });

  it('addParamGroup adds parameters with their own options (fine-tuning)', () => {
    const a = param([1]);
    const b = param([1]);
    const opt = new optim.SGD([a], { lr: 0.1, momentum: 0.9 });
    opt.addParamGroup({ params: [b], lr: 0.01 });
    expect(opt.paramGroups[1]).toMatchObject({ lr: 0.01, momentum: 0.9 });
    expect(() => opt.addParamGroup({ params: [a] })).toThrow(/more than once/);
  });

  it('zeroGrad clears every gradient', () => {
    const a = param([1, 2]);
    const opt = new optim.SGD([a], { lr: 0.1 });
    fillGrads(a);
    expect(a.grad).not.toBeNull();
    opt.zeroGrad();
    expect(a.grad).toBeNull();
  });

  it('step(closure) runs the closure first and returns its result', () => {
    const a = param([2]);
    const opt = new optim.SGD([a], { lr: 0.1 });
    const loss = opt.step(() => {
      opt.zeroGrad();
      return backward(() => tf.sum(tf.square(a)), { parameters: [a] });
    });
    expect(loss).toBeCloseTo(4, 6);
    expect(a.dataSync()[0]).toBeCloseTo(1.6, 6);
  });

  it('stateDict / loadStateDict resume training exactly', () => {
    const a = param([1, -1]);
    const b = param([1, -1]);
    const optA = new optim.Adam([a], { lr: 0.1 });
    const optB = new optim.Adam([b], { lr: 0.5 });
    for (let i = 0; i < 2; i++) {
      optA.zeroGrad();
      fillGrads(a);
      optA.step();
    }
    b.assign(a);
    const sd = optA.stateDict();
    expect(sd.paramGroups[0]).toMatchObject({ lr: 0.1, params: [0] });
    expect(sd.state[0].step).toBe(2);
    optB.loadStateDict(sd);
    tf.dispose(Object.values(sd.state[0]).filter((v) => v instanceof tf.Tensor) as tf.Tensor[]);
    expect(optB.paramGroups[0].lr).toBe(0.1);
    for (const [p, o] of [[a, optA], [b, optB]] as const) {
      o.zeroGrad();
      fillGrads(p);
      o.step();
    }
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
    optA.dispose();
    optB.dispose();
  });

  it('loadStateDict rejects a dict for other groups', () => {
    const a = param([1]);
    const b = param([1]);
    const one = new optim.SGD([a, b], { lr: 0.1 });
    const two = new optim.SGD([{ params: [a] }, { params: [b] }], { lr: 0.1 });
    expect(() => two.loadStateDict(one.stateDict())).toThrow(/1 parameter groups, this optimizer has 2/);
  });

  it('prints its groups like PyTorch', () => {
    const opt = new optim.SGD([param([1])], { lr: 0.1 });
    expect(opt.toString()).toContain('SGD (\nParameter Group 0\n    lr: 0.1');
  });
});

describe('Optimizer bad input', () => {
  it('step() without any gradient says to call backward first', () => {
    const opt = new optim.SGD([param([1])], { lr: 0.1 });
    expect(() => opt.step()).toThrow(/none of the 1 parameters has a gradient/);
  });

  it('step() with only frozen parameters says so', () => {
    const opt = new optim.SGD([param([1], false)], { lr: 0.1 });
    expect(() => opt.step()).toThrow(/every parameter is frozen/);
  });

  it('SGD without lr', () => {
    expect(() => new optim.SGD([param([1])], {} as { lr: number })).toThrow(/lr is required/);
  });

  it('negative lr, bad betas, nesterov without momentum', () => {
    expect(() => new optim.Adam([param([1])], { lr: -1 })).toThrow(/invalid learning rate lr=-1/);
    expect(() => new optim.Adam([param([1])], { betas: [1.0, 0.9] })).toThrow(/invalid betas\[0\]=1/);
    expect(() => new optim.SGD([param([1])], { lr: 0.1, nesterov: true })).toThrow(/Nesterov momentum requires momentum > 0/);
    expect(() => new optim.RMSprop([param([1])], { alpha: -0.1 })).toThrow(/invalid alpha/);
  });

  it('an empty parameter list, a tensor instead of a list, non-parameters, duplicates', () => {
    expect(() => new optim.Adam([])).toThrow(/empty parameter list/);
    expect(() => new optim.Adam(tf.zeros([2]) as unknown as Parameter[])).toThrow(/got a single tensor/);
    const t = tf.zeros([1]);
    created.push(t);
    expect(() => new optim.Adam([t as unknown as Parameter])).toThrow(/is not an nn.Parameter/);
    const p = param([1]);
    expect(() => new optim.Adam([p, p])).toThrow(/more than once/);
  });
});
