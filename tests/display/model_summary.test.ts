import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import * as nn from '../../src/nn';
import { summary } from '../../display/model/summary';
import { toMimeBundle } from '../../display/protocol';
import { readPngHeader } from '../../display/png/encode_png';
import '../../display';

describe('model summaries', () => {
  it('a Sequential as a cell value shows its three layers and 17 parameters', () => {
    const model = new nn.Sequential(new nn.Linear(2, 4), new nn.ReLU(), new nn.Linear(4, 1));
    const { data } = toMimeBundle(model);
    expect(Object.keys(data).sort()).toEqual(['text/html', 'text/plain']);
    const text = String(data['text/plain']);
    expect(text.match(/Linear/g)).toHaveLength(2);
    expect(text).toContain('ReLU');
    expect(text).toContain('Total params: 17');
    expect(text).toContain('Trainable params: 17');
    const html = String(data['text/html']);
    expect(html.match(/<b>Linear<\/b>/g)).toHaveLength(2);
    expect(html).toContain('<b>ReLU</b>');
    expect(html).toContain('<b>17</b>');
  });

  it('traces output shapes, estimates memory and does not leak', () => {
    const model = new nn.Sequential(new nn.Linear(2, 4), new nn.ReLU(), new nn.Linear(4, 1));
    const before = tf.memory().numTensors;
    const s = summary(model, [8, 2]);
    expect(tf.memory().numTensors).toBe(before);
    expect(s.data.rows.map((r) => r.outputShape)).toEqual(['[8, 1]', '[8, 4]', '[8, 4]', '[8, 1]']);
    expect(s.totalParams).toBe(17);
    expect(s.data.inputBytes).toBe(8 * 2 * 4);
    expect(s.data.activationBytes).toBe((8 * 4 + 8 * 4 + 8) * 4 * 2);
    expect(s.toString()).toContain('Estimated Total Size (MB)');
    expect(model.training).toBe(true);
    expect(summary(model, { inputSize: [1, 2] }).data.rows[1].outputShape).toBe('[1, 4]');
  });

  it('counts trainable and frozen parameters with thousands separators, nested modules as a tree', () => {
    class Net extends nn.Module {
      encoder = new nn.Sequential(new nn.Linear(1000, 1000), new nn.ReLU());
      head = new nn.Linear(1000, 10);
      override forward(x: tf.Tensor): tf.Tensor { return this.head.forward(this.encoder.forward(x)); }
    }
    const net = new Net();
    net.head.requiresGrad_(false);
    const s = summary(net, [1, 1000]);
    expect(s.totalParams).toBe(1_001_000 + 10_010);
    expect(s.nonTrainableParams).toBe(10_010);
    const text = s.toString();
    expect(text).toContain('Total params: 1,011,010');
    expect(text).toContain('Non-trainable params: 10,010');
    expect(text).toContain('│ ├─Linear (0)');
    expect(text).toContain('└─Linear (head)');
    expect(text).toContain('1,001,000');
    net.dispose();
  });

  it('draws an architecture diagram as SVG with a PNG fallback', () => {
    const model = new nn.Sequential(new nn.Linear(2, 4), new nn.ReLU(), new nn.Linear(4, 1));
    const d = summary(model, [1, 2]).diagram();
    expect(d.svg.match(/<rect x="20"/g)).toHaveLength(3);
    const { data, metadata } = toMimeBundle(d);
    expect(Object.keys(data).sort()).toEqual(['image/png', 'image/svg+xml', 'text/plain']);
    const meta = metadata['image/png'] as { width: number; height: number };
    expect(readPngHeader(Buffer.from(String(data['image/png']), 'base64')).width).toBe(meta.width * 2);
  });

  it('summarises a tfjs LayersModel like Keras', () => {
    const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [3], units: 5, activation: 'relu' }), tf.layers.dense({ units: 2 })] });
    const { data } = toMimeBundle(model);
    const text = String(data['text/plain']);
    expect(text).toContain('Dense');
    expect(text).toContain('[-1, 5]');
    expect(text).toContain('Total params: 32');
    model.dispose();
  });

  it('prints parameters like PyTorch', () => {
    const p = new nn.Parameter(tf.tensor([0.5, -1]));
    expect(toMimeBundle(p).data['text/plain']).toBe('Parameter containing:\ntensor([ 0.5000, -1.0000], requires_grad=True)');
    p.dispose();
  });

  it('explains a failing traced pass and rejects other objects', () => {
    const model = new nn.Sequential(new nn.Linear(2, 4));
    expect(() => summary(model, [1, 3])).toThrow(/traced forward pass with input \[1, 3\] failed/);
    expect(() => summary({} as never)).toThrow(/expected an nn.Module or a tfjs LayersModel/);
    expect(() => summary(model, [1, 0])).toThrow(/positive integers/);
  });
});
