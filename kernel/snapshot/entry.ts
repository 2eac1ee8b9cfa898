/**
 * The entry script of `node --build-snapshot`, which makes the kernel's start-up snapshot (see `build.ts`).
 *
 * It evaluates the TypeScript compiler the cell converter uses, reads, parses and binds every declaration file
 * listed in the manifest (`$TSDL_SNAPSHOT_MANIFEST`) exactly as the converter's compiler host would, and leaves
 * them on `globalThis.__tsdlKernelSnapshot` for `declarations.ts`. Node then saves the heap. A kernel started with
 * `node --snapshot-blob FILE CONNECTION_FILE` wakes up with all of that in memory and runs `main` below, which
 * registers that TypeScript instance as the module tslab and the kernel load (one instance: the parsed files
 * carry its node and symbol ids), then starts the kernel as `bin/tsdl.js kernel` would.
 *
 * Node only lets a snapshot's entry `require` its built-in modules, so this is a script (no imports) and loads
 * the few CommonJS files it needs itself (`loadCommonJs`).
 */
(() => {
  type TypeScript = typeof import('@tslab/typescript-for-tslab');
  type TextFilter = (fileName: string, text: string | undefined) => string | undefined;
  interface SnapshotManifest {
    projectRoot: string;
    /** The TypeScript module file tslab resolves. */
    typescript: string;
    /** CommonJS files exporting one text filter each, applied in this order (as the converter reads files). */
    textFilters: { file: string; name: string }[];
    compilerOptions: import('@tslab/typescript-for-tslab').CompilerOptions;
    files: { fileName: string; languageVersion: number; impliedNodeFormat?: number }[];
    /** The compiled kernel module (`dist/kernel/index.js`). */
    kernel: string;
    /** The compiled `parse_declarations.ts`. */
    parser: string;
    /** The compiled `checker_reuse.ts`, whose hooks are added to TypeScript's source before it is evaluated. */
    checkerReuse: string;
  }

  const fs = require('fs') as typeof import('fs');
  const path = require('path') as typeof import('path');
  const v8 = require('v8') as typeof import('v8');

  /** Evaluates a CommonJS file whose own `require`s are built-in modules only, edited by `edit` if it can. */
  function loadCommonJs(file: string, edit?: (source: string) => string | null): Record<string, unknown> {
    const module = { exports: {} as Record<string, unknown> };
    const source = fs.readFileSync(file, 'utf8');
    const run = new Function('module', 'exports', 'require', '__filename', '__dirname', edit?.(source) ?? source);
    run(module, module.exports, require, file, path.dirname(file));
    return module.exports;
  }

  const manifestFile = process.env.TSDL_SNAPSHOT_MANIFEST;
  if (!manifestFile) throw new Error('TSDL_SNAPSHOT_MANIFEST is not set: run this through `tsdl snapshot`');
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as SnapshotManifest;
  const { patchTypeScriptSource } = loadCommonJs(manifest.checkerReuse) as unknown as typeof import('../checker_reuse');
  const ts = loadCommonJs(manifest.typescript, patchTypeScriptSource) as unknown as TypeScript;
  const filters = manifest.textFilters.map(({ file, name }) => loadCommonJs(file)[name] as TextFilter);
  const { parseDeclarations } = loadCommonJs(manifest.parser) as unknown as typeof import('./parse_declarations');

  const sources: import('./parse_declarations').DeclarationSource[] = [];
  for (const { fileName, languageVersion, impliedNodeFormat } of manifest.files) {
    let text = ts.sys.readFile(fileName);
    for (const filter of filters) text = filter(fileName, text);
    if (text !== undefined) sources.push({ fileName, text, languageVersion, impliedNodeFormat });
  }
  const { files, resolutions } = parseDeclarations(ts, sources, manifest.compilerOptions);
  (globalThis as Record<string, unknown>).__tsdlKernelSnapshot = { files, resolutions, builtAt: new Date().toISOString() };

  v8.startupSnapshot.setDeserializeMainFunction(() => {
    if (process.env.TSDL_TIMING === '1') process.stderr.write(`tsdl timing: ${performance.now().toFixed(0)} ms snapshot deserialized\n`);
    // Node leaves Error.stackTraceLimit out of user snapshots; without it errors carry no stack at all.
    if (typeof Error.stackTraceLimit !== 'number') Error.stackTraceLimit = 10;
    const Module = require('module') as typeof import('module') & {
      _cache: Record<string, unknown>; _nodeModulePaths(dir: string): string[];
    };
    // Child processes a cell forks inherit execArgv: they must run their own script, not this snapshot.
    const at = process.execArgv.findIndex((a) => a === '--snapshot-blob' || a.startsWith('--snapshot-blob='));
    if (at >= 0) process.execArgv.splice(at, process.execArgv[at].includes('=') ? 1 : 2);

    const tsModule = new Module(manifest.typescript) as InstanceType<typeof Module> & { loaded: boolean };
    tsModule.filename = manifest.typescript;
    tsModule.paths = Module._nodeModulePaths(path.dirname(manifest.typescript));
    tsModule.exports = ts;
    tsModule.loaded = true;
    Module._cache[manifest.typescript] = tsModule;

    // The launcher (launch.ts) passes a pipe: this says on it when the kernel is up; the kernel's I/O thread reads
    // it (interrupts, and its end: the launcher is gone).
    const parentFd = Number(process.env.TSDL_SNAPSHOT_PARENT_FD);
    delete process.env.TSDL_SNAPSHOT_PARENT_FD;
    const launcherFd = Number.isInteger(parentFd) && parentFd > 2 ? parentFd : null;

    /** The I/O thread has made the pipe non-blocking; the launcher reads at once, but a full pipe is retried. */
    const sayStarted = (fd: number, attempt = 0): void => {
      try {
        fs.writeSync(fd, 'started\n');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EAGAIN' && attempt < 100) setTimeout(() => sayStarted(fd, attempt + 1), 10);
      }
    };
    const connectionFile = process.argv[1];
    const kernel = Module.createRequire(path.join(manifest.projectRoot, 'package.json'))(manifest.kernel) as
      { startKernel(connectionFile: string, options?: { launcherFd?: number | null }): Promise<void> };
    kernel.startKernel(connectionFile, { launcherFd }).then(
      () => { if (launcherFd !== null) sayStarted(launcherFd); },
      (e: unknown) => { console.error(e); process.exit(1); },
    );
  });
})();
