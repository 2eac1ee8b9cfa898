import fs from 'fs';
import Module from 'module';
import path from 'path';
import type * as TS from '@tslab/typescript-for-tslab';
import { installCheckerReuse, patchTypeScriptSource } from './checker_reuse';
import { keepFactoriesUnoptimized } from './v8_tiering';

/**
 * Loads the TypeScript build tslab's converter uses, with the checker-reuse hooks (`checker_reuse.ts`), into
 * Node's module cache before anything else requires it, and installs the hook. Imported for its effect,
 * first, by the modules that use the converter. When TypeScript is already loaded (the start-up snapshot
 * registers its own patched instance, or a caller loaded it first) that instance is kept.
 */
function loadConverterTypeScript(): typeof TS {
  const file = require.resolve('@tslab/typescript-for-tslab', { paths: [require.resolve('tslab')] });
  const cache = (Module as unknown as { _cache: Record<string, NodeModule | undefined> })._cache;
  const loaded = cache[file];
  if (loaded) return loaded.exports as typeof TS;
  const patched = process.env.TSDL_CHECKER_REUSE === '0' ? null : patchTypeScriptSource(fs.readFileSync(file, 'utf8'));
  if (patched === null) return require(file) as typeof TS;
  const mod = new Module(file, module) as Module & { _compile(code: string, filename: string): void; loaded: boolean };
  mod.filename = file;
  mod.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(path.dirname(file));
  mod._compile(patched, file);
  mod.loaded = true;
  cache[file] = mod as unknown as NodeModule;
  return mod.exports as typeof TS;
}

const typescript = loadConverterTypeScript();
installCheckerReuse(typescript);
keepFactoriesUnoptimized(typescript);
