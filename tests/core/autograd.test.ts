import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { backward, detach, detectAnomaly, noGrad, NonFiniteLossError, setNonFiniteLossMode, assertSomeGradients } from '../../src/autograd';
import { Module, Parameter, Sequential } from '../../src/nn';
import { leakedTensors, mse, sgdStep, TinyLinear, TinyReLU, values } from './helpers';

afterEach(() => setNonFiniteLossMode('warn'));

function fixture() {
  const model = new Sequential(new TinyLinear(2, 3), new TinyReLU(), new TinyLinear(3, 1));
  const x = tf.tensor2d([[1, 2], [3, -1], [0.5, 0.5], [-2, 1]]);
  const y = tf.tensor2d([[1], [0], [2], [-1]]);
  return { model, x, y, dispose: () => { model.dispose(); tf.dispose([x, y]); } };
}

describe('backward', () => {
  it('fills .grad with the analytic gradient and returns the loss value', () => {
    const w = new Parameter(tf.tensor1d([2, -1]));
    const x = tf.tensor1d([3, 4]);
    // loss = (w·x)^2 → dloss/dw = 2 (w·x) x = 2 * 2 * [3, 4]
    const loss = backward(() => tf.square(tf.sum(tf.mul(w, x))), { parameters: [w] });
    expect(loss).toBeCloseTo(4);
    expect(values(w.grad!)).toEqual([12, 16]);
    w.dispose();
    x.dispose();
  });

  it('accumulates over calls until zeroGrad (gradient accumulation)', () => {
    const { model, x, y, dispose } = fixture();
    backward(() => mse(model.forward(x), y));
    const once = values(model.parameters()[0].grad!);
    backward(() => mse(model.forward(x), y));
    const twice = values(model.parameters()[0].grad!);
    twice.forEach((g, i) => expect(g).toBeCloseTo(2 * once[i], 5));
    model.zeroGrad();
    expect(model.parameters().every((p) => p.grad === null)).toBe(true);
    dispose();
  });

  it('gives no gradient to frozen parameters', () => {
    const { model, x, y, dispose } = fixture();
    (model.get(0) as TinyLinear).requiresGrad_(false);
    backward(() => mse(model.forward(x), y));
    expect(model.get(0).parameters().every((p) => p.grad === null)).toBe(true);
    expect(model.get(2).parameters().every((p) => p.grad !== null)).toBe(true);
    dispose();
  });

  it('supports L1/L2 penalties and custom losses added to the loss', () => {
    const w = new Parameter(tf.tensor1d([1, -2]));
    backward(() => tf.add(tf.mul(tf.sum(tf.square(w)), 0.5), tf.mul(tf.sum(tf.abs(w)), 0.1)), { parameters: [w] });
    // d/dw (0.5 Σw² + 0.1 Σ|w|) = w + 0.1 sign(w)
    const g = values(w.grad!);
    expect(g[0]).toBeCloseTo(1.1, 6);
    expect(g[1]).toBeCloseTo(-2.1, 6);
    w.dispose();
  });

  it('works with comparisons inside the loss (zero gradient through masks)', () => {
    const w = new Parameter(tf.tensor1d([1, -2, 3]));
    backward(() => tf.sum(tf.where(tf.greater(w, 0), w, tf.mul(w, 0.5))), { parameters: [w] });
    expect(values(w.grad!)).toEqual([1, 0.5, 1]);
    w.dispose();
  });

  it('leaves tf.memory().numTensors unchanged across a training step and an epoch', () => {
    const { model, x, y, dispose } = fixture();
    // the first step creates the .grad tensors, which then persist (one per parameter)
    model.zeroGrad();
    backward(() => mse(model.forward(x), y));
    sgdStep(model.parameters(), 0.1);
    const step = () => {
      model.zeroGrad();
      backward(() => mse(model.forward(x), y));
      sgdStep(model.parameters(), 0.1);
    };
    expect(leakedTensors(step)).toBe(0);
    expect(
      leakedTensors(() => {
        for (let i = 0; i < 20; i++) step();
      }),
    ).toBe(0);
    dispose();
  });

  it('training reduces the loss', () => {
    const { model, x, y, dispose } = fixture();
    const first = backward(() => mse(model.forward(x), y));
    let last = first;
    for (let i = 0; i < 50; i++) {
      model.zeroGrad();
      last = backward(() => mse(model.forward(x), y));
      sgdStep(model.parameters(), 0.05);
    }
    expect(last).toBeLessThan(first);
    dispose();
  });

  it('rejects bad input with clear errors', () => {
    const w = new Parameter(tf.ones([2]));
    expect(() => backward(tf.sum(w) as unknown as () => tf.Tensor)).toThrow(/expected a function that computes the loss/);
    expect(() => backward(() => tf.mul(w, 2), { parameters: [w] })).toThrow(/must be a single number.*shape \[2\]/);
    expect(() => backward(() => 3 as unknown as tf.Tensor, { parameters: [w] })).toThrow(/must return a tensor/);
    expect(() => backward(() => tf.scalar(1), { parameters: [w] })).toThrow(/does not depend on any parameter/);
    w.requiresGrad = false;
    expect(() => backward(() => tf.sum(w), { parameters: [w] })).toThrow(/no parameter requires a gradient/);
    expect(() => new Parameter(tf.tensor1d([1], 'int32'))).toThrow(/only float32 tensors can require gradients/);
    w.dispose();
    expect(() => backward(() => tf.sum(w), { parameters: [w] })).toThrow(/disposed/);
  });

  it('a NaN loss warns by default and throws after detectAnomaly(true), without touching gradients', () => {
    const w = new Parameter(tf.tensor1d([1, 2]));
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const v = backward(() => tf.sum(tf.mul(w, NaN)), { parameters: [w] });
    expect(Number.isNaN(v)).toBe(true);
    expect(warn).toHaveBeenCalledTimes(1);
    warn.mockRestore();
    w.clearGrad();
    detectAnomaly(true);
    expect(() => backward(() => tf.div(tf.sum(w), 0), { parameters: [w] })).toThrow(NonFiniteLossError);
    expect(w.grad).toBeNull();
    w.dispose();
  });

  it('assertSomeGradients explains a step without gradients', () => {
    const w = new Parameter(tf.ones([1]));
    expect(() => assertSomeGradients([w], 'SGD.step')).toThrow(/SGD.step: none of the 1 parameters has a gradient/);
    w.dispose();
  });
});

