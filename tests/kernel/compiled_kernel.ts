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
