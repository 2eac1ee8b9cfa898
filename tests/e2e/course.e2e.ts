// Every course notebook (notebooks/**.ipynb), opened in JupyterLab and run with
// "Run All Cells" in quick mode (TSDL_QUICK=1): no cell fails unless it is tagged
// raises-exception, every Vega-Lite chart is drawn by JupyterLab's vega extension,
// every image loads. A screenshot of each notebook is saved.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import * as fs from 'fs';
import * as path from 'path';
import { screenshotPage } from './support/artifacts';
import { Browser, launchBrowser } from './support/browser';
import { LabServer, startLabServer } from './support/lab-server';
import { openNotebook, runAllCells, shutdownKernel } from './support/notebook';
import { COURSE_NOTEBOOKS, REPO } from './support/paths';

function courseNotebooks(): string[] {
  if (!fs.existsSync(COURSE_NOTEBOOKS)) return [];
  return fs
    .readdirSync(COURSE_NOTEBOOKS, { recursive: true, encoding: 'utf8' })
    .filter(file => file.endsWith('.ipynb') && !file.includes('.ipynb_checkpoints'))
    .sort();
}

interface CellReport {
  index: number;
  tags: string[];
  executed: boolean;
  errors: string[];
  vegaOutputs: number;
  vegaDrawn: number;
  images: number;
  imagesLoaded: number;
}

const notebooks = courseNotebooks();

describe('course notebooks in JupyterLab (quick mode)', () => {
  let server: LabServer;
  let browser: Browser;

  beforeAll(async () => {
    if (notebooks.length === 0) return;
    server = await startLabServer({
      staticDir: inject('labStatic'),
      copy: fs.readdirSync(COURSE_NOTEBOOKS).map(entry => path.join(COURSE_NOTEBOOKS, entry)),
      env: { TSDL_QUICK: '1' },
    });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it.skipIf(notebooks.length > 0)('(no course notebooks yet)', ctx => {
    ctx.skip(`no notebooks under ${path.relative(REPO, COURSE_NOTEBOOKS)}/ yet`);
  });

  for (const notebook of notebooks) {
    it(`runs ${notebook}`, async ctx => {
      const meta = JSON.parse(fs.readFileSync(path.join(COURSE_NOTEBOOKS, notebook), 'utf8')).metadata ?? {};
      if (meta.kernelspec?.name === 'tsdl' && server.tsdl.reason) ctx.skip(server.tsdl.reason);
      const page = await browser.context.newPage();
      const shot = `course-${notebook.replace(/[\\/]/g, '_').replace(/\.ipynb$/, '')}`;
      const started = Date.now();
      try {
        await openNotebook(page, server.notebookUrl(notebook));
        const opened = Date.now();
        await runAllCells(page, 600_000);
        console.log(`[e2e] ${notebook}: kernel ready in ${((opened - started) / 1000).toFixed(1)} s, ran in ${((Date.now() - opened) / 1000).toFixed(1)} s`);
        // Give renderers (vega, mermaid) a moment to draw what arrived last.
        await page.waitForTimeout(1500);
        const cells: CellReport[] = await page.evaluate(async () => {
          const panel = (window as any).jupyterapp.shell.currentWidget;
          const reports: any[] = [];
          for (const [index, cell] of panel.content.widgets.entries()) {
            if (cell.model.type !== 'code') continue;
            const outputs = cell.model.outputs.toJSON();
            const node: HTMLElement = cell.node;
            const vega = Array.from(node.querySelectorAll('[data-mime-type^="application/vnd.vegalite"]'));
            const images = Array.from(node.querySelectorAll('.jp-OutputArea-output img')) as HTMLImageElement[];
            reports.push({
              index,
              tags: cell.model.getMetadata('tags') ?? [],
              executed: cell.model.executionCount !== null,
              errors: outputs.filter((o: any) => o.output_type === 'error').map((o: any) => `${o.ename}: ${o.evalue}`),
              vegaOutputs: vega.length,
              vegaDrawn: vega.filter(el => el.querySelector('.vega-embed svg, .vega-embed canvas')).length,
              images: images.length,
              imagesLoaded: images.filter(img => img.complete && img.naturalWidth > 0).length,
            });
          }
          return reports;
        });
        for (const cell of cells) {
          const where = `${notebook} cell ${cell.index}`;
          if (!cell.tags.includes('raises-exception')) expect(cell.errors, `${where} failed: ${cell.errors.join('; ')}`).toEqual([]);
          expect(cell.executed, `${where} did not run`).toBe(true);
          expect(cell.vegaDrawn, `${where}: Vega-Lite chart not drawn`).toBe(cell.vegaOutputs);
          expect(cell.imagesLoaded, `${where}: image did not load`).toBe(cell.images);
        }
      } finally {
        await screenshotPage(page, shot);
        await shutdownKernel(page).catch(() => undefined);
        await page.close();
      }
    });
  }
});
