import { describe, expect, it } from 'vitest';
import type { CellRunner as CellRunnerClass } from '../../kernel/cell_runner';
import { outcomeSummary, plainProgram, preludeSource, withRunner } from './compiled_kernel';

const { latestPlainProgram } = plainProgram;

// Every kind of declaration tslab carries to later cells, cells that declare nothing in between, and
// redeclarations of each kind after those (a variable over a class, part of an import, a type over a value).
const CELLS = [
  'const a = 1; let b = "two"; function f(n: number) { return n * 2; }',
  'f(a) + b.length',
  'class Box { constructor(public v: number) {} }\nenum Color { Red, Green }\ninterface Point { x: number }\ntype Pair = [number, number];',
  'new Box(3).v + Color.Green',
  'const p: Point = { x: 1 }; const q: Pair = [1, 2];',
  'p.x + q[1]',
  'import { EOL, platform } from "os";\nimport * as path from "path";\nimport fsDefault from "fs";',
  'EOL.length + platform().length + path.sep.length + (typeof fsDefault.readFileSync === "function" ? 1 : 0)',
  'tf.tensor([[1, 2], [3, 4]]).matMul(tf.tensor([[1], [1]])).shape',
  'const EOL = 42;',
  'EOL + platform().length',
  'const Box = "no longer a class";',
  'Box.toUpperCase()',
  'new Box(1)',
  'let a = "now a string";',
  'a.toUpperCase() + f(2)',
  'a.toFixed(1)',
  'type Point = { y: string };',
  'const r: Point = { y: "ok" }; r.y',
  'const s: Point = { x: 1 };',
  '[a, b, EOL, Color.Red]',
];

interface Trace {
  outcomes: string[];
  declarations: string[];
  /** Whether each cell's program held the very declarations file the cell before it had. */
  sameDeclarationsFile: boolean[];
}

const declarationsOf = (runner: CellRunnerClass): string => (runner as unknown as { prevDecl: string }).prevDecl;

function declarationsFile(): unknown {
  return latestPlainProgram()?.getSourceFiles().find((f) => f.fileName.endsWith('__prev__.d.ts'));
}

async function trace(keep: boolean): Promise<Trace> {
  return withRunner({ TSDL_KEEP_DECLARATIONS: keep ? '1' : '0' }, async (runner) => {
    expect((await runner.run(preludeSource(), 'prelude')).status).toBe('ok');
    const out: Trace = { outcomes: [], declarations: [], sameDeclarationsFile: [] };
    let file = declarationsFile();
    for (const [i, src] of CELLS.entries()) {
      out.outcomes.push(outcomeSummary(await runner.run(src, `cell[${i}]`), true));
      out.declarations.push(declarationsOf(runner));
      const next = declarationsFile();
      out.sameDeclarationsFile.push(next === file);
      file = next;
    }
    return out;
  });
}

describe("earlier cells' declarations kept parsed while their text is the same", () => {
  it("gives each cell tslab's outcome and declarations, and parses them again only after a cell that declares", async () => {
    const kept = await trace(true);
    const tslab = await trace(false);
    expect(kept.outcomes).toEqual(tslab.outcomes);
    expect(kept.declarations).toEqual(tslab.declarations);
    const failed = kept.outcomes.flatMap((o, i) => (o.startsWith('ok') ? [] : [i]));
    expect(failed).toEqual([13, 16, 19]);
    expect(kept.outcomes[10]).toBe(`ok ${42 + process.platform.length}`);
    expect(kept.outcomes[12]).toBe('ok "NO LONGER A CLASS"');
    // A cell reads the declarations file again (a new parsed file) exactly when its text changed: after a cell
    // that declared something, and once more after the first cell that did not when tslab's printing of the
    // file differs from the declaration emitter's (here the tuple type, which it prints on several lines).
    const textBefore = (i: number): string => (i === 0 ? '' : kept.declarations[i - 1]);
    const unchanged = CELLS.map((_, i) => i >= 2 && textBefore(i) === textBefore(i - 1));
    expect(kept.sameDeclarationsFile.slice(1)).toEqual(unchanged.slice(1));
    expect(unchanged.filter(Boolean).length).toBeGreaterThanOrEqual(7);
    expect(tslab.sameDeclarationsFile.every((same) => !same)).toBe(true);
  }, 180_000);

  it('keeps a name declared again the same way (the text stays the same, tslab took the name out of the tree)', async () => {
    await withRunner({}, async (runner) => {
      expect((await runner.run(preludeSource(), 'prelude')).status).toBe('ok');
      const cells = ['const k = 1;', 'const k = 1; // again, the same way', 'k + 1', 'k + 2', 'k + 3'];
      const outcomes = [];
      for (const src of cells) outcomes.push(outcomeSummary(await runner.run(src, 'c'), true));
      expect(outcomes).toEqual(['ok null', 'ok null', 'ok 2', 'ok 3', 'ok 4']);
    });
  }, 120_000);

  it('completes and inspects names of a kept declarations file', async () => {
    await withRunner({}, async (runner) => {
      expect((await runner.run(preludeSource(), 'prelude')).status).toBe('ok');
      expect((await runner.run('const weights = tf.ones([2, 2]); const label = "x";', 'c1')).status).toBe('ok');
      expect((await runner.run('1 + 1', 'c2')).status).toBe('ok');
      const kept = declarationsFile();
      expect(runner.complete('weights.resh', 12).candidates).toContain('reshape');
      expect(runner.inspect('label', 2)).toMatch(/const label: "x"/);
      expect(outcomeSummary(await runner.run('weights.shape', 'c3'), true)).toBe('ok [2,2]');
      expect(declarationsFile()).toBe(kept);
    });
  }, 120_000);
});
