import fs from 'fs';
import os from 'os';
import path from 'path';
import * as ts from '@tslab/typescript-for-tslab';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snapshotUse, withSnapshotDeclarations, type KernelSnapshot } from '../../kernel/snapshot/declarations';
import { deferredWatchDirectory } from '../../kernel/plain_program';
import { pruneSnapshotsOfMissingCheckouts } from '../../kernel/snapshot/build';
import { parseDeclarations } from '../../kernel/snapshot/parse_declarations';

// A kernel snapshot made as entry.ts makes one: files parsed, bound and resolved in advance by parseDeclarations.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsdl-snapshot-decl-'));
const file = (name: string, text: string): string => {
  const f = path.join(dir, name);
  fs.writeFileSync(f, text);
  return f;
};
const options: ts.CompilerOptions = { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10, noLib: true, types: [] };
const shapes = file('shapes.d.ts', 'export interface Shape { width: number }\n');
const api = file('api.d.ts', "import { Shape } from './shapes';\nexport declare function area(s: Shape): number;\n");
const edited = file('edited.d.ts', 'export declare const version: string;\n');

function snapshotOf(files: string[]): KernelSnapshot {
  const sources = files.map((fileName) => ({ fileName, text: fs.readFileSync(fileName, 'utf8'), languageVersion: ts.ScriptTarget.ES2022 }));
  return { ...parseDeclarations(ts, sources, options), builtAt: 'test' };
}

function programOver(rootNames: string[]): { program: ts.Program; resolved: string[] } {
  const host = ts.createCompilerHost(options);
  const resolved: string[] = [];
  host.resolveModuleNameLiterals = (literals, containingFile, redirected, o, containing) => literals.map((l) => {
    resolved.push(`${path.basename(containingFile)} -> ${l.text}`);
    return ts.resolveModuleName(l.text, containingFile, o, host, undefined, redirected, ts.getModeForUsageLocation(containing, l));
  });
  return { program: ts.createProgram({ rootNames, options, host: withSnapshotDeclarations(host) }), resolved };
}

describe('kernel snapshot declarations', () => {
  let snapshot: KernelSnapshot;
  beforeAll(() => {
    snapshot = snapshotOf([shapes, api, edited]);
    (globalThis as { __tsdlKernelSnapshot?: KernelSnapshot }).__tsdlKernelSnapshot = snapshot;
  });
  afterAll(() => {
    delete (globalThis as { __tsdlKernelSnapshot?: KernelSnapshot }).__tsdlKernelSnapshot;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('serves unchanged files and their imports from the snapshot, and type-checks with them', () => {
    const cell = file('cell.ts', "import { area } from './api';\nexport const a: number = area({ width: 2 });\nexport const b: string = area({ width: 2 });\n");
    const { program, resolved } = programOver([cell]);
    expect(program.getSourceFile(api)).toBe(snapshot.files.get(api));
    expect(program.getSourceFile(shapes)).toBe(snapshot.files.get(shapes));
    // the cell's own import is resolved as usual; api.d.ts's import comes from the snapshot
    expect(resolved).toEqual(['cell.ts -> ./api']);
    const messages = program.getSemanticDiagnostics(program.getSourceFile(cell)).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(messages).toEqual(["Type 'number' is not assignable to type 'string'."]);
  });

  it('parses a file edited since the snapshot afresh, and counts it as stale', () => {
    const before = { ...snapshotUse() };
    fs.writeFileSync(edited, 'export declare const version: number;\n');
    const cell = file('cell2.ts', "import { version } from './edited';\nexport const v: string = version;\n");
    const { program } = programOver([cell]);
    const sf = program.getSourceFile(edited)!;
    expect(sf).not.toBe(snapshot.files.get(edited));
    expect(sf.text).toContain('number');
    expect(snapshotUse().stale).toBe(before.stale + 1);
    const messages = program.getSemanticDiagnostics(program.getSourceFile(cell)).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(messages).toEqual(["Type 'number' is not assignable to type 'string'."]);
  });

  it('does nothing outside a snapshot', () => {
    const host = ts.createCompilerHost(options);
    const saved = (globalThis as { __tsdlKernelSnapshot?: KernelSnapshot }).__tsdlKernelSnapshot;
    delete (globalThis as { __tsdlKernelSnapshot?: KernelSnapshot }).__tsdlKernelSnapshot;
    try {
      expect(withSnapshotDeclarations(host)).toBe(host);
    } finally {
      (globalThis as { __tsdlKernelSnapshot?: KernelSnapshot }).__tsdlKernelSnapshot = saved;
    }
  });
});

describe('deferredWatchDirectory', () => {
  it('starts the watch later, and never once closed', async () => {
    const started: string[] = [];
    const system = { ...ts.sys, watchDirectory: (d: string) => { started.push(d); return { close: () => undefined }; } } as ts.System;
    const watch = deferredWatchDirectory(system, 20)!;
    watch('/a', () => undefined, true);
    watch('/b', () => undefined, true).close();
    expect(started).toEqual([]);
    await new Promise((r) => setTimeout(r, 60));
    expect(started).toEqual(['/a']);
  });
});

describe('pruneSnapshotsOfMissingCheckouts', () => {
  it('removes the snapshots of deleted checkouts and keeps those of existing ones', () => {
    const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'tsdl-snapshot-prune-'));
    const kept = fs.mkdtempSync(path.join(os.tmpdir(), 'tsdl-checkout-'));
    fs.writeFileSync(path.join(kept, 'package.json'), '{}');
    try {
      const files = { 'aaa.checkout': kept, 'aaa-1.blob': 'x', 'bbb.checkout': path.join(kept, 'gone'), 'bbb-1.blob': 'x', 'bbb-2.blob.failed': 'x' };
      for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(cache, name), text);
      expect(pruneSnapshotsOfMissingCheckouts(cache).sort()).toEqual(['bbb-1.blob', 'bbb-2.blob.failed', 'bbb.checkout']);
      expect(fs.readdirSync(cache).sort()).toEqual(['aaa-1.blob', 'aaa.checkout']);
    } finally {
      fs.rmSync(cache, { recursive: true, force: true });
      fs.rmSync(kept, { recursive: true, force: true });
    }
  });
});
