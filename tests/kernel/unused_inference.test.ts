import fs from 'fs';
import { describe, expect, it } from 'vitest';
import { CellRunner, checkerReuse, outcomeSummary as summary, plainProgram, preludeSource, withRunner } from './compiled_kernel';

const { patchTypeScriptSource } = checkerReuse;
const { latestPlainProgram } = plainProgram;

// Calls of generic functions whose type arguments come from some arguments and not from others (declared
// type without the type parameters, a rest parameter, a `this` parameter, `typeof` another parameter, a
// method of a generic class, overloads, callbacks typed by their context), right and wrong.
const CELLS: { src: string; ok: boolean }[] = [
  { src: 'function first<T>(xs: T[]): T { return xs[0]; }', ok: true },
  { src: 'first([1, 2]).toFixed(1)', ok: true },
  { src: 'first(["a"]).toFixed(1)', ok: false },
  { src: 'function pick<T, K extends keyof T>(o: T, k: K): T[K] { return o[k]; }', ok: true },
  { src: 'pick({ a: 1, b: "x" }, "b").toUpperCase()', ok: true },
  { src: 'pick({ a: 1 }, "c")', ok: false },
  { src: 'function apply<A, R>(f: (a: A) => R, a: A): R { return f(a); }', ok: true },
  { src: 'apply((s) => s.length, "abc") + 1', ok: true },
  { src: 'apply((s: string) => s.length, 3)', ok: false },
  { src: 'function tagged<T>(label: string, value: T): { label: string; value: T } { return { label, value }; }', ok: true },
  { src: 'tagged("n", 3).value.toFixed()', ok: true },
  { src: 'tagged(3, 3)', ok: false },
  { src: 'function rest<T>(head: string, ...tail: T[]): T[] { return tail; }', ok: true },
  { src: 'rest("a", 1, 2)[0].toFixed()', ok: true },
  { src: 'rest(1, 2)', ok: false },
  { src: 'rest("a", 1, "b")', ok: false },
  { src: 'function labelled<T>(label: string, ...rest: number[]): T[] { return []; }', ok: true },
  { src: 'labelled<string>("a", 1, 2).concat(["b"])[0].toUpperCase()', ok: true },
  { src: 'labelled("a", 1, "b")', ok: false },
  {
    src: 'class Stack<T> { items: T[] = []; push(x: T): this { this.items.push(x); return this; } '
      + 'map<U>(f: (x: T) => U, note: string): U[] { return this.items.map(f); } }',
    ok: true,
  },
  { src: 'new Stack<number>().push(1).map((x) => String(x), "n")[0].toUpperCase()', ok: true },
  { src: 'new Stack<number>().push("a")', ok: false },
  { src: 'new Stack<number>().map((x) => x.toUpperCase(), "n")', ok: false },
  { src: 'new Stack<number>().map((x) => x, 4)', ok: false },
  { src: 'function viaThis<T>(this: { v: T }, extra: number): T { return this.v; }', ok: true },
  { src: 'viaThis.call({ v: "a" }, 1).toUpperCase()', ok: true },
  { src: 'function same<T>(a: T, b: typeof a): T { return b; }', ok: true },
  { src: 'same(1, "x")', ok: false },
  { src: 'function overload(x: number): number; function overload(x: string): string; function overload(x: any) { return x; }', ok: true },
  { src: 'overload("a").toUpperCase()', ok: true },
  { src: 'overload(true)', ok: false },
  { src: 'tf.tensor([[1, 2], [3, 4]]).matMul(tf.tensor([[1], [1]])).shape', ok: true },
  { src: 'tf.tensor([[1, 2], [3, 4]]).matMul(new Map())', ok: false },
  { src: 'tf.tidy(() => tf.ones([2]).mul(2)).rank', ok: true },
  { src: 'const lin = new nn.Linear(2, 3); lin.forward(tf.ones([1, 2])).shape', ok: true },
  { src: 'lin.forward("x")', ok: false },
  { src: 'Promise.all([1, Promise.resolve("a")]).then(([a, b]) => b.toUpperCase() + a.toFixed())', ok: true },
  { src: 'Array.from({ length: 3 }, (_, i) => i * 2)[0].toUpperCase()', ok: false },
];

/** Runs `body` on a runner with the prelude, a checker per program (each reads the setting when made) and the skip on or off. */
function withSkip<T>(skip: boolean, body: (runner: InstanceType<typeof CellRunner>) => Promise<T>): Promise<T> {
  return withRunner({ TSDL_CHECKER_REUSE: '0', TSDL_SKIP_UNUSED_INFERENCE: skip ? '1' : '0' }, async (runner) => {
    expect((await runner.run(preludeSource(), 'prelude')).status).toBe('ok');
    return body(runner);
  });
}

async function runAll(skip: boolean): Promise<string[]> {
  return withSkip(skip, async (runner) => {
    const outcomes: string[] = [];
    for (const [i, cell] of CELLS.entries()) outcomes.push(summary(await runner.run(cell.src, `cell[${i}]`)));
    return outcomes;
  });
}

describe('no type inference from arguments whose declared type names no type parameter', () => {
  it('is patched into the TypeScript build tslab uses', () => {
    const file = require.resolve('@tslab/typescript-for-tslab', { paths: [require.resolve('tslab')] });
    expect(patchTypeScriptSource(fs.readFileSync(file, 'utf8'))).toContain('tsdlParameterNamesTypeParameters(signature, i)');
  });

  it('gives every call the types and errors of full inference', async () => {
    const skipping = await runAll(true);
    const inferring = await runAll(false);
    expect(skipping).toEqual(inferring);
    expect(skipping.map((o) => o === 'ok')).toEqual(CELLS.map((c) => c.ok));
    expect(skipping[2]).toMatch(/Property 'toFixed' does not exist on type 'string'/);
    expect(skipping[8]).toMatch(/Argument of type 'number' is not assignable to parameter of type 'string'/);
    expect(skipping[18]).toMatch(/Argument of type 'string' is not assignable to parameter of type 'number'/);
  }, 180_000);

  it('infers nothing from an array literal passed as a tensor', async () => {
    // tfjs's `matMul<T extends Tensor>(b: Tensor | TensorLike)`: inferring T from an array compares it with
    // every member of Tensor, whose results the checker keeps in its identity relation; skipped, none is made.
    const identityComparisons = (skip: boolean): Promise<number> => withSkip(skip, async (runner) => {
      expect((await runner.run('tf.tensor([[1, 2], [3, 4]]).matMul([[1], [1]]).shape', 'cell')).status).toBe('ok');
      const checker = latestPlainProgram()!.getTypeChecker() as unknown as { getRelationCacheSizes(): { identity: number } };
      return checker.getRelationCacheSizes().identity;
    });
    expect(await identityComparisons(false)).toBeGreaterThan(0);
    expect(await identityComparisons(true)).toBe(0);
  }, 120_000);
});