describe('noGrad and detach', () => {
  it('noGrad frees intermediates and keeps the result', () => {
    const lin = new TinyLinear(2, 2);
    const x = tf.ones([3, 2]);
    const before = tf.memory().numTensors;
    const out = noGrad(() => lin.forward(tf.mul(x, 2)).argMax(1));
    expect(tf.memory().numTensors).toBe(before + 1);
    expect(out.shape).toEqual([3]);
    out.dispose();
    lin.dispose();
    x.dispose();
  });

  it('no gradient flows through noGrad or detach inside backward', () => {
    const w = new Parameter(tf.tensor1d([3]));
    backward(() => tf.add(tf.mul(w, noGrad(() => tf.mul(w, 2))), tf.mul(w, detach(w))), { parameters: [w] });
    // d/dw [w * c1 + w * c2] with c1 = 2w = 6, c2 = w = 3 treated as constants
    expect(values(w.grad!)).toEqual([9]);
    w.dispose();
  });
});

describe('Parameter', () => {
  it('is a tf.Variable; plain variables are not Parameters', () => {
    const p = new Parameter(tf.ones([2]));
    expect(p).toBeInstanceOf(tf.Variable);
    expect(p).toBeInstanceOf(Parameter);
    const v = tf.variable(tf.ones([1]));
    expect(v instanceof Parameter).toBe(false);
    expect(String(p)).toMatch(/^Parameter containing:/);
    v.dispose();
    p.dispose();
  });

  it('takes over the given tensor without leaking', () => {
    expect(
      leakedTensors(() => {
        const p = new Parameter(tf.zeros([3]));
        p.grad = tf.ones([3]);
        p.dispose();
      }),
    ).toBe(0);
    expect(() => new Parameter([1, 2] as unknown as tf.Tensor)).toThrow(/expected a tf.Tensor/);
  });

  it('modules in a class hierarchy keep hooks through subclass forward', () => {
    class Base extends Module {
      override forward(x: tf.Tensor) {
        return tf.add(x, 1);
      }
    }
    class Derived extends Base {
      override forward(x: tf.Tensor) {
        return tf.mul(super.forward(x), 2);
      }
    }
    const d = new Derived();
    let hooks = 0;
    d.registerForwardHook(() => void hooks++);
    expect(values(d.forward(tf.scalar(1)))).toEqual([4]);
    expect(hooks).toBe(1);
  });
});
