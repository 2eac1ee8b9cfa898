import fs from 'fs';
import { describe, expect, it } from 'vitest';
import { CellRunner, checkerReuse, outcomeSummary as summary, PROJECT_DIR as dir, withRunner } from './compiled_kernel';

const { checkerReuseStats, MAX_USES, patchTypeScriptSource } = checkerReuse;

// Cells whose type-check depends on what earlier cells declared, redeclared, augmented or imported: run once
// with one checker serving many cells and once with a checker per cell, they must give the same outcomes.
const CELLS: { src: string; ok: boolean }[] = [
  { src: 'let x = 1', ok: true },
  { src: 'x + 1', ok: true },
  { src: 'const bad: string = x', ok: false },
  { src: 'const bad: string = x', ok: false }, // the same error at the same place: still reported
  { src: 'let x = "now a string"', ok: true },
  { src: 'const fine: string = x', ok: true },
  { src: 'const n: number = x', ok: false },
  { src: 'x.toUpperCase()', ok: true },
  { src: 'interface Point { a: number }', ok: true },
  { src: 'const p: Point = { a: 1 }', ok: true },
  { src: 'const q: Point = { b: 2 }', ok: false },
  { src: 'interface Point { a: number; b: string }', ok: true },
  { src: 'const r: Point = { a: 1 }', ok: false }, // Point now needs b
  { src: 'function twice<T>(v: T): [T, T] { return [v, v]; }', ok: true },
  { src: 'twice(p)[1].a.toFixed(1)', ok: true },
  { src: 'twice(3)[0].toUpperCase()', ok: false },
  { src: '[1, 2].tsdlMissing', ok: false },
  { src: 'import * as os from "os"; os.cpus().length', ok: true },
  { src: 'import { contours } from "d3-contour"; typeof contours', ok: true }, // a package new to the program
  { src: 'const t = await Promise.resolve(5); t.toFixed(2)', ok: true },
  { src: 'class Box { constructor(public v: number) {} }', ok: true },
  { src: 'new Box(2).v + 1', ok: true },
  { src: 'new Box("s")', ok: false },
  { src: 'for (let i = 0; i < 3; i++) { x.length }', ok: true },
  // Array elements typed by their context (a tuple's per index, an array's for all), which the checker keeps per
  // contextual type and index: a kept answer must never serve another type or index.
  { src: 'const pair: [number, string] = [1, "a"]', ok: true },
  { src: 'const pair2: [number, string] = [1, 2]', ok: false },
  { src: 'const pair3: [string, number] = ["a", 1]', ok: true },
  { src: 'const lengths: ((s: string) => number)[] = [(s) => s.length, (s) => s.indexOf("a")]', ok: true },
  { src: 'const halves: ((n: number) => number)[] = [(n) => n / 2, (s) => s.length]', ok: false },
  { src: 'const grid: number[][] = [[1, 2], [3, "x"]]', ok: false },
  { src: 'const grid2: number[][] = [[1, 2], [3, 4]]', ok: true },
];

async function runAll(reuse: boolean): Promise<{ outcomes: string[]; reused: number }> {
  const before = checkerReuseStats.reused;
  return withRunner({ TSDL_CHECKER_REUSE: reuse ? '1' : '0' }, async (runner) => {
    const outcomes: string[] = [];
    for (const [i, cell] of CELLS.entries()) outcomes.push(summary(await runner.run(cell.src, `cell[${i}]`)));
    return { outcomes, reused: checkerReuseStats.reused - before };
  });
}

describe('one type checker for many cells', () => {
  it('patches the TypeScript build tslab uses (else every cell gets a new checker)', () => {
    const file = require.resolve('@tslab/typescript-for-tslab', { paths: [require.resolve('tslab')] });
    const patched = patchTypeScriptSource(fs.readFileSync(file, 'utf8'));
    expect(patched).not.toBeNull();
    expect(patched).toContain('tsdl.checkerFor');
    // The optional speed-ups: array elements' contextual types kept, one file-creation options object per options.
    expect(patched).toContain('tsdlElementTypeUncached');
    expect(patched).toContain('tsdlFileOptions');
    expect(patchTypeScriptSource('function unrelated() {}')).toBeNull();
  });

  it('gives every cell the outcome a checker of its own gives', async () => {
    const reused = await runAll(true);
    const fresh = await runAll(false);
    expect(reused.outcomes).toEqual(fresh.outcomes);
    expect(reused.outcomes.map((o) => o === 'ok')).toEqual(CELLS.map((c) => c.ok));
    expect(reused.outcomes[2]).toMatch(/Type 'number' is not assignable to type 'string'/);
    expect(reused.outcomes[3]).toEqual(reused.outcomes[2]);
    // Most cells were checked by a checker made for an earlier one; none when it is turned off.
    expect(reused.reused).toBeGreaterThan(CELLS.length / 2);
    expect(fresh.reused).toBe(0);
  }, 120_000);

  it('completes and inspects with a reused checker', async () => {
    const runner = new CellRunner(dir);
    try {
      for (const src of ['let word = "hi"', 'word.length', 'interface Named { label: string }', 'const named: Named = { label: word }']) {
        expect((await runner.run(src, 'c')).status).toBe('ok');
      }
      const before = checkerReuseStats.reused;
      const completion = runner.complete('named.label.toUpp', 'named.label.toUpp'.length);
      expect(completion.candidates).toContain('toUpperCase');
      expect(runner.inspect('named.label', 'named.la'.length)).toMatch(/label: string/);
      expect(checkerReuseStats.reused).toBeGreaterThan(before);
      // Errors met while completing or inspecting unfinished code are not the next cell's.
      runner.inspect('noSuchThing', 3);
      runner.complete('noSuchThing.', 'noSuchThing.'.length);
      expect(summary(await runner.run('const later = await Promise.resolve(word); later.length', 'c'))).toBe('ok');
    } finally {
      runner.close();
    }
  }, 60_000);

  it('makes a fresh checker after MAX_USES programs', async () => {
    expect(MAX_USES).toBeGreaterThan(10);
    const runner = new CellRunner(dir);
    try {
      expect((await runner.run('0', 'c')).status).toBe('ok');
      const created = checkerReuseStats.created;
      for (let i = 1; i <= MAX_USES + 5; i++) expect((await runner.run(`${i} + ${i}`, 'c')).status).toBe('ok');
      // Each cell asks for one checker (its program's; cells are emitted as CommonJS in one step): it ran out
      // once and was replaced.
      expect(checkerReuseStats.created - created).toBe(1);
    } finally {
      runner.close();
    }
  }, 120_000);
});
