// The JupyterLab build itself, checked with the Python kernel: the renderers the
// course relies on (Vega-Lite 5, mermaid, images, HTML tables), errors, and the
// toolbar's interrupt and restart buttons.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import * as path from 'path';
import type { Page } from 'playwright-core';
import { screenshotElement, screenshotPage } from './support/artifacts';
import { Browser, launchBrowser } from './support/browser';
import { LabServer, startLabServer } from './support/lab-server';
import {
  cellIndex, cellLocator, cellOutputs, clickToolbar, openNotebook, restartFromToolbar, runCell, startCell,
  waitForKernelIdle,
} from './support/notebook';
import { TEST_NOTEBOOKS } from './support/paths';

const NOTEBOOK = 'python-smoke.ipynb';

describe('JupyterLab 4 build (Python kernel)', () => {
  let server: LabServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await startLabServer({ staticDir: inject('labStatic'), copy: [path.join(TEST_NOTEBOOKS, NOTEBOOK)] });
    browser = await launchBrowser();
    page = await browser.context.newPage();
    await openNotebook(page, server.notebookUrl(NOTEBOOK));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('opens the notebook with the Python kernel idle', async () => {
    await screenshotPage(page, 'python-01-opened');
    expect(await page.locator('.jp-NotebookPanel-toolbar').innerText()).toContain('Python 3');
  });

  it('shows printed text', async () => {
    const i = await cellIndex(page, 'e2e:stream');
    await runCell(page, i);
    await expect(cellLocator(page, i).locator('.jp-OutputArea-output').innerText()).resolves.toContain('hello from 42');
  });

  it('renders an HTML table', async () => {
    const i = await cellIndex(page, 'e2e:html-table');
    await runCell(page, i);
    const table = cellLocator(page, i).locator('.jp-RenderedHTMLCommon table.e2e-table');
    await table.waitFor();
    expect(await table.locator('td').allInnerTexts()).toEqual(['1', '2']);
  });

  it('shows a PNG image', async () => {
    const i = await cellIndex(page, 'e2e:png');
    await runCell(page, i);
    const img = cellLocator(page, i).locator('.jp-RenderedImage img');
    await img.waitFor();
    const size = await img.evaluate((el: HTMLImageElement) => [el.naturalWidth, el.naturalHeight]);
    expect(size[0]).toBeGreaterThan(100);
    expect(size[1]).toBeGreaterThan(100);
    await screenshotElement(cellLocator(page, i).locator('.jp-OutputArea'), 'python-02-png');
  });

  it('renders Vega-Lite 5 with the vega extension', async () => {
    const i = await cellIndex(page, 'e2e:vegalite');
    await runCell(page, i);
    const chart = cellLocator(page, i).locator('.vega-embed');
    await chart.locator('svg, canvas').first().waitFor({ timeout: 30_000 });
    const marks = await chart.locator('.mark-line path, canvas').count();
    expect(marks).toBeGreaterThan(0);
    await screenshotElement(cellLocator(page, i).locator('.jp-OutputArea'), 'python-03-vegalite');
  });

  it('renders a mermaid diagram', async () => {
    const i = await cellIndex(page, 'e2e:mermaid');
    await runCell(page, i);
    // JupyterLab draws the diagram as an SVG data URL in an <img>.
    const img = cellLocator(page, i).locator('.jp-RenderedMermaid img');
    await img.waitFor({ timeout: 60_000 });
    const { width, src } = await img.evaluate((el: HTMLImageElement) => ({ width: el.naturalWidth, src: el.src }));
    expect(width).toBeGreaterThan(100);
    expect(decodeURIComponent(src)).toContain('Linear');
    await screenshotElement(cellLocator(page, i).locator('.jp-OutputArea'), 'python-04-mermaid');
  });

  it('interrupts a long loop from the toolbar and keeps the kernel', async () => {
    const loop = await cellIndex(page, 'e2e:long-loop');
    await startCell(page, loop);
    await page.waitForTimeout(1000);
    const clicked = Date.now();
    await clickToolbar(page, 'notebook:interrupt-kernel');
    await waitForKernelIdle(page, 30_000);
    const seconds = (Date.now() - clicked) / 1000;
    const outputs = await cellOutputs(page, loop);
    expect(outputs.map(o => o.ename)).toContain('KeyboardInterrupt');
    expect(seconds).toBeLessThan(10);
    const after = await cellIndex(page, 'e2e:after-interrupt');
    await runCell(page, after);
    expect((await cellOutputs(page, after))[0].text).toContain('state kept');
    await screenshotPage(page, 'python-05-interrupted');
  });

  it('shows the error of a failing cell', async () => {
    const i = await cellIndex(page, 'e2e:error');
    await runCell(page, i);
    const error = cellLocator(page, i).locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]');
    await expect(error.innerText()).resolves.toContain('ZeroDivisionError');
  });

  it('restarts the kernel from the toolbar, which forgets variables', async () => {
    await restartFromToolbar(page);
    const i = await cellIndex(page, 'e2e:after-interrupt');
    // A fresh kernel has no `survivor`: rerun a probe that reads it.
    await page.evaluate(index => {
      const panel = (window as any).jupyterapp.shell.currentWidget;
      panel.content.widgets[index].model.sharedModel.setSource("'survivor' in globals()");
    }, i);
    await runCell(page, i);
    expect((await cellOutputs(page, i))[0].text).toBe('False');
    expect(browser.errors.filter(e => !/Failed to load resource/.test(e))).toEqual([]);
  });
});
