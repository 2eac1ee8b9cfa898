import fs from 'fs';
import path from 'path';
import type { CellOutcome, CellRunner as CellRunnerClass } from '../../kernel/cell_runner';
import type * as CheckerReuse from '../../kernel/checker_reuse';
import type * as PlainProgram from '../../kernel/plain_program';
import type * as Prelude from '../../kernel/prelude';

/**
 * The compiled kernel's modules (`npm test` builds them first), loaded as a running kernel loads them: tslab's
 * converter then finds the kernel's compiled helpers beside it, and TypeScript is the patched instance.
 */
const dist = path.join(__dirname, '..', '..', 'dist', 'kernel');
if (!fs.existsSync(path.join(dist, 'cell_runner.js'))) throw new Error(`${dist} is missing: run \`npm run build\` first`);

/* eslint-disable @typescript-eslint/no-require-imports */
export const { CellRunner } = require(path.join(dist, 'cell_runner.js')) as { CellRunner: typeof CellRunnerClass };
export const checkerReuse = require(path.join(dist, 'checker_reuse.js')) as typeof CheckerReuse;
export const plainProgram = require(path.join(dist, 'plain_program.js')) as typeof PlainProgram;
export const { preludeSource } = require(path.join(dist, 'prelude.js')) as typeof Prelude;
/* eslint-enable @typescript-eslint/no-require-imports */

/** The checkout: cells resolve packages from it, as notebooks do. */
export const PROJECT_DIR = path.join(__dirname, '..', '..');

/** A cell's outcome in one line: `ok` (with `withValue`, `ok <value as JSON>`) or `<ename>: <evalue>`. */
export function outcomeSummary(o: CellOutcome, withValue = false): string {
  if (o.status === 'error') return `${o.error.ename}: ${o.error.evalue}`;
  return withValue ? `ok ${JSON.stringify(o.hasValue ? o.value : null)}` : 'ok';
}

/**
 * Runs `body` with a new cell runner on the checkout while the environment variables `env` are set (the kernel
 * reads its switches when it uses them), then closes the runner and puts the variables back as they were.
 */
export async function withRunner<T>(env: Record<string, string>, body: (runner: CellRunnerClass) => Promise<T>): Promise<T> {
  const saved = Object.keys(env).map((k) => [k, process.env[k]] as const);
  Object.assign(process.env, env);
  const runner = new CellRunner(PROJECT_DIR);
  try {
    return await body(runner);
  } finally {
    runner.close();
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}
