// The tsdl kernel in JupyterLab, seen as a student sees it: tensors as tables,
// model summaries, Vega-Lite charts drawn by JupyterLab's vega extension, images,
// live progress, errors, interrupting a training loop from the toolbar, restart.
// A test whose API has not landed yet skips, saying which API is missing.
import { afterAll, beforeAll, describe, expect, inject, it, TestContext } from 'vitest';
import * as path from 'path';
import type { Page } from 'playwright-core';
import { screenshotElement, screenshotPage } from './support/artifacts';
import { Browser, launchBrowser } from './support/browser';
import { LabServer, startLabServer } from './support/lab-server';
import {
  cellIndex, cellLocator, cellOutputs, clickToolbar, missingApi, openNotebook, OutputSummary, restartFromToolbar,
  runCell, startCell, waitForKernelIdle,
} from './support/notebook';
import { TEST_NOTEBOOKS } from './support/paths';

const NOTEBOOK = 'tsdl-student-view.ipynb';

describe('tsdl kernel in JupyterLab', () => {
  let server: LabServer;
  let browser: Browser | undefined;
  let page: Page;
  let openError: Error | null = null;

  beforeAll(async () => {
    server = await startLabServer({ staticDir: inject('labStatic'), copy: [path.join(TEST_NOTEBOOKS, NOTEBOOK)] });
    if (server.tsdl.reason) return;
    browser = await launchBrowser();
    page = await browser.context.newPage();
    try {
      await openNotebook(page, server.notebookUrl(NOTEBOOK));
    } catch (error) {
      openError = error as Error;
      await screenshotPage(page, 'tsdl-00-open-failed');
    }
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** Skips when the tsdl kernel cannot be installed; fails when it is there but does not start. */
  function needKernel(ctx: TestContext): void {
    if (server.tsdl.reason) ctx.skip(server.tsdl.reason);
    if (openError) throw new Error(`the notebook did not open on the tsdl kernel: ${openError.message}\n${server.log().slice(-3000)}`);
  }

  /** Runs the cell tagged `e2e:<tag>` and returns its outputs, skipping if it needs an API not landed yet. */
  async function run(ctx: TestContext, tag: string): Promise<{ index: number; outputs: OutputSummary[] }> {
    needKernel(ctx);
    const index = await cellIndex(page, `e2e:${tag}`);
    await runCell(page, index);
    const outputs = await cellOutputs(page, index);
    const missing = missingApi(outputs);
    if (missing) ctx.skip(missing);
    return { index, outputs };
  }

  /** Skips when a probe cell shows that objects of this kind have no rich display yet. */
  async function skipWithoutRichDisplay(ctx: TestContext, tag: string, what: string): Promise<void> {
    const probe = await run(ctx, `${tag}-probe`);
    if (probe.outputs[0]?.text.includes('undefined')) {
      ctx.skip(`${what} has no [Symbol.for('Jupyter.display')] yet, so it shows as plain text`);
    }
  }

  /** Text of the red (stderr / error) outputs of a cell, as rendered. */
  async function stderrText(index: number): Promise<string> {
    const parts = await cellLocator(page, index)
      .locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')
      .allInnerTexts();
    return parts.join('\n');
  }

  /** Distinct colours in a drawn element's screenshot (1 or 2 means blank). */
  async function distinctColours(locator: import('playwright-core').Locator): Promise<number> {
    return locator.evaluate((el: Element) => {
      const source = el as HTMLCanvasElement;
      if (!(source instanceof HTMLCanvasElement)) return el.querySelectorAll('path, rect, line, text').length;
      const data = source.getContext('2d')!.getImageData(0, 0, source.width, source.height).data;
      const colours = new Set<number>();
      for (let k = 0; k < data.length; k += 4 * 7) colours.add((data[k] << 24) | (data[k + 1] << 16) | (data[k + 2] << 8) | data[k + 3]);
      return colours.size;
    });
  }

  function errorsOf(outputs: OutputSummary[]): OutputSummary[] {
    return outputs.filter(o => o.type === 'error');
  }

  it('shows a tensor as a table', async ctx => {
    const { index, outputs } = await run(ctx, 'tensor-table');
    expect(errorsOf(outputs)).toEqual([]);
    if (!outputs.some(o => o.mimeTypes.includes('text/html'))) await skipWithoutRichDisplay(ctx, 'tensor-table', 'tf.Tensor');
    const table = cellLocator(page, index).locator('.jp-OutputArea-output table').first();
    await table.waitFor();
    const cells = await table.locator('td').allInnerTexts();
    for (const value of ['1', '2', '3', '4', '5', '6']) expect(cells.map(c => c.trim())).toContain(value);
    const text = await cellLocator(page, index).locator('.jp-OutputArea').innerText();
    expect(text).toMatch(/float32/);
    expect(text).toMatch(/2\s*[x×,]\s*3|\[2,\s*3\]/);
    await screenshotElement(cellLocator(page, index), 'tsdl-01-tensor-table');
  });

  it('shows a model summary with layers and parameter count', async ctx => {
    const { index, outputs } = await run(ctx, 'model-summary');
    expect(errorsOf(outputs)).toEqual([]);
    if (!outputs.some(o => o.mimeTypes.includes('text/html'))) await skipWithoutRichDisplay(ctx, 'model-summary', 'nn.Module');
    const text = await cellLocator(page, index).locator('.jp-OutputArea').innerText();
    expect(text).toContain('Linear');
    expect(text).toContain('ReLU');
    expect(text).toMatch(/\b17\b/);
    await screenshotElement(cellLocator(page, index), 'tsdl-02-model-summary');
  });

  it('draws a plot with JupyterLab\'s Vega-Lite renderer, not the fallback image', async ctx => {
    const { index, outputs } = await run(ctx, 'vegalite');
    expect(errorsOf(outputs)).toEqual([]);
    const bundle = outputs.find(o => o.mimeTypes.includes('application/vnd.vegalite.v5+json'));
    expect(bundle, 'plt.show() sent no Vega-Lite v5 bundle').toBeDefined();
    expect(bundle!.mimeTypes).toEqual(expect.arrayContaining(['image/png', 'image/svg+xml', 'text/plain']));
    expect(bundle!.mimeTypes).not.toContain('text/html');
    // The vega extension's renderer, drawing on a canvas (an <img> would be the PNG fallback).
    const output = cellLocator(page, index).locator('.jp-OutputArea-output.jp-RenderedVegaLite');
    const drawing = output.locator('.vega-embed canvas.marks, .vega-embed svg.marks').first();
    await drawing.waitFor({ timeout: 30_000 });
    expect(await cellLocator(page, index).locator('.jp-OutputArea-output img').count()).toBe(0);
    expect(await distinctColours(drawing), 'the chart is blank').toBeGreaterThan(2);
    await screenshotElement(cellLocator(page, index), 'tsdl-03-vegalite');
  });

  it('shows an image made from a tensor', async ctx => {
    const { index, outputs } = await run(ctx, 'image');
    expect(errorsOf(outputs)).toEqual([]);
    const img = cellLocator(page, index).locator('.jp-OutputArea-output img').first();
    await img.waitFor();
    expect(await img.evaluate((el: HTMLImageElement) => el.naturalWidth)).toBeGreaterThan(0);
    await screenshotElement(cellLocator(page, index), 'tsdl-04-image');
    // A 0..1 ramp must show as shades from black to white, not one flat colour.
    const shades = await img.evaluate((el: HTMLImageElement) => {
      const canvas = document.createElement('canvas');
      canvas.width = el.naturalWidth;
      canvas.height = el.naturalHeight;
      const context = canvas.getContext('2d')!;
      context.drawImage(el, 0, 0);
      const data = context.getImageData(0, 0, canvas.width, canvas.height).data;
      const grey = new Set<number>();
      for (let k = 0; k < data.length; k += 4) grey.add(data[k]);
      return { count: grey.size, max: Math.max(...grey) };
    });
    expect(shades.count, 'the image is flat').toBeGreaterThan(100);
    expect(shades.max, 'the brightest pixel of a 0..1 ramp is white').toBeGreaterThan(240);
  });

  it('shows live progress that ends as a static chart', async ctx => {
    needKernel(ctx);
    const index = await cellIndex(page, 'e2e:progress');
    const seen = new Set<string>();
    await startCell(page, index);
    const area = cellLocator(page, index).locator('.jp-OutputArea');
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      seen.add(await area.innerText().catch(() => ''));
      const running = await cellLocator(page, index).locator('.jp-InputPrompt').innerText();
      if (!running.includes('*')) break;
      await page.waitForTimeout(150);
    }
    const outputs = await cellOutputs(page, index);
    const missing = missingApi(outputs);
    if (missing) ctx.skip(missing);
    expect(errorsOf(outputs)).toEqual([]);
    expect(seen.size, 'the progress output never changed while the loop ran').toBeGreaterThan(2);
    const finalText = await area.innerText();
    expect(finalText).toMatch(/40\s*\/\s*40/);
    const chart = area.locator('.vega-embed svg, .vega-embed canvas, img').first();
    await chart.waitFor({ timeout: 15_000 });
    await screenshotElement(cellLocator(page, index), 'tsdl-05-progress-final');
  });

  it('renders a mermaid diagram', async ctx => {
    const { index, outputs } = await run(ctx, 'mermaid');
    expect(errorsOf(outputs)).toEqual([]);
    expect(outputs.some(o => o.mimeTypes.includes('text/vnd.mermaid'))).toBe(true);
    const img = cellLocator(page, index).locator('.jp-RenderedMermaid img');
    await img.waitFor({ timeout: 60_000 });
    expect(decodeURIComponent(await img.getAttribute('src') ?? '')).toContain('ReLU');
    await screenshotElement(cellLocator(page, index), 'tsdl-06-mermaid');
  });

  it('shows the error of a failing cell, and a type error', async ctx => {
    const thrown = await run(ctx, 'error');
    expect(errorsOf(thrown.outputs).length, 'a thrown Error is an error output').toBe(1);
    expect(await stderrText(thrown.index)).toContain('this cell fails on purpose');
    await screenshotElement(cellLocator(page, thrown.index), 'tsdl-07-runtime-error');
    const typed = await run(ctx, 'type-error');
    expect(errorsOf(typed.outputs).length, 'a type error is an error output').toBe(1);
    expect(await stderrText(typed.index)).toMatch(/not assignable to type 'number'/);
    await screenshotElement(cellLocator(page, typed.index), 'tsdl-07-type-error');
  });

  it('stops a training loop with the toolbar\'s interrupt button and keeps the state', async ctx => {
    const setup = await run(ctx, 'training-setup');
    expect(errorsOf(setup.outputs)).toEqual([]);
    const loop = await cellIndex(page, 'e2e:training-loop');
    await startCell(page, loop);
    await page.waitForTimeout(1500);
    await screenshotPage(page, 'tsdl-08-training-running');
    const clicked = Date.now();
    await clickToolbar(page, 'notebook:interrupt-kernel');
    await page.waitForFunction(
      i => !(window as any).jupyterapp.shell.currentWidget.content.widgets[i].promptNode.textContent.includes('*'),
      loop,
      { timeout: 30_000, polling: 100 },
    );
    await waitForKernelIdle(page, 30_000);
    expect((Date.now() - clicked) / 1000, 'seconds from the click to a stopped cell').toBeLessThan(5);
    expect(errorsOf(await cellOutputs(page, loop)).length, 'the interrupted cell shows an error').toBe(1);
    expect(await stderrText(loop)).toMatch(/interrupt/i);
    const after = await cellIndex(page, 'e2e:after-interrupt');
    await runCell(page, after);
    const outputs = await cellOutputs(page, after);
    expect(errorsOf(outputs), 'state from before the interrupt is gone').toEqual([]);
    expect(outputs[0]?.text.trim()).toBe('true');
    await screenshotPage(page, 'tsdl-09-interrupted');
  });

  it('restarts from the toolbar: a fresh kernel without the old variables', async ctx => {
    needKernel(ctx);
    const started = Date.now();
    try {
      await restartFromToolbar(page);
    } catch (error) {
      throw new Error(`${(error as Error).message}\nserver log:\n${server.log().slice(-2500)}`);
    }
    console.log(`[e2e] restart from the toolbar took ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const fresh = await run(ctx, 'after-restart');
    expect(fresh.outputs[0]?.text.trim()).toBe('42');
    expect(await cellLocator(page, fresh.index).locator('.jp-InputPrompt').innerText()).toContain('[1]');
    const index = await cellIndex(page, 'e2e:after-interrupt');
    await runCell(page, index);
    expect(errorsOf(await cellOutputs(page, index)).length, '`steps` survived the restart').toBe(1);
    await screenshotPage(page, 'tsdl-10-restarted');
  });
});
