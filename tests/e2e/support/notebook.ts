// What a user does with a notebook in JupyterLab, and what they then see.
// Commands go through the application's command registry (window.jupyterapp),
// the toolbar buttons are clicked like a user clicks them.
import { Locator, Page } from 'playwright-core';

/** One output of a cell as JupyterLab holds it. */
export interface OutputSummary {
  type: string;
  /** stdout / stderr for stream outputs. */
  name?: string;
  mimeTypes: string[];
  text: string;
  ename?: string;
  evalue?: string;
}

const KERNEL_TIMEOUT = 120_000;

/** Opens a notebook and waits until its kernel is idle. */
export async function openNotebook(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.waitForSelector('body[data-tsdl-lab-ready="true"]', { state: 'attached', timeout: 60_000 });
  await page.waitForSelector('.jp-NotebookPanel .jp-Cell', { timeout: 60_000 });
  await waitForKernelIdle(page);
}

export async function waitForKernelIdle(page: Page, timeout = KERNEL_TIMEOUT): Promise<void> {
  await page.waitForFunction(
    () => {
      const panel = (window as any).jupyterapp?.shell?.currentWidget;
      const kernel = panel?.sessionContext?.session?.kernel;
      return Boolean(kernel) && kernel.status === 'idle' && kernel.connectionStatus === 'connected';
    },
    undefined,
    { timeout, polling: 200 },
  );
}

/** Index of the cell whose tags include `tag`; throws when there is none. */
export async function cellIndex(page: Page, tag: string): Promise<number> {
  const index = await page.evaluate(wanted => {
    const cells = (window as any).jupyterapp.shell.currentWidget.content.widgets;
    return cells.findIndex((cell: any) => (cell.model.getMetadata('tags') || []).includes(wanted));
  }, tag);
  if (index < 0) throw new Error(`no cell tagged ${tag}`);
  return index;
}

export async function cellCount(page: Page): Promise<number> {
  return page.evaluate(() => (window as any).jupyterapp.shell.currentWidget.content.widgets.length);
}

/** The DOM node of cell `index`. */
export function cellLocator(page: Page, index: number): Locator {
  return page.locator('.jp-NotebookPanel:visible .jp-Notebook .jp-Cell').nth(index);
}

/** Runs cell `index` and resolves when it has finished (whatever the outcome). */
export async function runCell(page: Page, index: number, timeout = 300_000): Promise<void> {
  await page.evaluate(
    ([i, ms]) => {
      const app = (window as any).jupyterapp;
      const notebook = app.shell.currentWidget.content;
      notebook.activeCellIndex = i;
      notebook.deselectAll();
      return Promise.race([
        app.commands.execute('notebook:run-cell'),
        new Promise((_, reject) => setTimeout(() => reject(new Error(`cell ${i} still running after ${ms} ms`)), ms)),
      ]);
    },
    [index, timeout] as const,
  );
  await waitForKernelIdle(page, 60_000);
}

/** Starts cell `index` without waiting for it, and waits until it shows [*]. */
export async function startCell(page: Page, index: number): Promise<void> {
  await page.evaluate(i => {
    const app = (window as any).jupyterapp;
    const notebook = app.shell.currentWidget.content;
    notebook.activeCellIndex = i;
    notebook.deselectAll();
    void app.commands.execute('notebook:run-cell');
  }, index);
  await page.waitForFunction(
    i => {
      const cell = (window as any).jupyterapp.shell.currentWidget.content.widgets[i];
      return cell.promptNode?.textContent?.includes('*');
    },
    index,
    { timeout: 30_000 },
  );
}

/** Runs every cell with "Run All Cells" and waits until the kernel is idle and no cell shows [*]. */
export async function runAllCells(page: Page, timeout = 600_000): Promise<void> {
  await page.evaluate(() => (window as any).jupyterapp.commands.execute('notebook:run-all-cells'));
  await page.waitForFunction(
    () => {
      const panel = (window as any).jupyterapp.shell.currentWidget;
      const busy = panel.content.widgets.some((cell: any) => cell.promptNode?.textContent?.includes('*'));
      return !busy && panel.sessionContext.session?.kernel?.status === 'idle';
    },
    undefined,
    { timeout, polling: 500 },
  );
}

/** The outputs of cell `index` (types, mime types, text). */
export async function cellOutputs(page: Page, index: number): Promise<OutputSummary[]> {
  return page.evaluate(i => {
    const cell = (window as any).jupyterapp.shell.currentWidget.content.widgets[i];
    const outputs = cell.model.outputs;
    const result: any[] = [];
    for (let k = 0; k < (outputs?.length ?? 0); k++) {
      const json = outputs.get(k).toJSON();
      const data = json.data || {};
      const text = json.text ?? data['text/plain'] ?? (json.traceback ? json.traceback.join('\n') : '');
      result.push({
        type: json.output_type,
        name: json.name,
        mimeTypes: Object.keys(data),
        text: Array.isArray(text) ? text.join('') : String(text),
        ename: json.ename,
        evalue: json.evalue,
      });
    }
    return result;
  }, index);
}

/** Shuts down the open notebook's kernel (so kernels do not pile up across notebooks). */
export async function shutdownKernel(page: Page): Promise<void> {
  await page.evaluate(() => (window as any).jupyterapp.shell.currentWidget?.sessionContext?.shutdown());
}

/** Clicks a toolbar button of the open notebook by its command id. */
export async function clickToolbar(page: Page, command: string): Promise<void> {
  await page.locator(`.jp-NotebookPanel:visible .jp-NotebookPanel-toolbar [data-command="${command}"]`).first().click();
}

/** Restart from the toolbar, confirming the dialog as a user does. */
export async function restartFromToolbar(page: Page): Promise<void> {
  await clickToolbar(page, 'notebook:restart-kernel');
  const accept = page.locator('.jp-Dialog .jp-Dialog-button.jp-mod-accept');
  await accept.waitFor({ timeout: 10_000 });
  await accept.click();
  await page.waitForSelector('.jp-Dialog', { state: 'detached', timeout: 10_000 });
  // The kernel goes through restarting -> starting -> idle.
  await page.waitForTimeout(500);
  await waitForKernelIdle(page);
}

/**
 * Why a cell failed because an API has not landed yet, or null. Cells reach such
 * APIs through `as any` and throw `E2E-MISSING-API <name>`; a TypeScript error
 * naming an unknown identifier, member or module counts too.
 */
export function missingApi(outputs: OutputSummary[]): string | null {
  for (const output of outputs) {
    const isError = output.type === 'error' || (output.type === 'stream' && output.name === 'stderr');
    if (!isError) continue;
    const message = `${output.ename ?? ''}: ${output.evalue ?? ''} ${output.text}`;
    const marked = /E2E-MISSING-API ([^\n"]+)/.exec(message);
    if (marked) return `not available yet: ${marked[1].trim()}`;
    const match = /Cannot find name '[^']+'|Property '[^']+' does not exist on type '[^']+'|Cannot find module '[^']+'|Module '[^']+' has no exported member '[^']+'/.exec(
      message,
    );
    if (match) return match[0];
  }
  return null;
}
