import path from 'path';
import { describe, expect, it } from 'vitest';
import type { CellOutcome } from '../../kernel/cell_runner';
import { CellRunner, checkerReuse, withRunner } from './compiled_kernel';

const { checkerReuseStats } = checkerReuse;

// Cells covering what the module transform touches: imports of every form (packages, Node, a project
// module compiled beside the cell, dynamic), declarations exported to later cells and reassigned, and
// every kind of last statement (expression or not, after an import or declaration, with await).
const CELLS = [
  'let x = 1',
  'x + 1',
  'x = 5',
  'x++, x',
  'const { a, b: [c] } = { a: 1, b: [2] }; a + c',
  'import * as os from "os"; os.EOL',
  'import fs from "fs"; typeof fs.readFileSync',
  'import { sep } from "path"; sep',
  'sep + sep',
  'import "os"',
  'import { double, answer } from "./tests/kernel/fixtures/side_module"; double(answer)',
  'import Counter from "./tests/kernel/fixtures/side_module"; const counter = new Counter(); counter.add(); counter.add()',
  'counter.count',
  'const dyn = await import("path"); dyn.basename("/a/b.txt")',
  'function f(n: number) { return n * x } f(2)',
  'class Box { constructor(public v: number) {} } new Box(3).v',
  'enum Color { Red, Green } Color.Green',
  'namespace NS { export const k = 7 } NS.k',
  '({ q: 1 })',
  'const late = await Promise.resolve(9);',
  'late',
  'for (let i = 0; i < 2; i++) { x += i }',
  'x',
  'export default 3',
  '"four".length; export { basename } from "path"',
  'const t = tf.tensor([1, 2, 3]); t.sum().dataSync()[0]',
  'throw new RangeError("bad range")',
  'const oops: number = "string"',
  'undefinedThing + 1',
  'x',
];

function summary(o: CellOutcome): string {
  if (o.status === 'ok') return o.hasValue ? `ok ${JSON.stringify(o.value)}` : 'ok';
  // The compiled line in a traceback differs; the error and the cell line it points at must not.
  const cellLine = o.error.traceback.map((l) => /cell line \d+/.exec(l)?.[0]).find((l) => l) ?? '';
  return `${o.error.ename}: ${o.error.evalue} ${cellLine}`;
}

async function runAll(oneStep: boolean): Promise<string[]> {
  return withRunner({ TSDL_ONE_STEP_EMIT: oneStep ? '1' : '0' }, async (runner) => {
    const outcomes: string[] = [];
    await runner.run('import * as tf from "@tensorflow/tfjs"', 'setup');
    for (const [i, src] of CELLS.entries()) outcomes.push(summary(await runner.run(src, `cell[${i}]`)));
    return outcomes;
  });
}

describe('cells emitted as CommonJS in one step', () => {
  it('give every cell the outcome tslab\'s ES module + transpileModule gives', async () => {
    const oneStep = await runAll(true);
    const twoSteps = await runAll(false);
    expect(oneStep).toEqual(twoSteps);
    // and those outcomes are the right ones
    expect(oneStep.slice(0, 4)).toEqual(['ok', 'ok 2', 'ok 5', 'ok 6']);
    expect(oneStep[10]).toBe('ok 84');
    expect(oneStep[11]).toBe('ok 2');
    expect(oneStep[12]).toBe('ok 2');
    expect(oneStep[13]).toBe('ok "b.txt"');
    expect(oneStep[CELLS.indexOf('late')]).toBe('ok 9');
    expect(oneStep[CELLS.indexOf('const t = tf.tensor([1, 2, 3]); t.sum().dataSync()[0]')]).toBe('ok 6');
    expect(oneStep[CELLS.indexOf('throw new RangeError("bad range")')]).toMatch(/^RangeError: bad range cell line 1/);
    expect(oneStep[CELLS.indexOf('const oops: number = "string"')]).toMatch(/not assignable/);
    expect(oneStep[CELLS.indexOf('"four".length; export { basename } from "path"')]).toBe('ok 4');
    expect(oneStep.at(-1)).toBe('ok 7');
  }, 120_000);

  it('type-checks one program per cell, not also tslab\'s transpileModule program', async () => {
    const runner = new CellRunner(path.join(__dirname, '..', '..'));
    try {
      expect(summary(await runner.run('const y = 2; y * 3', 'c'))).toBe('ok 6');
      for (const [oneStep, checkers] of [['1', 1], ['0', 2]] as const) {
        process.env.TSDL_ONE_STEP_EMIT = oneStep;
        const other = new CellRunner(path.join(__dirname, '..', '..'));
        try {
          expect(summary(await other.run('1 + 1', 'c'))).toBe('ok 2');
          const before = checkerReuseStats.created + checkerReuseStats.reused;
          expect(summary(await other.run('2 + 2', 'c'))).toBe('ok 4');
          expect(checkerReuseStats.created + checkerReuseStats.reused - before).toBe(checkers);
        } finally {
          other.close();
        }
      }
    } finally {
      delete process.env.TSDL_ONE_STEP_EMIT;
      runner.close();
    }
  }, 60_000);
});
