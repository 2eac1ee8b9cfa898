import { createRequire } from 'module';
import path from 'path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = path.join(__dirname, '..', '..');
const requireFromRoot = createRequire(path.join(root, 'package.json'));

/** Runs `source` compiled as tsc compiles tsdl (CommonJS, esModuleInterop) and returns its exports. */
function runCompiled(source: string): Record<string, unknown> {
  const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, esModuleInterop: true, target: ts.ScriptTarget.ES2022 } }).outputText;
  const exports: Record<string, unknown> = {};
  new Function('exports', 'require', js)(exports, requireFromRoot);
  return exports;
}

describe("TensorFlow.js's bundle marked as an ES module", () => {
  it("makes a compiled namespace import of it the module itself, once tsdl is loaded (before: a copy of getters)", () => {
    const tfjs = requireFromRoot('@tensorflow/tfjs') as Record<string, unknown>;
    const source = "import * as tf from '@tensorflow/tfjs';\nexport const namespace = tf;";
    requireFromRoot('./dist/src/index.js');
    expect(Object.getOwnPropertyDescriptor(tfjs, '__esModule')).toMatchObject({ value: true, enumerable: false });
    const imported = runCompiled(source).namespace as Record<string, unknown>;
    expect(imported).toBe(tfjs);
    expect(imported.tidy).toBe(tfjs.tidy);
    // The same exports as before: nothing added that a listing of them would show.
    expect(Object.keys(tfjs)).not.toContain('__esModule');
  });
});
