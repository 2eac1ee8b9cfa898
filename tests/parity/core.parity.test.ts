/**
 * Parity of the library core with PyTorch: module / state-dict naming of a nested model, gradient
 * clipping, std/var, creation helpers, and training steps of a small MLP (gradients, SGD with momentum,
 * gradient accumulation with clipping). Fixtures: tests/parity/make_core.py.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import * as nn from '../../src/nn';
import * as optim from '../../src/optim';
import { backward } from '../../src/autograd';
import { arange, linspace, meshgrid, std, variance } from '../../src/tensor';

interface TensorJson {
  shape: number[];
  data: number[];
}

const FIXTURES = path.join(__dirname, 'fixtures', 'core');
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const fixture = (name: string): any => JSON.parse(fs.readFileSync(path.join(FIXTURES, `${name}.json`), 'utf8'));

const t = (j: TensorJson) => tf.tensor(j.data, j.shape, 'float32');

/** float32 tolerance: 1e-4 relative with a small absolute floor. */
function expectClose(actual: tf.Tensor | number, expected: TensorJson | number, what: string): void {
  const a = typeof actual === 'number' ? [actual] : Array.from(actual.dataSync());
  const e = typeof expected === 'number' ? [expected] : expected.data;
  if (typeof actual !== 'number' && typeof expected !== 'number') {
    expect(actual.shape, `${what}: shape`).toEqual(expected.shape);
  }
  expect(a.length, `${what}: size`).toBe(e.length);
  a.forEach((v, i) => {
    const tol = 1e-4 * Math.abs(e[i]) + 1e-5;
    if (!(Math.abs(v - e[i]) <= tol)) throw new Error(`${what}[${i}]: got ${v}, PyTorch ${e[i]} (tolerance ${tol})`);
  });
}

class Block extends nn.Module {
  fc = new nn.Linear(4, 4);
  bn = new nn.BatchNorm1d(4);
}

class Net extends nn.Module {
  stem = new nn.Sequential(new nn.Linear(3, 4), new nn.ReLU(), new nn.Linear(4, 4, { bias: false }));
  blocks = new nn.ModuleList([new Block(), new Block()]);
  heads = new nn.ModuleDict({ cls: new nn.Linear(4, 2), reg: new nn.Linear(4, 1) });
  named = new nn.Sequential({ fc: new nn.Linear(4, 4), act: new nn.Tanh() });
  scale = new nn.Parameter(tf.ones([1]));
}

