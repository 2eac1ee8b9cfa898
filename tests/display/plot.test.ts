import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import * as plt from '../../display/plot';
import { Figure, PNG_SCALE } from '../../display/plot/figure';
import { parseFmt } from '../../display/plot/style';
import { niceLevels } from '../../display/plot/ticks';
import { histogram } from '../../display/plot/artists/bars';
import { readPngHeader } from '../../display/png/encode_png';
import { bundleOf, DISPLAY_SYMBOL, type DisplayResult } from '../../display/mime';
import { vegaLiteErrors } from './vegalite_schema';

function bundle(fig: Figure): { data: Record<string, unknown>; metadata: Record<string, unknown> } {
  const r = fig[DISPLAY_SYMBOL]() as { data: Record<string, unknown>; metadata: Record<string, unknown> };
  return r;
}

/** Checks the mime types, the SVG, the PNG size and the schema; returns the SVG. */
function checkFigure(fig: Figure): string {
  const { data, metadata } = bundle(fig);
  expect(Object.keys(data).sort()).toEqual(['application/vnd.vegalite.v5+json', 'image/png', 'image/svg+xml', 'text/plain']);
  expect(data['text/html']).toBeUndefined();
  const svg = String(data['image/svg+xml']);
  expect(svg.startsWith('<svg')).toBe(true);
  expect(svg.trim().endsWith('</svg>')).toBe(true);
  const size = metadata['image/png'] as { width: number; height: number };
  const header = readPngHeader(Buffer.from(String(data['image/png']), 'base64'));
  expect(header.width).toBe(Math.round(size.width * PNG_SCALE));
  expect(header.height).toBe(Math.round(size.height * PNG_SCALE));
  expect(vegaLiteErrors(data['application/vnd.vegalite.v5+json'])).toEqual([]);
  return svg;
}

function count(svg: string, re: RegExp): number {
  return (svg.match(re) ?? []).length;
}

