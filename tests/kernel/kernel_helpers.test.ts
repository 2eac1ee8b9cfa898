import { describe, expect, it } from 'vitest';
import { guardAwaits } from '../../kernel/await_guard';
import { findSourceLine } from '../../kernel/cell_error';
import { globToRegExp, History } from '../../kernel/history';
import { checkCompleteness } from '../../kernel/is_complete';
import { StreamBatcher } from '../../kernel/stream_batcher';
import { withVarianceHints } from '../../kernel/variance_hints';
import { withoutNodeApiDocs } from '../../kernel/node_api_docs';
import * as ts from '@tslab/typescript-for-tslab';
import fs from 'fs';
import path from 'path';
import { decode, encode, makeMessage, Signer, WireError } from '../../kernel/wire';
import { helpQuery } from '../../kernel/kernel';
import { topLevelNames } from '../../kernel/plain_program';

describe('guardAwaits', () => {
  const R = '__tsdl__.resume';
  const run = '__tsdl_run__';
  const entry = `const ${run} = __tsdl__.current();`;
  it('checks the run at every await and keeps line numbers', () => {
    const js = 'const a = await f();\nasync function g() {\n  return await (await h());\n}';
    const out = guardAwaits(js);
    expect(out.code).toBe(`const a = ${R}(${run}, await f());\nasync function g() { ${entry}\n  return ${R}(${run}, await (${R}(${run}, await h())));\n}`);
    expect(out.code.split('\n').length).toBe(js.split('\n').length);
    expect(out.topLevelAwait).toBe(true);
  });
  it('gives concise async arrows a body that notes their run', () => {
    expect(guardAwaits('const f = async (x) => await g(x);').code)
      .toBe(`const f = async (x) => { ${entry} return (${R}(${run}, await g(x))); };`);
  });
  it('checks at the start of every for-await body, block or not, and sees a top-level for await', () => {
    const out = guardAwaits('for await (const b of it) { step(b); }\nasync function k() { for await (const b of it) step(b); }');
    expect(out.code).toBe(`for await (const b of it) { ${R}(${run}); step(b); }\nasync function k() { ${entry} for await (const b of it) { ${R}(${run}); step(b); } }`);
    expect(out.topLevelAwait).toBe(true);
    expect(guardAwaits('async function k() { for await (const b of it) step(b); }').topLevelAwait).toBe(false);
  });
  it('keeps a "use strict" prologue first, and async methods and generators get their run too', () => {
    expect(guardAwaits('async function s() { "use strict"; await x; }').code)
      .toBe(`async function s() { "use strict"; ${entry} ${R}(${run}, await x); }`);
    expect(guardAwaits('class C { async m() { await x; } }\nasync function* g() { yield await x; }').code)
      .toBe(`class C { async m() { ${entry} ${R}(${run}, await x); } }\nasync function* g() { ${entry} yield ${R}(${run}, await x); }`);
  });
  it('leaves code without await alone', () => {
    expect(guardAwaits('const waitName = 1;')).toEqual({ code: 'const waitName = 1;', topLevelAwait: false });
  });
});

describe('topLevelNames', () => {
  const names = (src: string) => topLevelNames(ts, '/tmp/__tslab__.ts', 'export {};\n' + src, { target: ts.ScriptTarget.ES2020 }).sort();
  it('lists what a cell declares at its top level, as the program binds it', () => {
    expect(names('const a = 1; let b: number; var c; function f() { const inner = 1; } class C {}\n'
      + 'type T = number; interface I { x: T } enum E { A } import * as os from "os"; { const block = 2; }'))
      .toEqual(['C', 'E', 'I', 'T', 'a', 'b', 'c', 'f', 'os']);
    expect(names('const { p, q: [r] } = { p: 1, q: [2] };')).toEqual(['p', 'r']);
    expect(names('1 + 2; console.log("x")')).toEqual([]);
    expect(names('const __private = 1;')).toEqual(['___private']); // escaped like the binder's own keys
  });
});

describe('helpQuery', () => {
  it('recognises IPython-style help cells and nothing else', () => {
    expect(helpQuery('tf.matMul?')).toBe('tf.matMul');
    expect(helpQuery('  nn . Linear ??\n')).toBe('nn.Linear');
    expect(helpQuery('x ? 1 : 2')).toBeNull();
    expect(helpQuery('a?.b')).toBeNull();
    expect(helpQuery('f()?')).toBeNull();
    expect(helpQuery('tf.matMul???')).toBeNull();
  });
});

describe('History', () => {
  const h = new History();
  ['a = 1', 'b = 2', 'a = 1', 'print(a)'].forEach((code, i) => h.add(i + 1, code));
  h.setOutput(2, '2');
  it('answers tail, range and search', () => {
    expect(h.query({ hist_access_type: 'tail', n: 2 })).toEqual([[1, 3, 'a = 1'], [1, 4, 'print(a)']]);
    expect(h.query({ hist_access_type: 'range', session: 0, start: 2, stop: 3, output: true })).toEqual([[1, 2, ['b = 2', '2']]]);
    expect(h.query({ hist_access_type: 'search', pattern: 'a*' }).map((e) => e[1])).toEqual([1, 3]);
    expect(h.query({ hist_access_type: 'search', pattern: 'a*', unique: true }).map((e) => e[1])).toEqual([3]);
    expect(h.query({ hist_access_type: 'search', pattern: '*', n: 1 }).map((e) => e[1])).toEqual([4]);
  });
  it('matches globs against the whole input', () => {
    expect(globToRegExp('a?c*').test('abcdef')).toBe(true);
    expect(globToRegExp('a.c').test('abc')).toBe(false);
  });
});

