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
    /** TypeScript checked once while building (the prelude and a tensor cell). */
    warmup: string;
  }

  const fs = require('fs') as typeof import('fs');
  const path = require('path') as typeof import('path');
  const v8 = require('v8') as typeof import('v8');

  /** Evaluates a CommonJS file whose own `require`s are built-in modules only. */
  function loadCommonJs(file: string): Record<string, unknown> {
    const module = { exports: {} as Record<string, unknown> };
    const run = new Function('module', 'exports', 'require', '__filename', '__dirname', fs.readFileSync(file, 'utf8'));
    run(module, module.exports, require, file, path.dirname(file));
    return module.exports;
  }

  const manifestFile = process.env.TSDL_SNAPSHOT_MANIFEST;
  if (!manifestFile) throw new Error('TSDL_SNAPSHOT_MANIFEST is not set: run this through `tsdl snapshot`');
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as SnapshotManifest;
  const ts = loadCommonJs(manifest.typescript) as unknown as TypeScript;
  const filters = manifest.textFilters.map(({ file, name }) => loadCommonJs(file)[name] as TextFilter);
  const bind = (ts as unknown as { bindSourceFile(sf: import('@tslab/typescript-for-tslab').SourceFile, o: object): void }).bindSourceFile;
  const externalModuleIndicator = (ts as unknown as { getSetExternalModuleIndicator(o: object): (sf: object) => void })
    .getSetExternalModuleIndicator(manifest.compilerOptions);

  const files = new Map<string, import('@tslab/typescript-for-tslab').SourceFile>();
  for (const { fileName, languageVersion, impliedNodeFormat } of manifest.files) {
    let text = ts.sys.readFile(fileName);
    for (const filter of filters) text = filter(fileName, text);
    if (text === undefined) continue;
    const sf = ts.createSourceFile(fileName, text, {
      languageVersion, impliedNodeFormat: impliedNodeFormat as never, setExternalModuleIndicator: externalModuleIndicator as never,
    });
    bind(sf, manifest.compilerOptions);
    files.set(fileName, sf);
  }
  // Resolve every file's imports once, as a program over all of them does, and keep the answers: module
  // resolution is most of what is left of a program's creation once its files are parsed.
  const host = ts.createCompilerHost(manifest.compilerOptions);
  const readFromDisk = host.getSourceFile.bind(host);
  const warmup = path.join(manifest.projectRoot, '__tsdl_snapshot_warmup__.ts');
  host.getSourceFile = (fileName, options, onError, shouldCreate) => fileName === warmup
    ? ts.createSourceFile(fileName, manifest.warmup, options)
    : files.get(fileName) ?? readFromDisk(fileName, options, onError, shouldCreate);
  const program = ts.createProgram({ rootNames: [...files.keys(), warmup], options: manifest.compilerOptions, host });
  // Type-check and emit the prelude once, so that the compiler code a kernel runs first is compiled already
  // (the snapshot keeps it); what the checker learns about types is thrown away with it.
  const warm = program.getSourceFile(warmup);
  program.getSemanticDiagnostics(warm);
  program.emit(warm, () => undefined);
  type ModeAwareCache = { forEach(cb: (value: unknown, key: string, mode: unknown) => void): void };
  const resolutions = new Map<string, Map<string, unknown>>();
  for (const [fileName, sf] of files) {
    const byName = new Map<string, unknown>();
    (sf as unknown as { resolvedModules?: ModeAwareCache }).resolvedModules?.forEach((value, key, mode) => byName.set(`${mode ?? ''}|${key}`, value));
    resolutions.set(fileName, byName);
  }

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

    // The launcher (launch.ts) passes a pipe: say when the kernel is up, and stop when the launcher is gone,
    // as abruptly as the launcher went (a normal exit would tear down the I/O thread's open sockets mid-use).
    const exit = (code: number): never => { if (code === 0) process.kill(process.pid, 'SIGKILL'); return process.exit(code); };
    const parentFd = Number(process.env.TSDL_SNAPSHOT_PARENT_FD);
    delete process.env.TSDL_SNAPSHOT_PARENT_FD;
    const net = require('net') as typeof import('net');
    const parent = Number.isInteger(parentFd) && parentFd > 2 ? new net.Socket({ fd: parentFd, readable: true, writable: true }) : null;
    parent?.on('close', () => exit(0));
    parent?.on('error', () => exit(0));
    parent?.resume();

    const connectionFile = process.argv[1];
    const kernel = Module.createRequire(path.join(manifest.projectRoot, 'package.json'))(manifest.kernel) as
      { startKernel(connectionFile: string): Promise<void> };
    kernel.startKernel(connectionFile).then(
      () => parent?.write('started\n'),
      (e: unknown) => { console.error(e); exit(1); },
    );
  });
})();