describe('plt figures', () => {
  it('line plot with fmt strings, legend and grid', () => {
    const fig = plt.figure();
    plt.plot([0, 1, 2, 3], [0, 1, 4, 9], 'r--', { label: 'squares' });
    plt.plot([0, 1, 2, 3], [0, 1, 2, 3], 'o-', { label: 'linear' });
    plt.title('Lines'); plt.xlabel('x'); plt.ylabel('y'); plt.legend(); plt.grid();
    const svg = checkFigure(fig);
    expect(svg).toContain('stroke="#ff0000"');
    expect(svg).toContain('stroke-dasharray');
    expect(count(svg, /role-axis-grid/g)).toBe(2);
    expect(svg).toContain('>squares<');
    expect(svg).toContain('>Lines<');
    expect(count(svg, /<path[^>]*d="M[^"]*Z"/g) + count(svg, /<circle/g)).toBeGreaterThanOrEqual(4); // markers
    expect(fig.toString()).toBe('<Figure size 461x346 with 1 Axes>');
    plt.close('all');
  });

  it('subplots grid with shared axes, hist, bar, scatter with colorbar, imshow', () => {
    const [fig, axs] = plt.subplots(2, 2, { figsize: [8, 6], sharex: 'col' });
    axs[0][0].hist([1, 2, 2, 3, 3, 3, 4], { bins: 4, density: true, alpha: 0.5 });
    axs[0][1].bar(['a', 'b', 'c'], [3, 5, 2]);
    axs[1][0].scatter([1, 2, 3], [3, 1, 2], { c: [0, 0.5, 1], cmap: 'viridis' });
    fig.colorbar(undefined, { ax: axs[1][0], label: 'value' });
    axs[1][1].imshow([[0, 1], [1, 0]], { cmap: 'gray' });
    fig.suptitle('Grid');
    expect(axs[1][0].getXlim()).toEqual(axs[0][0].getXlim());
    const svg = checkFigure(fig);
    expect(count(svg, /class="mark-rect role-mark/g)).toBe(2);
    expect(svg).toContain('<image');
    expect(svg).toContain('xlink:href="data:image/png;base64,');
    expect(svg).toContain('>Grid<');
    expect(svg).toContain('linearGradient'); // the colorbar
    expect(fig.toString()).toContain('with 4 Axes');
  });

  it('contourf decision boundary over 300x300 stays small and fast', () => {
    const n = 300;
    const g = Array.from({ length: n }, (_, i) => -2 + (4 * i) / (n - 1));
    const z = g.map((y) => g.map((x) => 1 / (1 + Math.exp(-5 * (x * x - y)))));
    const start = Date.now();
    const [fig, ax] = plt.subplots();
    const cs = ax.contourf(g, g, z, { alpha: 0.4, cmap: 'RdBu' });
    ax.scatter([0, 1], [0, 1], { c: [0, 1], cmap: 'RdBu', edgecolor: 'black' });
    const { data } = bundle(fig);
    const ms = Date.now() - start;
    expect(cs.levels.length).toBeGreaterThan(3);
    expect(JSON.stringify(data['application/vnd.vegalite.v5+json']).length).toBeLessThan(60_000);
    expect(String(data['image/svg+xml']).length).toBeLessThan(80_000);
    expect(ms).toBeLessThan(5000);
    const svg = checkFigure(fig);
    expect(count(svg, /class="mark-shape/g)).toBe(1);
  });

  it('contour lines with labels, log and symlog scales, reference lines, text and annotations', () => {
    const fig = plt.figure();
    const g = Array.from({ length: 40 }, (_, i) => -1 + i / 19.5);
    const cs = plt.contour(g, g, g.map((y) => g.map((x) => x * x + y * y)), 5);
    plt.clabel(cs);
    plt.axhline(0, { color: 'k', linestyle: ':' });
    plt.axvline(0.5);
    plt.text(0, 0, 'origin', { ha: 'center' });
    plt.annotate('min', [0, 0], { xytext: [0.5, 0.5], arrowprops: {} });
    const svg = checkFigure(fig);
    expect(count(svg, /class="mark-rule/g)).toBeGreaterThanOrEqual(2);
    expect(svg).toContain('>origin<');
    expect(svg).toContain('>min<');
    plt.close();

    const f2 = plt.figure();
    plt.plot([1, 10, 100, 1000], [1e-3, 1e-2, 1e-1, 1]);
    plt.xscale('log');
    plt.yscale('symlog');
    const spec = bundle(f2).data['application/vnd.vegalite.v5+json'] as { layer: { encoding: { x: { scale: { type: string; domain: number[] } } } }[] };
    expect(spec.layer[0].encoding.x.scale.type).toBe('log');
    expect(spec.layer[0].encoding.x.scale.domain[0]).toBeGreaterThan(0);
    checkFigure(f2);
    plt.close();
  });

  it('fillBetween, errorbar, barh, patches, 3-D surface and wireframe', () => {
    const fig = plt.figure({ figsize: [9, 3] });
    const a1 = fig.addSubplot(1, 3, 1);
    a1.fillBetween([0, 1, 2], [0, 1, 0], [1, 2, 1], { alpha: 0.3 });
    a1.errorbar([0, 1, 2], [0.5, 1.5, 0.5], { yerr: 0.2, capsize: 3, fmt: 'o' });
    const a2 = fig.addSubplot(1, 3, 2);
    a2.barh(['x', 'y'], [2, 3]);
    a2.addPatch(new plt.Circle([1, 0.5], 0.3, { fc: 'none', ec: 'black', fill: false }));
    const a3 = fig.addSubplot(1, 3, 3, { projection: '3d' }) as plt.Axes3D;
    const g = [-1, -0.5, 0, 0.5, 1];
    a3.plotSurface(g, g, g.map((y) => g.map((x) => x * x - y * y)), { cmap: 'coolwarm' });
    a3.plotWireframe(g, g, g.map((y) => g.map((x) => x + y)), { color: 'k' });
    a3.viewInit(20, 30);
    const svg = checkFigure(fig);
    expect(count(svg, /class="mark-area/g)).toBe(1);
    expect(count(svg, /class="mark-shape/g)).toBeGreaterThanOrEqual(3);
  });

  it('accepts tensors without leaking', () => {
    const x = tf.linspace(0, 1, 20);
    const y = tf.sin(x);
    const before = tf.memory().numTensors;
    const fig = plt.figure();
    plt.plot(x, y);
    plt.hist(y, { bins: 5 });
    plt.imshow(tf.ones([4, 4]) as never);
    bundle(fig);
    expect(tf.memory().numTensors).toBe(before + 1); // only the ones() passed in
    x.dispose(); y.dispose();
    plt.close('all');
  });

  it('show() displays the current figure and starts a new one; savefig writes every format', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsdl-plt-'));
    const fig = plt.figure();
    plt.plot([1, 2, 3]);
    for (const ext of ['png', 'svg', 'json', 'html']) plt.savefig(join(dir, `f.${ext}`));
    expect(readPngHeader(readFileSync(join(dir, 'f.png'))).width).toBe(fig.render().width * PNG_SCALE);
    expect(readFileSync(join(dir, 'f.svg'), 'utf8')).toMatch(/^<svg/);
    expect(vegaLiteErrors(JSON.parse(readFileSync(join(dir, 'f.json'), 'utf8')))).toEqual([]);
    const html = readFileSync(join(dir, 'f.html'), 'utf8');
    expect(html).toContain('data:image/png;base64,');
    expect(html).toContain('vegaEmbed');
    expect(() => plt.savefig(join(dir, 'f.bmp'))).toThrow(/unsupported extension '.bmp'/);
    const write = process.stdout.write;
    let printed = '';
    process.stdout.write = ((s: string) => { printed += s; return true; }) as typeof process.stdout.write;
    try { plt.show(); } finally { process.stdout.write = write; }
    expect(printed).toContain('<Figure size');
    expect(plt.gcf()).not.toBe(fig);
  });

  it('gives clear errors for bad input', () => {
    const ax = new plt.Axes();
    expect(() => ax.plot([1, 2], [1])).toThrow(/same length, got 2 and 1/);
    expect(() => ax.plot([1, 2], 'q')).toThrow(/Unrecognised character 'q'/);
    expect(() => ax.contourf([[1, 2], [3, 4]], { levels: [1] })).toThrow(/at least 2/);
    expect(() => ax.contourf([0, 1, 2], [0, 1], [[1, 2], [3, 4]])).toThrow(/X has 3 values but Z has 2 columns/);
    expect(() => ax.imshow([1, 2, 3] as never)).toThrow(/expected a 2-D array/);
    expect(() => ax.setXscale('cubic' as never)).toThrow(/Unknown scale 'cubic'/);
    expect(() => plt.figure({ figsize: [0, 3] })).toThrow(/figsize/);
    expect(() => plt.colormap('nope')).toThrow(/Unknown colormap 'nope'/);
    expect(() => ax.scatter([1, 2], [1, 2], { c: [1] })).toThrow(/one value per point/);
    expect(() => new Figure().addSubplot(2, 2, 5)).toThrow(/index must be in 1..4/);
    plt.close('all');
  });
});

describe('plot helpers', () => {
  it('parses matplotlib format strings', () => {
    expect(parseFmt('r--')).toEqual({ color: '#ff0000', linestyle: '--' });
    expect(parseFmt('o')).toEqual({ marker: 'o', linestyle: 'None' });
    expect(parseFmt('g^-')).toEqual({ color: '#008000', marker: '^', linestyle: '-' });
    expect(parseFmt('C1:')).toEqual({ color: '#ff7f0e', linestyle: ':' });
  });

  it('chooses nice contour levels and histogram bins like numpy', () => {
    expect(niceLevels(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    const h = histogram([0, 1, 2, 3, 4], 2);
    expect(h.edges).toEqual([0, 2, 4]);
    expect(h.counts).toEqual([2, 3]); // the last bin includes its right edge
    const d = histogram([0, 1, 1, 3], 2, [0, 4], true);
    expect(d.counts.reduce((a, c, i) => a + c * (d.edges[i + 1] - d.edges[i]), 0)).toBeCloseTo(1);
  });

  it('subplot(nrows, ncols, index) places axes on a grid, as in matplotlib', () => {
    plt.figure({ figsize: [9, 6] });
    for (let i = 1; i <= 6; i++) {
      const ax = plt.subplot(2, 3, i);
      expect(ax.position).toMatchObject({ row: Math.floor((i - 1) / 3), col: (i - 1) % 3 });
      plt.plot([0, 1], [0, i]);
    }
    expect(plt.gcf().axes).toHaveLength(6);
    plt.close('all');
  });

  it('gives each subplot of a grid its own legend (colour scales resolved independently in every row)', () => {
    const [fig, axs] = plt.subplots(2, 2);
    axs[0][0].plot([0, 1], [1, 0], { label: 'Train Loss' }); axs[0][0].legend();
    axs[0][1].plot([0, 1], [0, 1], { label: 'Train Accuracy' }); axs[0][1].legend();
    const spec = fig.toSpec() as { vconcat: Array<{ resolve?: { scale?: Record<string, string> } }> };
    for (const row of spec.vconcat) expect(row.resolve?.scale?.color).toBe('independent');
    plt.close('all');
  });

  it('subplots squeezes like matplotlib', () => {
    const [, one] = plt.subplots();
    expect(one).toBeInstanceOf(plt.Axes);
    const [, row] = plt.subplots(1, 3);
    expect(row).toHaveLength(3);
    const [, grid] = plt.subplots(2, 2);
    expect(grid[1][1]).toBeInstanceOf(plt.Axes);
    plt.close('all');
  });
});

describe('plot polish found by the course', () => {
  it('keeps long legend labels whole', () => {
    const fig = plt.figure();
    const label = 'Validation loss with label smoothing 0.1';
    plt.plot([0, 1, 2], [3, 2, 1], { label });
    plt.legend();
    const svg = checkFigure(fig);
    expect(svg).toContain(`>${label}<`);
    expect(svg).not.toContain('…');
    plt.close('all');
  });

  it('axvspan and axhspan shade full-height / full-width bands and widen only their own axis', () => {
    const fig = plt.figure();
    plt.plot([0, 10], [0, 1]);
    plt.axvspan(2, 4, { color: 'red', alpha: 0.2, label: 'dropped' });
    plt.axhspan(0.25, 0.5, { facecolor: 'gray', alpha: 0.1 });
    plt.legend();
    const svg = checkFigure(fig);
    expect(count(svg, /class="mark-rect/g)).toBe(2);
    expect(svg).toContain('>dropped<');
    expect(plt.gca().getYlim()[0]).toBeLessThan(0);
    const vspan = plt.gca().artists[1];
    expect(vspan.extent()?.x).toEqual([2, 4]);
    expect(() => plt.axvspan(NaN, 1)).toThrow(/axvspan: limits must be finite/);
    plt.close('all');
  });

  it('semilogy, semilogx and loglog plot on log axes, labelling only powers of ten over several decades', () => {
    const fig = plt.figure();
    const xs = Array.from({ length: 50 }, (_, i) => i + 1);
    plt.semilogy(xs, xs.map((x) => Math.pow(10, -x / 10)), 'b-', { label: 'gradient norm' });
    expect(plt.gca().yscale).toBe('log');
    expect(plt.gca().xscale).toBe('linear');
    const svg = checkFigure(fig);
    const labels = [...svg.matchAll(/role-axis-label[\s\S]*?<\/g>/g)].join('');
    expect(labels).toContain('>10⁻³<');
    expect(labels).toContain('>10⁰<');
    expect(labels).not.toMatch(/>0\.00\d</);
    plt.close('all');
    const [, ax] = plt.subplots();
    ax.loglog([1, 10, 100], [1, 0.1, 0.01]);
    expect([ax.xscale, ax.yscale]).toEqual(['log', 'log']);
    ax.semilogx([1, 2]);
    plt.close('all');
  });

  it('scatter takes a list of colour names, one per point', () => {
    const fig = plt.figure();
    plt.scatter([0, 1, 2], [0, 1, 0], { c: ['red', 'C1', 'g'] });
    const svg = checkFigure(fig);
    expect(svg).toContain('fill="red"');
    expect(svg).toContain('fill="#ff7f0e"');
    expect(svg).toContain('fill="#008000"');
    expect(() => plt.scatter([0, 1], [0, 1], { c: ['red'] })).toThrow(/one colour per point \(2\), got 1/);
    plt.close('all');
  });

  it("puts a 'best' legend in the corner with the fewest data points, as matplotlib does", () => {
    const orient = (ys: number[]): unknown => {
      const fig = plt.figure();
      plt.plot([0, 1, 2, 3, 4], ys, { label: 'train' });
      plt.legend();
      const spec = bundle(fig).data['application/vnd.vegalite.v5+json'] as { layer: { encoding?: { color?: { legend?: { orient?: string } } } }[] };
      plt.close('all');
      return spec.layer.find((l) => l.encoding?.color?.legend)?.encoding?.color?.legend?.orient;
    };
    expect(orient([4, 3, 2, 1, 0])).toBe('top-right'); // a falling loss curve leaves the upper right free
    expect(orient([0, 1, 2, 3, 4])).toBe('top-left'); // a rising accuracy curve fills it
  });

  it("moves a 'best' legend off the corners when lines run through all four (matplotlib's 'right')", () => {
    const fig = plt.figure({ figsize: [7, 3.5] });
    plt.plot([0, 1], [3.63, 3.9], { label: 'loss' });
    plt.plot([0, 1], [2.31, 2.44], { label: 'val_loss' });
    plt.legend();
    const b = bundle(fig);
    const spec = b.data['application/vnd.vegalite.v5+json'] as { layer: { encoding?: { color?: { legend?: Record<string, number | string> } } }[] };
    const legend = spec.layer.find((l) => l.encoding?.color?.legend)!.encoding!.color!.legend!;
    expect(legend.orient).toBe('none');
    const { width, height } = spec as unknown as { width: number; height: number };
    expect(legend.legendX as number).toBeGreaterThan(width / 2); // on the right
    expect(Math.abs((legend.legendY as number) - height / 2)).toBeLessThan(height / 4); // half-way up
    plt.close('all');
  });

  it('tick labels follow ha', () => {
    const fig = plt.figure();
    plt.bar(['first class', 'second class'], [1, 2]);
    plt.xticks([0, 1], ['first class', 'second class'], { rotation: 30, ha: 'left' });
    const spec = bundle(fig).data['application/vnd.vegalite.v5+json'] as { layer: { encoding: { x: { axis: Record<string, unknown> } } }[] };
    expect(spec.layer[0].encoding.x.axis.labelAlign).toBe('left');
    expect(spec.layer[0].encoding.x.axis.labelAngle).toBe(-30);
    plt.xticks([0, 1], ['fractal dimension error (worst)', 'second class'], { rotation: 90 });
    expect(String(bundle(fig).data['image/svg+xml'])).toContain('>fractal dimension error (worst)<');
    checkFigure(fig);
    plt.close('all');
  });
});

void bundleOf;
void ({} as DisplayResult);
