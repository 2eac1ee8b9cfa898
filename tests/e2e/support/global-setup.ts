// Builds (or reuses) the JupyterLab front end once for the whole e2e run and
// hands its folder to the tests as inject('labStatic').
import * as fs from 'fs';
import type { TestProject } from 'vitest/node';
import { ARTIFACTS } from './paths';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ensureLabBuild } = require('../lab/build.js') as { ensureLabBuild(): Promise<string> };

declare module 'vitest' {
  export interface ProvidedContext {
    labStatic: string;
  }
}

export default async function setup(project: TestProject): Promise<void> {
  // Screenshots of this run only.
  fs.rmSync(ARTIFACTS, { recursive: true, force: true });
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const started = Date.now();
  const staticDir = await ensureLabBuild();
  console.log(`[e2e] JupyterLab build: ${staticDir} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  project.provide('labStatic', staticDir);
}
