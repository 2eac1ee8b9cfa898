import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'fs';
import { join } from 'path';
import { formatTensor } from '../../display/tensor/format_text';
import { setPrintOptions } from '../../display/tensor/print_options';
import { tensorBundle, tensorText, registerTensorDisplay } from '../../display/tensor/tensor_display';
import { bundleOf, DISPLAY_SYMBOL } from '../../display/mime';

interface Case { name: string; shape: number[]; dtype: string; values: (number | null)[]; expected: string }

// Written by tests/display/make_tensor_print.py with PyTorch 1.13 (str(tensor)); JSON has NaN/Infinity literals.
const raw = readFileSync(join(__dirname, 'fixtures', 'tensor_print.json'), 'utf8');
const cases: Case[] = JSON.parse(raw.replace(/\bNaN\b/g, '"NaN"').replace(/-Infinity\b/g, '"-Inf"').replace(/\bInfinity\b/g, '"Inf"'));

function toValues(c: Case): ArrayLike<number> {
  const nums = c.values.map((v) => (v === ('NaN' as unknown) ? NaN : v === ('Inf' as unknown) ? Infinity : v === ('-Inf' as unknown) ? -Infinity : Number(v)));
  return c.dtype === 'float32' ? Float32Array.from(nums) : Int32Array.from(nums);
}

describe('tensor text matches PyTorch printouts', () => {
  for (const c of cases) {
    it(c.name, () => {
      const text = formatTensor({ shape: c.shape, dtype: c.dtype, values: toValues(c) });
      // PyTorch names dtypes torch.int32; ours are tfjs names.
      expect(text).toBe(c.expected.replace(/torch\./g, ''));
    });
  }
});

describe('tensor display', () => {
  registerTensorDisplay();

  it('summarises a 1000x1000 tensor to a few lines', () => {
    // Values in [1, 2): a random normal tensor sometimes holds |x| < 1e-4, which (as in PyTorch) switches the
    // whole printout to scientific notation and wraps each row in two.
    const t = tf.tidy(() => tf.add(tf.randomUniform([1000, 1000], 0, 1, 'float32', 7), 1));
    const text = tensorText(t);
    expect(text.split('\n').length).toBe(7);
    expect(text).toContain('...');
    expect(text.length).toBeLessThan(600);
    const html = String(bundleOf(tensorBundle(t))['text/html']);
    expect(html).toContain('shape [1000, 1000]');
    expect(html.length).toBeLessThan(20000);
    t.dispose();
  });

  it('never leaks tensors when displaying', () => {
    const t = tf.tensor([[1, 2], [3, 4]]);
    const v = tf.variable(tf.ones([3]));
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) {
      (t as unknown as Record<symbol, () => unknown>)[DISPLAY_SYMBOL]();
      (v as unknown as Record<symbol, () => unknown>)[DISPLAY_SYMBOL]();
    }
    expect(tf.memory().numTensors).toBe(before);
    t.dispose();
    v.dispose();
  });

  it('shows shape, dtype, backend and statistics in HTML', () => {
    const t = tf.tensor([[1, 2], [3, 6]]);
    const b = bundleOf((t as unknown as Record<symbol, () => ReturnType<typeof tensorBundle>>)[DISPLAY_SYMBOL]());
    expect(Object.keys(b).sort()).toEqual(['text/html', 'text/plain']);
    const html = String(b['text/html']);
    expect(html).toContain('shape [2, 2]');
    expect(html).toContain('float32');
    expect(html).toContain(tf.getBackend());
    expect(html).toMatch(/min 1 · max 6 · mean 3/);
    expect(b['text/plain']).toBe('tensor([[1., 2.],\n        [3., 6.]])');
    t.dispose();
  });

  it('marks trainable variables with requires_grad and shows int32 dtype', () => {
    const v = tf.variable(tf.tensor([0.5, 1.5]));
    expect(tensorText(v)).toBe('tensor([0.5000, 1.5000], requires_grad=True)');
    const i = tf.tensor([1, 2], undefined, 'int32');
    expect(tensorText(i)).toBe('tensor([1, 2], dtype=int32)');
    v.dispose();
    i.dispose();
  });

  it('describes a disposed tensor instead of throwing', () => {
    const t = tf.ones([2]);
    t.dispose();
    expect(tensorText(t)).toContain('<disposed>');
  });

  it('follows setPrintOptions and rejects bad options', () => {
    setPrintOptions({ precision: 2 });
    expect(formatTensor({ shape: [2], dtype: 'float32', values: [0.123, 1.5] })).toBe('tensor([0.12, 1.50])');
    setPrintOptions('default');
    expect(() => setPrintOptions({ precision: -1 })).toThrow(/precision/);
    expect(() => setPrintOptions({ bogus: 1 } as never)).toThrow(/unknown option 'bogus'/);
  });
});
