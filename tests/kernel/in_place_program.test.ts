import fs from 'fs';
import os from 'os';
import path from 'path';
import { describe, expect, it } from 'vitest';
import type { CellOutcome } from '../../kernel/cell_runner';
import { CellRunner, outcomeSummary, plainProgram, preludeSource, PROJECT_DIR as dir, withRunner } from './compiled_kernel';

const { latestPlainProgram, newChangeTracker, trackingChanges } = plainProgram;

// Cells that declare, redeclare, import, fail, and run the same code again after the declarations changed.
const CELLS: { src: string; ok: boolean }[] = [
  { src: 'let x = 1', ok: true },
  { src: 'x + 1', ok: true },
  { src: 'const bad: string = x', ok: false },
  { src: 'const bad: string = x', ok: false },
  { src: 'x.toFixed(1)', ok: true },
  { src: 'let x = "now a string"', ok: true },
  { src: 'x.toFixed(1)', ok: false }, // the same cell as two above, after x changed type
  { src: 'x.toUpperCase()', ok: true },
  { src: 'interface Point { a: number }', ok: true },
  { src: 'const p: Point = { a: 1 }', ok: true },
  { src: 'interface Point { a: number; b: string }', ok: true },
  { src: 'const r: Point = { a: 1 }', ok: false },
  { src: 'import * as os from "os"; os.cpus().length > 0', ok: true },
  { src: 'os.platform().length', ok: true },
  { src: 'tf.tensor([[1, 2], [3, 4]]).matMul(tf.tensor([[1], [1]])).shape', ok: true },
  { src: 'tf.tensor([1, 2]).add("x")', ok: false },
  { src: 'function twice<T>(v: T): [T, T] { return [v, v]; }', ok: true },
  { src: 'twice(p)[1].a.toFixed(1)', ok: true },
  { src: 'twice(3)[0].toUpperCase()', ok: false },
  { src: 'import { EOL } from "os"; EOL.length', ok: true },
  { src: 'EOL.toFixed()', ok: false },
  { src: '1 + 1', ok: true },
];

const summary = (o: CellOutcome): string => outcomeSummary(o, true);

async function runAll(inPlace: boolean): Promise<{ outcomes: string[]; programs: number }> {
  return withRunner({ TSDL_IN_PLACE_PROGRAM: inPlace ? '1' : '0' }, async (runner) => {
    expect((await runner.run(preludeSource(), 'prelude')).status).toBe('ok');
    const outcomes: string[] = [];
    const programs = new Set<unknown>();
    for (const [i, cell] of CELLS.entries()) {
      outcomes.push(summary(await runner.run(cell.src, `cell[${i}]`)));
      programs.add(latestPlainProgram());
    }
    return { outcomes, programs: programs.size };
  });
}

describe("a cell's program made from the previous cell's in place", () => {
  it('gives every cell the outcome of a new program, and makes new programs only where imports change', async () => {
    const inPlace = await runAll(true);
    const fresh = await runAll(false);
    expect(inPlace.outcomes).toEqual(fresh.outcomes);
    expect(inPlace.outcomes.map((o) => o.startsWith('ok'))).toEqual(CELLS.map((c) => c.ok));
    expect(inPlace.outcomes[6]).toMatch(/Property 'toFixed' does not exist on type 'string'/);
    // Programs: the prelude's (changed in place by the cells up to the import of os), the import's, the next
    // cell's (its declarations now import os), the import of EOL's and the next cell's. Without: one per cell,
    // but for the fourth, which repeats the third with the same declarations (answered from the kernel's cache).
    expect(inPlace.programs).toBe(5);
    expect(fresh.programs).toBe(CELLS.length - 1);
  }, 180_000);

  it('builds a new program when a file a cell imports changes on disk', async () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'tsdl-in-place-'));
    fs.mkdirSync(path.join(work, 'node_modules'));
    fs.symlinkSync(path.join(dir, 'node_modules', '@tensorflow'), path.join(work, 'node_modules', '@tensorflow'), 'dir');
    const declarations = path.join(work, 'values.d.ts');
    fs.writeFileSync(declarations, 'export declare const value: number;\n');
    fs.writeFileSync(path.join(work, 'values.js'), 'exports.value = 1;\n');
    const runner = new CellRunner(work);
    try {
      // (The converter resolves relative imports from the process's directory: the path is absolute.)
      const imported = `import { value } from ${JSON.stringify(path.join(work, 'values'))}; value.toFixed(1)`;
      expect(summary(await runner.run(imported, 'c'))).toBe('ok "1.0"');
      expect(summary(await runner.run('value + 1', 'c'))).toBe('ok 2');
      const before = latestPlainProgram();
      expect(summary(await runner.run('value + 2', 'c'))).toBe('ok 3');
      expect(latestPlainProgram()).toBe(before); // in place
      fs.writeFileSync(declarations, 'export declare const value: string;\n');
      // TypeScript's watcher (fs.watch) reports the change, then the next cell sees the new type.
      let outcome = '';
      for (let i = 0; i < 100 && !outcome.includes('toFixed'); i++) {
        await new Promise((r) => setTimeout(r, 50));
        outcome = summary(await runner.run(`value.toFixed(${i % 3})`, 'c'));
      }
      expect(outcome).toMatch(/Property 'toFixed' does not exist on type 'string'/);
      expect(latestPlainProgram()).not.toBe(before);
    } finally {
      runner.close();
      fs.rmSync(work, { recursive: true, force: true });
    }
  }, 60_000);

  it('marks a change for every watched path but the converter\'s own files', () => {
    const changes = newChangeTracker();
    const callbacks = new Map<string, () => void>();
    const watch = (p: string, cb: () => void) => { callbacks.set(p, cb); return { close: () => undefined }; };
    const tracked = trackingChanges(changes, watch, new Set(['/cell.ts']))!;
    let calls = 0;
    tracked('/cell.ts', () => { calls++; });
    tracked('/lib/values.d.ts', () => { calls++; });
    changes.outside = false;
    callbacks.get('/cell.ts')!();
    expect(changes.outside).toBe(false);
    callbacks.get('/lib/values.d.ts')!();
    expect(changes.outside).toBe(true);
    expect(calls).toBe(2);
    expect(trackingChanges(changes, undefined)).toBeUndefined();
  });
});
