// Headless Debian chromium driven by playwright-core, with a fresh profile.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { chromium, BrowserContext } from 'playwright-core';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Browser {
  context: BrowserContext;
  /** Console errors and page errors seen so far, per page URL. */
  errors: string[];
  close(): Promise<void>;
}

export async function launchBrowser(viewport = { width: 1400, height: 1000 }): Promise<Browser> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'tsdl-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    viewport,
  });
  const errors: string[] = [];
  const watch = (page: import('playwright-core').Page) => {
    page.on('pageerror', error => errors.push(`pageerror: ${error.message}`));
    page.on('console', message => {
      if (message.type() === 'error') errors.push(`console: ${message.text()}`);
    });
  };
  context.pages().forEach(watch);
  context.on('page', watch);
  return {
    context,
    errors,
    async close() {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}
