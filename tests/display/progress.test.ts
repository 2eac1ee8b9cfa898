import { afterEach, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { progress } from '../../display/progress';
import { setDisplaySink, type DisplayOutput } from '../../display/protocol';
import { readPngHeader } from '../../display/png/encode_png';

interface Msg { kind: 'display' | 'update'; id: string; output: DisplayOutput }

function captureSink(): Msg[] {
  const msgs: Msg[] = [];
  setDisplaySink({
    display: (output, id) => msgs.push({ kind: 'display', id, output }),
    update: (output, id) => msgs.push({ kind: 'update', id, output }),
    clear: () => undefined,
  });
  return msgs;
}

function busy(ms: number): void {
  const end = Date.now() + ms;
  while (Date.now() < end) { /* spin */ }
}

afterEach(() => setDisplaySink(null));

describe('progress in a notebook', () => {
  it('shows one output updated in place, throttled, ending with a chart and table', () => {
    const msgs = captureSink();
    const bar = progress([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], { desc: 'train', minInterval: 0.05 });
    const seen: number[] = [];
    const started = Date.now();
    for (const x of bar) { seen.push(x); busy(20); bar.log({ loss: 1 / x }); }
    const elapsed = Date.now() - started;
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(msgs[0].kind).toBe('display');
    expect(new Set(msgs.map((m) => m.id)).size).toBe(1);
    expect(msgs.slice(1).every((m) => m.kind === 'update')).toBe(true);
    // At most one redraw per 50 ms of the loop's own time (+ the first, the 100% and the final one), and
    // fewer outputs than steps: 10 steps of >= 20 ms give about 5 on a quiet machine.
    expect(msgs.length).toBeLessThanOrEqual(3 + Math.floor(elapsed / 50));
    expect(msgs.length).toBeLessThan(10 + 2);
    const final = msgs[msgs.length - 1].output.data;
    expect(String(final['text/plain'])).toMatch(/^train: 100%\|█{20}\| 10\/10 \[/);
    expect(String(final['text/plain'])).toContain('loss=0.1');
    const html = String(final['text/html']);
    expect(html).toContain('<table');
    const png = /data:image\/png;base64,([^"]+)"/.exec(html);
    expect(png).not.toBeNull();
    expect(readPngHeader(Buffer.from(png![1], 'base64')).width).toBeGreaterThan(300);
    const live = msgs.slice(1, -1).map((m) => String(m.output.data['text/html']));
    expect(live.some((h) => h.includes('<polyline'))).toBe(true);
  });

  it('draws nested bars into the outer bar\'s output, at most a few times per second', () => {
    const msgs = captureSink();
    const epochs = progress(3, { desc: 'epoch' });
    for (const e of epochs) {
      const batches = progress(2000, { desc: 'batch' });
      for (const b of batches) { if (b % 500 === 0) busy(30); batches.setPostfix({ step: b }); }
      epochs.log({ loss: 1 / (e + 1) });
    }
    expect(new Set(msgs.map((m) => m.id)).size).toBe(1);
    expect(msgs.length).toBeLessThan(30);
    expect(msgs.some((m) => String(m.output.data['text/plain']).includes('\nbatch:'))).toBe(true);
    expect(String(msgs[msgs.length - 1].output.data['text/plain'])).not.toContain('batch');
  });

  it('drives a tfjs-layers fit through kerasCallback', async () => {
    const msgs = captureSink();
    const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [1], units: 1 })] });
    model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
    const xs = tf.tensor2d([[0], [1], [2], [3]]);
    const ys = tf.tensor2d([[1], [3], [5], [7]]);
    await model.fit(xs, ys, { epochs: 3, batchSize: 2, verbose: 0, callbacks: progress.kerasCallback({ minInterval: 0 }) });
    const final = String(msgs[msgs.length - 1].output.data['text/plain']);
    expect(final).toMatch(/epoch: 100%.*3\/3/);
    expect(final).toContain('loss=');
    expect(String(msgs[msgs.length - 1].output.data['text/html'])).toContain('data:image/png;base64');
    model.dispose(); xs.dispose(); ys.dispose();
  });
});

describe('progress in a terminal', () => {
  it('prints plain text progress', () => {
    const write = process.stdout.write;
    let out = '';
    process.stdout.write = ((s: string) => { out += s; return true; }) as typeof process.stdout.write;
    try {
      const bar = progress(4, { desc: 'load', unit: 'file' });
      for (const _ of bar) bar.setPostfix({ ok: true });
    } finally {
      process.stdout.write = write;
    }
    expect(out).toContain('load: 100%|████████████████████| 4/4');
    expect(out).toContain('file/s');
    expect(out).not.toContain('<div');
  });

  it('rejects bad totals', () => {
    expect(() => progress(-1)).toThrow(/non-negative integer/);
    expect(() => progress(null as never)).toThrow(/expected an iterable or a count/);
  });
});
