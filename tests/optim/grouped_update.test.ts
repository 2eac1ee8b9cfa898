import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as optim from '../../src/optim';
import { GROUPED_UPDATE_MAX_MEAN_SIZE } from '../../src/optim/optimizer';
import { useInPlaceUpdates } from '../../src/optim/in_place_update';
import { Parameter } from '../../src/nn/parameter';

const shapes = [[3, 4], [4], [2, 3, 2], [1]];
const fill = (shape: number[], k: number) => tf.tensor(Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => Math.sin(i * 1.3 + k)), shape);

/**
 * Runs `steps` updates with fixed pseudo-gradients, once with all parameters in one group (updated
 * together) and once with one group per parameter (updated one by one); `skip(step, i)` withholds a
 * gradient. Returns both runs' final values and states.
 */
type Make = (groups: optim.ParamGroupInput<any>[]) => optim.Optimizer<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function bothWays(make: Make, steps: number,
  skip: (step: number, i: number) => boolean = () => false) {
  const run = (together: boolean) => {
    const params = shapes.map((s, k) => new Parameter(fill(s, k)));
    const opt = make(together ? [{ params }] : params.map((p) => ({ params: [p] })));
    for (let step = 0; step < steps; step++) {
      params.forEach((p, i) => {
        p.grad?.dispose();
        p.grad = skip(step, i) ? null : fill(p.shape, 10 * step + i + 0.5);
      });
      opt.step();
    }
    const values = params.map((p) => Array.from(p.dataSync()));
    const state = opt.stateDict().state;
    const states = Object.values(state).map((s) => Object.fromEntries(Object.entries(s).map(([k, v]) => [k, v instanceof tf.Tensor ? Array.from(v.dataSync()) : v])));
    for (const s of Object.values(state)) for (const v of Object.values(s)) if (v instanceof tf.Tensor) v.dispose();
    opt.dispose();
    params.forEach((p) => { p.grad?.dispose(); p.dispose(); });
    return { values, states };
  };
  return { together: run(true), oneByOne: run(false) };
}

// SGD keeps updating one parameter at a time: 2 operations per parameter do not pay for flattening.
// (The tensor-op forms: SGD's and Adam's in-place loops, tested in in_place_update.test.ts, are off here.)
describe('optimizers update a whole parameter group at once (foreach)', () => {
  beforeAll(() => useInPlaceUpdates(false));
  afterAll(() => useInPlaceUpdates(true));
  const cases: [string, Make][] = [
    ['Adam', (g) => new optim.Adam(g, { lr: 0.01 })],
    ['Adam (weight decay, AMSGrad, maximize)', (g) => new optim.Adam(g, { lr: 0.01, weightDecay: 0.1, amsgrad: true, maximize: true })],
    ['AdamW', (g) => new optim.AdamW(g, { lr: 0.02, weightDecay: 0.05 })],
    ['RMSprop (centered, momentum)', (g) => new optim.RMSprop(g, { lr: 0.01, centered: true, momentum: 0.5 })],
    ['Adagrad', (g) => new optim.Adagrad(g, { lr: 0.1, initialAccumulatorValue: 0.1 })],
    ['Adadelta', (g) => new optim.Adadelta(g, { lr: 1 })],
    ['Adamax', (g) => new optim.Adamax(g, { lr: 0.01 })],
  ];
  for (const [name, make] of cases) {
    it(`${name}: the same values and per-parameter state as updating one by one`, () => {
      const before = tf.memory().numTensors;
      const { together, oneByOne } = bothWays(make, 4);
      expect(together.values).toEqual(oneByOne.values);
      expect(together.states).toEqual(oneByOne.states);
      if ('step' in together.states[0]) expect(together.states[0].step).toBe(4);
      expect(tf.memory().numTensors).toBe(before);
    });
  }

  it('parameters at different steps (a gradient was missing once) are updated one by one, with the same results', () => {
    const { together, oneByOne } = bothWays(cases[1][1], 3, (step, i) => step === 0 && i === 2);
    expect(together.values).toEqual(oneByOne.values);
    expect(together.states.map((s) => s.step)).toEqual([3, 3, 2, 3]);
  });

  it('costs a fixed number of kernel calls per group, not per parameter, unless parameters are large', async () => {
    const count = async (n: number, size = 5) => {
      const params = Array.from({ length: n }, (_, k) => new Parameter(fill([size], k)));
      const opt = new optim.Adam(params, { lr: 0.01 });
      params.forEach((p, i) => { p.grad = fill([size], i); });
      opt.step();
      const info = await tf.profile(() => opt.step());
      opt.dispose();
      params.forEach((p) => { p.grad?.dispose(); p.dispose(); });
      return info.kernels.filter((k) => k.name !== 'Reshape').length;
    };
    const [few, many] = [await count(4), await count(16)];
    // One concat and one split per state tensor, whatever the number of parameters (it was 13 per parameter).
    expect(many).toBe(few);
    expect(many).toBeLessThan(30);
    // Parameters above GROUPED_UPDATE_MAX_MEAN_SIZE on average: copying them into one vector would cost more
    // than the operations it saves, so each is updated on its own (kernel calls grow with their number).
    const big = GROUPED_UPDATE_MAX_MEAN_SIZE + 1;
    const [fewBig, manyBig] = [await count(2, big), await count(4, big)];
    expect(manyBig).toBe(2 * fewBig);
    expect(fewBig).toBeGreaterThan(few);
  });
});
