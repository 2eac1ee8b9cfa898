// Course notebooks opened in JupyterLab and run with "Run All Cells" in quick mode
// (TSDL_QUICK=1): no cell fails unless it is tagged raises-exception, every Vega-Lite
// chart is drawn by JupyterLab's vega extension, every image loads. A screenshot of
// each notebook is saved.
//
// By default one notebook per module, chosen so that together they show every kind of
// output the course produces (line and subplot grids, log axes, heat maps, images, model
// summaries, live progress, tables, mermaid diagrams). `npm test` already executes every
// notebook with nbclient; what this adds is the browser's view, for which a second
// run of each of the 57 notebooks (~20 s each) would only repeat the same renderers.
// TSDL_E2E_COURSE=all runs every notebook; TSDL_E2E_COURSE=<substring>[,<substring>]
// picks notebooks by path.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import * as fs from 'fs';
import * as path from 'path';
import { screenshotPage } from './support/artifacts';
import { Browser, launchBrowser } from './support/browser';
import { LabServer, startLabServer } from './support/lab-server';
import { openNotebook, runAllCells, shutdownKernel } from './support/notebook';
import { COURSE_NOTEBOOKS, REPO } from './support/paths';

/** One notebook per module: together they produce every kind of output of the course. */
const REPRESENTATIVE = [
  '000-dl-essentials/16-breast-cancer-exercise.ipynb', // model summary, live progress, tables, history subplots
  '001-nn-basics/04-activation-functions.ipynb', // 3x4 subplot grid, semilogy
  '002-theory-to-implementation/01-fundamentals.ipynb', // mermaid diagrams, training curves
  '003-nn-and-dl/05-mnist-cnn.ipynb', // MNIST image grids, CNN summary
  '004-reference-guide/15-evaluation-metrics.ipynb', // confusion-matrix heat map, ROC curves, reports
];

function courseNotebooks(): string[] {
  if (!fs.existsSync(COURSE_NOTEBOOKS)) return [];
  const all = fs
    .readdirSync(COURSE_NOTEBOOKS, { recursive: true, encoding: 'utf8' })
    .filter(file => file.endsWith('.ipynb') && !file.includes('.ipynb_checkpoints'))
    .map(file => file.split(path.sep).join('/'))
    .sort();
  const choice = process.env.TSDL_E2E_COURSE ?? '';
  if (choice === 'all') return all;
  if (choice) return all.filter(file => choice.split(',').some(part => file.includes(part.trim())));
  const missing = REPRESENTATIVE.filter(file => !all.includes(file));
  if (missing.length > 0) throw new Error(`course.e2e.ts: representative notebooks not found: ${missing.join(', ')}`);
  return REPRESENTATIVE;
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
