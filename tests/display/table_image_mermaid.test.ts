import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { display } from '../../display';
import { toMimeBundle } from '../../display/protocol';
import { readPngHeader, encodePng } from '../../display/png/encode_png';
import { decodePng } from './png_decode';
import { forgetRenderedMermaid, renderMermaidSvg, staticMermaidAvailable } from '../../display/mermaid/render_static';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

describe('tables', () => {
  it('renders records as HTML with an aligned text fallback', () => {
    const t = display.table([{ epoch: 1, loss: 0.5, note: 'warm-up' }, { epoch: 2, loss: 0.25 }]);
    const { data } = toMimeBundle(t);
    expect(Object.keys(data).sort()).toEqual(['text/html', 'text/plain']);
    expect(String(data['text/html'])).toContain('<th style="text-align:right">loss</th>');
    expect(String(data['text/html'])).toContain('<td style="text-align:right">0.2500</td>');
    expect(data['text/plain']).toBe([
      'epoch    loss  note',
      '-----  ------  -------',
      '    1  0.5000  warm-up',
      '    2  0.2500',
    ].join('\n'));
  });

  it('renders a metric report keyed by class and elides long tables', () => {
    const t = display.table({ cat: { precision: 0.9, recall: 0.8 }, dog: { precision: 0.85, recall: 0.92 } }, { indexName: 'class' });
    expect(t.text.split('\n')[0]).toBe('class  precision  recall');
    const long = display.table(Array.from({ length: 100 }, (_, i) => ({ i })), { maxRows: 10 });
    expect(long.text).toContain('[100 rows x 1 columns]');
    expect(long.text.split('\n').length).toBeLessThan(16);
    expect(() => display.table([1 as never])).toThrow(/row 0 is not an object/);
  });
});

describe('images', () => {
  it('turns grayscale, HWC and CHW tensors into PNGs of the expected size', () => {
    const gray = tf.zeros([28, 28]);
    const hwc = tf.ones([10, 20, 3]);
    const chw = tf.ones([3, 10, 20]);
    const before = tf.memory().numTensors;
    const g = display.image(gray);
    expect(readPngHeader(g.png)).toMatchObject({ width: 112, height: 112, colorType: 0 });
    expect(readPngHeader(display.image(hwc, { scale: 1 }).png)).toMatchObject({ width: 20, height: 10, colorType: 2 });
    expect(readPngHeader(display.image(chw, { scale: 2 }).png)).toMatchObject({ width: 40, height: 20, colorType: 2 });
    expect(tf.memory().numTensors).toBe(before);
    const { data } = toMimeBundle(g);
    expect(Object.keys(data).sort()).toEqual(['image/png', 'text/plain']);
    expect(() => display.image(tf.zeros([5, 6, 7]))).toThrow(/cannot tell the channels/);
    tf.dispose([gray, hwc, chw]);
  });

  it('maps values to intensities: [0, 1] floats, 0..255, or normalised', () => {
    const px = decodePng(display.image([[0, 0.5, 1]], { scale: 1 }).png);
    expect([px.rgba[0], px.rgba[4], px.rgba[8]]).toEqual([0, 128, 255]);
    const bytes = decodePng(display.image([[0, 128, 255]], { scale: 1 }).png);
    expect(bytes.rgba[4]).toBe(128);
    const norm = decodePng(display.image([[-2, 0, 2]], { scale: 1 }).png);
    expect([norm.rgba[0], norm.rgba[4], norm.rgba[8]]).toEqual([0, 128, 255]);
  });

  it('keeps a [0, 1] ramp whose float32 end overshoots 1 (tf.linspace) on the 0..1 scale', () => {
    const ramp = tf.linspace(0, 1, 28 * 28).reshape([28, 28]);
    const px = decodePng(display.image(ramp, { scale: 1 }).png);
    ramp.dispose();
    expect(px.rgba[0]).toBe(0);
    expect(px.rgba[(28 * 28 - 1) * 4]).toBe(255);
    expect(px.rgba[(14 * 28) * 4]).toBeGreaterThan(100);
  });

  it('lays out a captioned grid from a batch tensor', () => {
    const batch = tf.randomUniform([10, 1, 28, 28]);
    const grid = display.imageGrid(batch, { captions: Array.from({ length: 10 }, (_, i) => `pred ${i}`), nrow: 5 });
    const header = readPngHeader(grid.png);
    expect(header.width).toBe(5 * (64 + 6) + 6);
    expect(header.height).toBe(2 * (64 + 16 + 6) + 6);
    expect(grid.svg.match(/<image /g)).toHaveLength(10);
    expect(grid.svg).toContain('>pred 9<');
    expect(() => display.imageGrid(batch, { captions: ['a'] })).toThrow(/10 images but 1 captions/);
    batch.dispose();
  });

  it('encodes PNGs that decode back to the same pixels', () => {
    const rgba = new Uint8Array([255, 0, 0, 255, 0, 255, 0, 128]);
    const back = decodePng(encodePng(2, 1, rgba, 4));
    expect(Array.from(back.rgba)).toEqual(Array.from(rgba));
    expect(() => encodePng(2, 2, rgba, 4)).toThrow(/expected 16 bytes/);
  });

  it('shows a heat map of a 2-D tensor as a figure', () => {
    const m = tf.tensor2d([[1, 2], [3, 4]]);
    const { data } = toMimeBundle(display.heatmap(m, { title: 'w' }));
    expect(data['application/vnd.vegalite.v5+json']).toBeDefined();
    expect(String(data['image/svg+xml'])).toContain('>4<');
    m.dispose();
  });

  it('writes heat-map annotations dark on light cells and light on dark cells, whatever the colormap', () => {
    const textColor = (cmap: string, value: string): string | undefined => {
      const svg = String(toMimeBundle(display.heatmap([[0, 50], [100, 10]], { cmap })).data['image/svg+xml']);
      return new RegExp(`<text[^>]*fill="(#[0-9a-f]{3})"[^>]*>${value}<`).exec(svg)?.[1]; // annotations use 3-digit colours
    };
    // Blues runs from white to dark blue; viridis from dark purple to yellow: opposite contrasts.
    expect(textColor('Blues', '0')).toBe('#000');
    expect(textColor('Blues', '100')).toBe('#fff');
    expect(textColor('viridis', '0')).toBe('#fff');
    expect(textColor('viridis', '100')).toBe('#000');
  });
});