describe('core parity', () => {
  it('core: stateDict keys and shapes of a nested model', () => {
    const ref = fixture('naming');
    const net = new Net();
    expect(Object.entries(net.stateDict()).map(([k, v]) => [k, v.shape])).toEqual(ref.stateDict);
    net.dispose();
  });

  it('core: namedParameters and parameter count of a nested model', () => {
    const ref = fixture('naming');
    const net = new Net();
    expect(net.namedParameters().map(([k, v]) => [k, v.shape])).toEqual(ref.namedParameters);
    expect(net.parameters().reduce((n, p) => n + p.size, 0)).toBe(ref.numParameters);
    net.dispose();
  });

  it('core: namedModules names and classes of a nested model', () => {
    const ref = fixture('naming');
    const net = new Net();
    expect(net.namedModules().map(([k, m]) => [k, m.constructor.name])).toEqual(ref.namedModules);
    net.dispose();
  });

  const clip = fixture('clip_grad');
  for (const c of clip.norm) {
    it(`core: clipGradNorm ${c.name}`, () => {
      const ps = c.grads.map((g: TensorJson) => {
        const p = new nn.Parameter(tf.zeros(g.shape));
        p.grad = t(g);
        return p;
      });
      const total = nn.clipGradNorm(ps, c.maxNorm, c.normType === 'inf' ? Infinity : c.normType);
      expectClose(total, c.total, 'total norm');
      ps.forEach((p: nn.Parameter, i: number) => expectClose(p.grad!, c.clipped[i], `grad ${i}`));
      ps.forEach((p: nn.Parameter) => p.dispose());
    });
  }

  it('core: clipGradValue', () => {
    const c = clip.value;
    const ps = c.grads.map((g: TensorJson) => {
      const p = new nn.Parameter(tf.zeros(g.shape));
      p.grad = t(g);
      return p;
    });
    nn.clipGradValue(ps, c.clipValue);
    ps.forEach((p: nn.Parameter, i: number) => expectClose(p.grad!, c.clipped[i], `grad ${i}`));
    ps.forEach((p: nn.Parameter) => p.dispose());
  });

  const sv = fixture('std_var');
  for (const c of sv.cases) {
    it(`core: ${c.name}`, () => {
      const fn = c.fn === 'std' ? std : variance;
      const out = fn(t(sv.x), c.dim ?? undefined, { unbiased: c.unbiased, keepdim: c.keepdim });
      expectClose(out, c.out, c.name);
    });
  }

  it('core: linspace, arange and meshgrid', () => {
    const ref = fixture('creation');
    expectClose(linspace(-2, 3, 7), ref.linspace, 'linspace');
    expectClose(arange(0.5, 2.0, 0.3), ref.arange, 'arange');
    const ij = meshgrid([linspace(-1, 1, 3), arange(2, undefined, 1, 'float32')]);
    ij.forEach((g, i) => expectClose(g, ref.meshgridIJ[i], `meshgrid ij ${i}`));
    const xy = meshgrid([linspace(-1, 1, 3), arange(2, undefined, 1, 'float32')], { indexing: 'xy' });
    xy.forEach((g, i) => expectClose(g, ref.meshgridXY[i], `meshgrid xy ${i}`));
  });

  const mlp = fixture('mlp_training');
  const freshMlp = () => {
    const m = new nn.Sequential(new nn.Linear(3, 4), new nn.ReLU(), new nn.Linear(4, 2));
    const sd: Record<string, tf.Tensor> = {};
    for (const [k, v] of Object.entries(mlp.init)) sd[k] = t(v as TensorJson);
    m.loadStateDict(sd);
    tf.dispose(sd);
    return m;
  };

  it('core: MLP loss and gradients of one batch (weights from PyTorch)', () => {
    const m = freshMlp();
    const crit = new nn.MSELoss();
    const [x, y] = [t(mlp.x[0]), t(mlp.y[0])];
    const loss = backward(() => crit.forward(m.forward(x), y));
    expectClose(loss, mlp.lossOneBatch, 'loss');
    for (const [k, p] of m.namedParameters()) expectClose(p.grad!, mlp.gradsOneBatch[k], `grad ${k}`);
    m.dispose();
  });

  it('core: three SGD-with-momentum training steps of an MLP', () => {
    const m = freshMlp();
    const crit = new nn.MSELoss();
    const opt = new optim.SGD(m.parameters(), { lr: mlp.sgdMomentum.lr, momentum: mlp.sgdMomentum.momentum });
    mlp.x.forEach((xj: TensorJson, i: number) => {
      const [x, y] = [t(xj), t(mlp.y[i])];
      opt.zeroGrad();
      const loss = backward(() => crit.forward(m.forward(x), y));
      opt.step();
      expectClose(loss, mlp.sgdMomentum.losses[i], `loss ${i}`);
    });
    for (const [k, v] of Object.entries(m.stateDict())) expectClose(v, mlp.sgdMomentum.after[k], `weight ${k}`);
    m.dispose();
  });

  it('core: gradient accumulation over two batches, clipGradNorm, SGD step', () => {
    const m = freshMlp();
    const crit = new nn.MSELoss();
    const opt = new optim.SGD(m.parameters(), { lr: mlp.accumulateClip.lr });
    opt.zeroGrad();
    for (let i = 0; i < 2; i++) {
      const [x, y] = [t(mlp.x[i]), t(mlp.y[i])];
      backward(() => crit.forward(m.forward(x), y));
    }
    for (const [k, p] of m.namedParameters()) expectClose(p.grad!, mlp.accumulateClip.grads[k], `accumulated grad ${k}`);
    expectClose(nn.clipGradNorm(m.parameters(), mlp.accumulateClip.maxNorm), mlp.accumulateClip.totalNorm, 'total norm');
    opt.step();
    for (const [k, v] of Object.entries(m.stateDict())) expectClose(v, mlp.accumulateClip.after[k], `weight ${k}`);
    m.dispose();
  });
});