describe('checkCompleteness', () => {
  it('tells complete, incomplete and invalid apart', () => {
    expect(checkCompleteness('1 + 1').status).toBe('complete');
    expect(checkCompleteness('function f() {')).toEqual({ status: 'incomplete', indent: '  ' });
    expect(checkCompleteness('const = 1').status).toBe('invalid');
    expect(checkCompleteness(')').status).toBe('invalid');
  });
});

describe('StreamBatcher', () => {
  it('batches by size and keeps stdout/stderr order', () => {
    const sent: [string, string][] = [];
    const b = new StreamBatcher((name, text) => sent.push([name, text]), 100, 1000);
    for (let i = 0; i < 50; i++) b.write('stdout', `line ${i}\n`);
    b.write('stderr', Buffer.from('err\n'));
    b.write('stdout', 'end\n');
    b.flush();
    expect(sent.map((s) => s[1]).join('')).toBe(Array.from({ length: 50 }, (_, i) => `line ${i}\n`).join('') + 'err\nend\n');
    expect(sent.length).toBeLessThan(10);
    expect(sent.slice(-2)).toEqual([['stderr', 'err\n'], ['stdout', 'end\n']]);
  });
  it('decodes UTF-8 split across chunks', () => {
    const sent: string[] = [];
    const b = new StreamBatcher((_n, text) => sent.push(text));
    const bytes = Buffer.from('é');
    b.write('stdout', bytes.subarray(0, 1));
    b.write('stdout', bytes.subarray(1));
    b.flush();
    expect(sent.join('')).toBe('é');
  });
});

describe('findSourceLine', () => {
  it('maps a compiled line back to the TypeScript line', () => {
    const ts = 'const a: number = 1;\nconst o: any = null;\no.field;';
    expect(findSourceLine(ts, 'exports.o.field;')).toBe(2);
    expect(findSourceLine(ts, '})();')).toBeNull();
  });
});

describe('wire', () => {
  it('round-trips a signed message and drops a bad signature', () => {
    const signer = new Signer('secret');
    const msg = makeMessage('execute_request', { code: '1' }, {}, 'session');
    const frames = encode([Buffer.from('id')], msg, signer).map((f) => Buffer.from(f));
    const decoded = decode(frames, signer);
    expect(decoded.identities.map(String)).toEqual(['id']);
    expect(decoded.message.content).toEqual({ code: '1' });
    expect(() => decode(frames, new Signer('other'))).toThrow(WireError);
    expect(() => decode(frames.slice(1, 3), signer)).toThrow(/frames after the delimiter/);
  });
});

describe('withVarianceHints', () => {
  const tensorDts = '/x/node_modules/@tensorflow/tfjs-core/dist/tensor.d.ts';
  const text = 'export declare class Tensor<R extends Rank = Rank> implements TensorInfo {\n}\n'
    + 'export declare class Variable<R extends Rank = Rank> extends Tensor<R> {\n}\n';
  it('declares Tensor and Variable covariant in their rank', () => {
    expect(withVarianceHints(tensorDts, text)).toBe(text.replace(/<R extends/g, '<out R extends'));
  });
  it('leaves other files alone', () => {
    expect(withVarianceHints('/x/node_modules/@tensorflow/tfjs-core/dist/ops/add.d.ts', text)).toBe(text);
    expect(withVarianceHints('/x/src/tensor.ts', text)).toBe(text);
    expect(withVarianceHints(tensorDts, undefined)).toBeUndefined();
  });
});

describe('withoutNodeApiDocs', () => {
  it("drops the doc comments of Node's declarations and nothing else, file by file", () => {
    const dir = path.join(__dirname, '..', '..', 'node_modules', '@types', 'node');
    const files = (fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }) as string[]).filter((f) => f.endsWith('.d.ts'));
    expect(files.length).toBeGreaterThan(40);
    let before = 0;
    let after = 0;
    const shape = (sf: ts.SourceFile): string => sf.statements.map((st) => ts.SyntaxKind[st.kind]).join(',');
    for (const file of files) {
      const full = path.join(dir, file);
      const text = fs.readFileSync(full, 'utf8');
      const stripped = withoutNodeApiDocs(full, text)!;
      before += text.length;
      after += stripped.length;
      const a = ts.createSourceFile(file, text, ts.ScriptTarget.Latest);
      const b = ts.createSourceFile(file, stripped, ts.ScriptTarget.Latest);
      expect((b as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics, file).toEqual([]);
      expect(shape(b), file).toBe(shape(a));
      expect(stripped, file).not.toMatch(/\/\*\*/);
    }
    expect(after / before).toBeLessThan(0.5);
  });

  it('leaves other declaration files and Node sources alone', () => {
    const text = '/** Adds. */\nexport declare function add(a: number): number;';
    expect(withoutNodeApiDocs('/p/node_modules/@tensorflow/tfjs-core/dist/ops/add.d.ts', text)).toBe(text);
    expect(withoutNodeApiDocs('/p/node_modules/@types/node/fs.js', text)).toBe(text);
    expect(withoutNodeApiDocs('/p/node_modules/@types/node/fs.d.ts', text)).toBe('\nexport declare function add(a: number): number;');
  });
});
