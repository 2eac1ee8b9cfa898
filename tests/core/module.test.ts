import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { Module, ModuleDict, ModuleList, Parameter, Sequential } from '../../src/nn';
import { TinyLinear, TinyReLU, values } from './helpers';

class Net extends Module {
  fc1 = new TinyLinear(2, 3);
  act = new TinyReLU();
  blocks = new ModuleList([new TinyLinear(3, 3), new TinyLinear(3, 3, false)]);
  head = new Sequential(new TinyLinear(3, 1));
  scale = new Parameter(tf.ones([1]));
  override forward(x: tf.Tensor): tf.Tensor {
    let h = this.act.forward(this.fc1.forward(x));
    for (const b of this.blocks) h = b.forward(h);
    return tf.mul(this.head.forward(h), this.scale);
  }
}

describe('Module discovery and registration', () => {
  it('finds children and parameters from properties, in definition order, with PyTorch names', () => {
    const net = new Net();
    expect(net.namedParameters().map(([n]) => n)).toEqual([
      'scale', 'fc1.weight', 'fc1.bias', 'blocks.0.weight', 'blocks.0.bias', 'blocks.1.weight', 'head.0.weight', 'head.0.bias',
    ]);
    expect(net.namedChildren().map(([n]) => n)).toEqual(['fc1', 'act', 'blocks', 'head']);
    expect(net.namedModules().map(([n]) => n)).toEqual(['', 'fc1', 'act', 'blocks', 'blocks.0', 'blocks.1', 'head', 'head.0']);
    expect(net.parameters().length).toBe(8);
    expect(net.parameters(false)).toEqual([net.scale]);
    net.dispose();
  });

  it('does not scan arrays or plain objects', () => {
    class Hidden extends Module {
      list = [new TinyLinear(1, 1)];
      obj = { a: new TinyLinear(1, 1) };
    }
    const m = new Hidden();
    expect(m.parameters()).toEqual([]);
    m.list[0].dispose();
    m.obj.a.dispose();
  });

  it('registerModule / registerParameter / registerBuffer work and expose this[name]', () => {
    class Reg extends Module {
      constructor() {
        super();
        for (let i = 0; i < 2; i++) this.registerModule(`layer${i}`, new TinyLinear(2, 2));
        this.registerParameter('gain', new Parameter(tf.ones([2])));
        this.registerParameter('absent', null);
        this.registerBuffer('runningMean', tf.zeros([2]));
      }
    }
    const m = new Reg() as Reg & Record<string, unknown>;
    expect(m.namedParameters().map(([n]) => n)).toEqual(['gain', 'layer0.weight', 'layer0.bias', 'layer1.weight', 'layer1.bias']);
    expect(m.layer0).toBeInstanceOf(TinyLinear);
    expect(m.absent).toBeNull();
    expect(Object.keys(m.stateDict())).toEqual(['gain', 'runningMean', 'layer0.weight', 'layer0.bias', 'layer1.weight', 'layer1.bias']);
    const before = tf.memory().numTensors;
    m.setBuffer('runningMean', tf.ones([2]));
    expect(tf.memory().numTensors).toBe(before); // the old buffer was freed
    expect(values(m.getBuffer('runningMean')!)).toEqual([1, 1]);
    m.runningMean = tf.fill([2], 3);
    expect(values(m.getBuffer('runningMean')!)).toEqual([3, 3]);
    expect(() => m.registerParameter('p', tf.ones([1]) as unknown as Parameter)).toThrow(/expected an nn.Parameter/);
    expect(() => m.registerModule('a.b', new TinyReLU())).toThrow(/must not contain/);
    expect(() => m.setBuffer('nope', null)).toThrow(/no buffer "nope"/);
    m.dispose();
  });

  it('a parameter shared by two modules is listed once (tied weights)', () => {
    class Tied extends Module {
      a = new TinyLinear(2, 2);
      b = new TinyLinear(2, 2);
      constructor() {
        super();
        this.b.weight.dispose();
        this.b.weight = this.a.weight;
      }
    }
    const m = new Tied();
    expect(m.namedParameters().map(([n]) => n)).toEqual(['a.weight', 'a.bias', 'b.bias']);
    expect(Object.keys(m.stateDict())).toEqual(['a.weight', 'a.bias', 'b.weight', 'b.bias']);
    m.dispose();
  });
});