describe('mermaid', () => {
  it('emits text/vnd.mermaid with a markdown fence and the source as text', () => {
    const src = 'graph LR\n  A[Input] --> B[Hidden] --> C[Output]';
    const { data } = toMimeBundle(display.mermaid(src, { static: false }));
    expect(Object.keys(data).sort()).toEqual(['text/markdown', 'text/plain', 'text/vnd.mermaid']);
    expect(data['text/vnd.mermaid']).toBe(src);
    expect(data['text/markdown']).toBe('```mermaid\n' + src + '\n```\n');
    expect(data['text/plain']).toBe(src);
    expect(() => display.mermaid('  ')).toThrow(/non-empty string/);
  });

  it.skipIf(!staticMermaidAvailable())('keeps rendered diagrams on disk so a new kernel does not start a browser again', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsdl-mermaid-cache-'));
    const before = process.env.TSDL_CACHE_DIR;
    process.env.TSDL_CACHE_DIR = dir;
    try {
      const src = `graph TD\n  A[cache test ${process.pid}-${Date.now()}] --> B[done]`;
      const svg = renderMermaidSvg(src);
      expect(svg).toContain('>done<');
      const files = readdirSync(join(dir, 'mermaid'));
      expect(files).toHaveLength(1);
      // A fresh process (memory cache empty) reads the file instead of rendering.
      writeFileSync(join(dir, 'mermaid', files[0]), '<svg width="1" height="1">from disk</svg>');
      forgetRenderedMermaid();
      expect(renderMermaidSvg(src)).toContain('from disk');
    } finally {
      if (before === undefined) delete process.env.TSDL_CACHE_DIR; else process.env.TSDL_CACHE_DIR = before;
      forgetRenderedMermaid();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it.skipIf(!staticMermaidAvailable())('renders a static SVG and PNG with headless Chromium for exports', () => {
    const { data, metadata } = toMimeBundle(display.mermaid('graph LR\n  A[Input] --> B[Hidden] --> C[Output]'));
    const svg = String(data['image/svg+xml']);
    expect(svg).toMatch(/^<svg[^>]* width="\d+" height="\d+"/);
    expect(svg).not.toContain('foreignObject');
    expect(svg).toContain('Hidden');
    const size = metadata['image/png'] as { width: number; height: number };
    expect(readPngHeader(Buffer.from(String(data['image/png']), 'base64')).width).toBe(size.width * 2);
  }, 60_000);
});
