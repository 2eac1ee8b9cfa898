// Screenshots saved for people to look at after a run (tests/e2e/artifacts/).
import * as fs from 'fs';
import * as path from 'path';
import { Locator, Page } from 'playwright-core';
import { ARTIFACTS } from './paths';

function target(name: string): string {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  return path.join(ARTIFACTS, `${name}.png`);
}

export async function screenshotPage(page: Page, name: string): Promise<string> {
  const file = target(name);
  await page.screenshot({ path: file });
  return file;
}

export async function screenshotElement(locator: Locator, name: string): Promise<string> {
  const file = target(name);
  await locator.scrollIntoViewIfNeeded();
  await locator.screenshot({ path: file });
  return file;
}