describe('Module modes, freezing and apply', () => {
  it('train/eval propagate to all descendants', () => {
    const net = new Net();
    expect(net.modules().every((m) => m.training)).toBe(true);
    net.eval();
    expect(net.modules().every((m) => !m.training)).toBe(true);
    net.train();
    expect(net.blocks.get(1).training).toBe(true);
    expect(() => net.train('yes' as unknown as boolean)).toThrow(/boolean/);
    net.dispose();
  });

  it('requiresGrad_ freezes and unfreezes parameters', () => {
    const net = new Net();
    net.fc1.requiresGrad_(false);
    expect(net.fc1.weight.requiresGrad).toBe(false);
    expect(net.fc1.weight.trainable).toBe(false);
    expect(net.head.parameters().every((p) => p.requiresGrad)).toBe(true);
    net.requiresGrad_(true);
    expect(net.parameters().every((p) => p.requiresGrad)).toBe(true);
    net.dispose();
  });

  it('apply visits children before the parent', () => {
    const net = new Net();
    const seen: string[] = [];
    net.apply((m) => seen.push(m.constructor.name));
    expect(seen).toEqual(['TinyLinear', 'TinyReLU', 'TinyLinear', 'TinyLinear', 'ModuleList', 'TinyLinear', 'Sequential', 'Net']);
    net.dispose();
  });
});

describe('Module printing', () => {
  it('prints like PyTorch', () => {
    const net = new Net();
    expect(net.toString()).toBe(
      [
        'Net(',
        '  (fc1): TinyLinear(in_features=2, out_features=3, bias=True)',
        '  (act): TinyReLU()',
        '  (blocks): ModuleList(',
        '    (0): TinyLinear(in_features=3, out_features=3, bias=True)',
        '    (1): TinyLinear(in_features=3, out_features=3, bias=False)',
        '  )',
        '  (head): Sequential(',
        '    (0): TinyLinear(in_features=3, out_features=1, bias=True)',
        '  )',
        ')',
      ].join('\n'),
    );
    expect(String(new TinyReLU())).toBe('TinyReLU()');
    net.dispose();
  });
});

describe('Module hooks', () => {
  it('pre-hooks can replace inputs, hooks can replace outputs, and handles remove them', () => {
    const lin = new TinyLinear(2, 1);
    const calls: string[] = [];
    const pre = lin.registerForwardPreHook((_m, inputs) => {
      calls.push('pre');
      return [tf.mul(inputs[0] as tf.Tensor, 0)];
    });
    const post = lin.registerForwardHook((_m, _inputs, output) => {
      calls.push('post');
      return tf.add(output as tf.Tensor, 5);
    });
    const out = lin.forward(tf.ones([1, 2]));
    expect(values(out)).toEqual([5]);
    expect(calls).toEqual(['pre', 'post']);
    pre.remove();
    post.remove();
    const out2 = lin.forward(tf.ones([1, 2]));
    expect(values(out2)[0]).toBeCloseTo(0.1 + 0.11, 5);
    expect(calls).toEqual(['pre', 'post']);
    lin.dispose();
  });
});

describe('Module errors name the module', () => {
  it('a shape error inside a child says which child raised it', () => {
    const net = new Net();
    expect(() => net.forward(tf.ones([4, 5]))).toThrow(/last dimension 2, got shape \[4, 5\][\s\S]*fc1 \(TinyLinear\) of Net/);
    net.dispose();
  });

  it('forward not implemented is a clear error', () => {
    expect(() => new Module().forward(1)).toThrow(/forward\(\) is not implemented/);
  });
});

describe('stateDict / loadStateDict', () => {
  it('round-trips between two models', () => {
    const a = new Net();
    const b = new Net();
    tf.tidy(() => {
      for (const p of a.parameters()) p.assign(tf.add(p, 1));
    });
    const result = b.loadStateDict(a.stateDict());
    expect(result).toEqual({ missingKeys: [], unexpectedKeys: [] });
    for (const [k, v] of Object.entries(a.stateDict())) expect(values(b.stateDict()[k])).toEqual(values(v));
    a.dispose();
    expect(values(b.fc1.weight).length).toBe(6); // b kept its own reference
    b.dispose();
  });

  it('clone: true gives a snapshot that does not follow training', () => {
    const lin = new TinyLinear(1, 1);
    const snap = lin.stateDict({ clone: true });
    tf.tidy(() => lin.weight.assign(tf.add(lin.weight, 1)));
    expect(values(snap.weight)[0]).toBeCloseTo(0.1);
    tf.dispose(snap);
    lin.dispose();
  });

  it('reports missing and unexpected keys and shape mismatches, and changes nothing on error', () => {
    const lin = new TinyLinear(2, 1);
    const before = values(lin.weight);
    expect(() => lin.loadStateDict({ weight: tf.zeros([1, 2]) })).toThrow(/Missing key\(s\) in state dict: "bias"/);
    expect(() => lin.loadStateDict({ weight: tf.zeros([1, 2]), bias: tf.zeros([1]), extra: tf.zeros([1]) })).toThrow(
      /Unexpected key\(s\) in state dict: "extra"/,
    );
    expect(() => lin.loadStateDict({ weight: tf.zeros([2, 2]), bias: tf.zeros([1]) })).toThrow(
      /size mismatch for weight: copying a tensor of shape \[2, 2\] from the state dict, the shape in the current model is \[1, 2\]/,
    );
    expect(values(lin.weight)).toEqual(before);
    const res = lin.loadStateDict({ weight: tf.zeros([1, 2]), extra: tf.zeros([1]) }, { strict: false });
    expect(res).toEqual({ missingKeys: ['bias'], unexpectedKeys: ['extra'] });
    expect(values(lin.weight)).toEqual([0, 0]);
    expect(() => lin.loadStateDict(null as unknown as Record<string, tf.Tensor>)).toThrow(/expected an object/);
    lin.dispose();
  });
});

describe('containers', () => {
  it('Sequential chains modules, supports names, get, append and slice', () => {
    const seq = new Sequential(new TinyLinear(2, 3), new TinyReLU(), new TinyLinear(3, 1));
    expect(seq.forward(tf.ones([4, 2])).shape).toEqual([4, 1]);
    expect(seq.length).toBe(3);
    expect(seq.get(-1)).toBeInstanceOf(TinyLinear);
    expect(seq.slice(0, 2).length).toBe(2);
    seq.append(new TinyReLU());
    expect(seq.namedChildren().map(([n]) => n)).toEqual(['0', '1', '2', '3']);
    const named = new Sequential({ fc: new TinyLinear(2, 2), act: new TinyReLU() });
    expect(named.namedParameters().map(([n]) => n)).toEqual(['fc.weight', 'fc.bias']);
    expect(named.get('act')).toBeInstanceOf(TinyReLU);
    expect(() => seq.get(7)).toThrow(/out of range/);
    expect(() => new Sequential(tf.ones([1]) as unknown as Module)).toThrow(/expected an nn.Module/);
    seq.dispose();
    named.dispose();
  });

  it('ModuleList renumbers after insert/pop', () => {
    const list = new ModuleList([new TinyReLU(), new TinyLinear(1, 1)]);
    list.insert(0, new TinyLinear(1, 2));
    expect(list.namedParameters().map(([n]) => n)).toEqual(['0.weight', '0.bias', '2.weight', '2.bias']);
    list.pop(0).dispose();
    expect(list.namedParameters().map(([n]) => n)).toEqual(['1.weight', '1.bias']);
    expect([...list].length).toBe(2);
    list.dispose();
  });

  it('ModuleDict keeps insertion order and allows names like "keys"', () => {
    const dict = new ModuleDict({ b: new TinyLinear(1, 1), keys: new TinyLinear(1, 1) });
    expect(dict.keys()).toEqual(['b', 'keys']);
    expect(dict.namedParameters().map(([n]) => n)).toEqual(['b.weight', 'b.bias', 'keys.weight', 'keys.bias']);
    expect(() => dict.get('zzz')).toThrow(/no module named "zzz"/);
    dict.pop('b').dispose();
    expect(dict.keys()).toEqual(['keys']);
    dict.dispose();
  });
});

describe('dispose and to(device)', () => {
  it('dispose frees parameters, gradients and buffers', () => {
    const before = tf.memory().numTensors;
    const net = new Net();
    net.registerBuffer('steps', tf.zeros([1]));
    net.fc1.weight.grad = tf.ones([3, 2]);
    net.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it("to('cpu') returns the module; to('cuda') without a GPU is a clear error", () => {
    const lin = new TinyLinear(1, 1);
    expect(lin.to('cpu')).toBe(lin);
    expect(() => lin.to('cuda')).toThrow(/no CUDA GPU is in use/);
    expect(() => lin.to('tpu')).toThrow(/unknown device "tpu"/);
    lin.dispose();
  });
});
