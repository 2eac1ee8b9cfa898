import fs from 'fs';
import Module from 'module';
import path from 'path';
import * as ts from '@tslab/typescript-for-tslab';
import { settleCheckerAfterReplacement, type InPlaceProgram } from './checker_reuse';
import { withSnapshotDeclarations } from './snapshot/declarations';
import { mark, now } from './timing';

/**
 * Speeds up tslab's converter. tslab's watch program wraps every compiled cell in an
 * EmitAndSemanticDiagnosticsBuilderProgram, whose bookkeeping walks every file of the program (all of
 * lib, @types/node, TensorFlow.js and the library declarations) on each cell: hundreds of milliseconds per
 * cell. We never use incremental emit, so the watch host creates plain programs instead (still reusing the
 * previous program's parsed files), behind the small builder surface tslab uses. Type-checking is unchanged.
 * Global types are limited to Node's (`withGlobalTypes`) and files are bound only when tslab asks for them.
 */

/** The subset of a builder program that tslab's converter and the watch program call. */
function plainBuilder(program: ts.Program, emitCommonJs: boolean): ts.EmitAndSemanticDiagnosticsBuilderProgram {
  // tslab reads `sourceFile.locals`, which the binder fills in. Binding only the files asked for (instead of
  // creating the type checker, which binds every file and merges all globals) keeps the first of the two
  // programs tslab builds for a cell that declares variables cheap: it is only asked for the cell's names.
  const bound = (sf: ts.SourceFile | undefined): ts.SourceFile | undefined => {
    if (sf && !(sf as { locals?: unknown }).locals) bindSourceFile(sf, program.getCompilerOptions());
    return sf;
  };
  const surface = {
    getProgram: () => program,
    getProgramOrUndefined: () => program,
    releaseProgram: () => undefined,
    getCompilerOptions: () => program.getCompilerOptions(),
    getSourceFile: (name: string) => bound(program.getSourceFile(name)),
    getSourceFiles: () => program.getSourceFiles(),
    getOptionsDiagnostics: (ct?: ts.CancellationToken) => program.getOptionsDiagnostics(ct),
    getGlobalDiagnostics: (ct?: ts.CancellationToken) => program.getGlobalDiagnostics(ct),
    getConfigFileParsingDiagnostics: () => program.getConfigFileParsingDiagnostics(),
    getSyntacticDiagnostics: (sf?: ts.SourceFile, ct?: ts.CancellationToken) => program.getSyntacticDiagnostics(sf, ct),
    getDeclarationDiagnostics: (sf?: ts.SourceFile, ct?: ts.CancellationToken) => program.getDeclarationDiagnostics(sf, ct),
    getSemanticDiagnostics: (sf?: ts.SourceFile, ct?: ts.CancellationToken) => program.getSemanticDiagnostics(sf, ct),
    emit: (sf?: ts.SourceFile, write?: ts.WriteFileCallback, ct?: ts.CancellationToken, dtsOnly?: boolean, tr?: ts.CustomTransformers) =>
      emitCommonJs ? emitAsCommonJs(program, () => program.emit(sf, write, ct, dtsOnly, tr)) : program.emit(sf, write, ct, dtsOnly, tr),
    getCurrentDirectory: () => program.getCurrentDirectory(),
    /** Source files (not declarations, not packages) a cell may depend on: tslab compiles those it imports. */
    getAllDependencies: (sf: ts.SourceFile) => [
      sf.fileName,
      ...program.getSourceFiles()
        .filter((f) => f !== sf && !f.isDeclarationFile && !/[/\\]node_modules[/\\]/.test(f.fileName))
        .map((f) => f.fileName),
    ],
  };
  return surface as unknown as ts.EmitAndSemanticDiagnosticsBuilderProgram;
}

/**
 * Runs `emit` with the program's module kind set to CommonJS. tslab type-checks cells as ES modules (top-level
 * `await` needs that) and then converted each emitted ES module to CommonJS with `ts.transpileModule`: a second
 * program with its own type-check of the output, about a fifth of a new cell's time. The emitter reads the
 * module kind when it emits, and the type-check is done by then, so the same program can emit CommonJS
 * directly: the same module transform, on the checked tree instead of on re-parsed output.
 */
function emitAsCommonJs(program: ts.Program, emit: () => ts.EmitResult): ts.EmitResult {
  const options = program.getCompilerOptions();
  const moduleKind = options.module;
  options.module = ts.ModuleKind.CommonJS;
  try {
    return emit();
  } finally {
    options.module = moduleKind;
  }
}

/**
 * tslab's `after` transformer for a cell emitted straight to CommonJS (see `emitAsCommonJs`): every file gets
 * tslab's renaming of earlier cells' names to `exports.name` (`wrapPrevIdentifier`), and the cell, when its last
 * statement is an expression, gets that statement as `exports.<name> = expression`, the value the kernel shows.
 * The module transform has run before it, so the statements it added (`exports.x = x;` after a declaration,
 * `Object.defineProperty(exports, …)`) and those made from the `export {…}` line tslab appends are passed over.
 * The cell's `Object.defineProperty(exports, "__esModule", { value: true })` is left out: the kernel's `exports`
 * ignores it, and printing, compiling and running it was a part of every new cell's time.
 */
export function lastExpressionToExports(tsModule: typeof ts, cellFileName: string, wrapPrevIdentifier: (node: ts.Node) => ts.Node,
  createLastExprVar: () => string, setLastExprName: (name: string) => void): ts.Transformer<ts.SourceFile> {
  const context = tsModule.getNullTransformationContext();
  const f = tsModule.factory;
  return (file) => {
    const visited = tsModule.visitEachChild(file, wrapPrevIdentifier, context);
    if (visited.fileName !== cellFileName) return visited;
    const node = f.updateSourceFile(visited, visited.statements.filter((stmt) => !isEsModuleMarker(tsModule, stmt)));
    for (let i = node.statements.length - 1; i >= 0; i--) {
      const stmt = node.statements[i];
      const source = tsModule.getParseTreeNode(stmt);
      if (!source || tsModule.findAncestor(source, tsModule.isExportDeclaration)) continue;
      if (!tsModule.isExpressionStatement(source) || !tsModule.isExpressionStatement(stmt)) break;
      const name = createLastExprVar();
      const assign = f.createExpressionStatement(
        f.createAssignment(f.createPropertyAccessExpression(f.createIdentifier('exports'), name), stmt.expression));
      setLastExprName(name);
      return f.updateSourceFile(node, [...node.statements.slice(0, i), assign, ...node.statements.slice(i + 1)]);
    }
    return node;
  };
}

/** Whether `stmt` is the module transform's `Object.defineProperty(exports, "__esModule", { value: true });`. */
function isEsModuleMarker(tsModule: typeof ts, stmt: ts.Statement): boolean {
  if (tsModule.getParseTreeNode(stmt) || !tsModule.isExpressionStatement(stmt) || !tsModule.isCallExpression(stmt.expression)) return false;
  const { expression: callee, arguments: args } = stmt.expression;
  return tsModule.isPropertyAccessExpression(callee) && tsModule.isIdentifier(callee.expression) && callee.expression.text === 'Object'
    && callee.name.text === 'defineProperty' && args.length === 3 && tsModule.isIdentifier(args[0]) && args[0].text === 'exports'
    && tsModule.isStringLiteral(args[1]) && args[1].text === '__esModule';
}

/**
 * Global type packages cells see without importing: only Node's (`process`, `Buffer`, `require`, `import fs from
 * 'fs'`, ...). Without a `types` option TypeScript would also load every other package under node_modules/@types
 * (here some 40 d3 packages, chai, emscripten, ...): about a sixth of all declarations parsed at start, and more
 * global symbols to merge for every cell. Packages a cell imports still get their types from @types.
 * `TSDL_ALL_TYPES=1` restores TypeScript's default.
 */
function withGlobalTypes(options: ts.CompilerOptions): ts.CompilerOptions {
  if (options.types || process.env.TSDL_ALL_TYPES === '1') return options;
  let limited = limitedOptions.get(options);
  if (!limited) limitedOptions.set(options, limited = { ...options, types: ['node'] });
  return limited;
}

/** One options object per options object given (the same options must stay the same object between cells). */
const limitedOptions = new WeakMap<ts.CompilerOptions, ts.CompilerOptions>();

/** The binder, which the TypeScript build tslab uses exports though its typings do not declare it. */
const bindSourceFile = (ts as unknown as { bindSourceFile(sf: ts.SourceFile, options: ts.CompilerOptions): void }).bindSourceFile;

/**
 * Whether a file other than tslab's own two may have changed since the last program was built: set by the
 * converter's file and directory watchers (`trackingChanges`), one per converter.
 */
export interface ChangeTracker {
  outside: boolean;
}

export function newChangeTracker(): ChangeTracker {
  return { outside: true };
}

/**
 * `watch` (a system's `watchFile` or `watchDirectory`) with callbacks that mark `changes`, except for the files
 * in `ownFiles` (tslab's cell and declarations, which tslab itself reports through the callbacks it keeps).
 */
export function trackingChanges<W extends (path: string, callback: (...args: never[]) => void, ...rest: never[]) => ts.FileWatcher>(
  changes: ChangeTracker, watch: W | undefined, ownFiles: ReadonlySet<string> = new Set()): W | undefined {
  if (!watch) return watch;
  return ((path: string, callback: (...args: never[]) => void, ...rest: never[]) => watch(path,
    ownFiles.has(path) ? callback : (...args: never[]) => { changes.outside = true; callback(...args); }, ...rest)) as W;
}

/** Programs whose every file but the root files is a declaration file (the only ones updated in place). */
const onlyDeclarationsBesideRoots = new WeakSet<ts.Program>();

/**
 * Updates `old` in place for the next cell when only tslab's root files changed (TypeScript would find its
 * structure completely reused): no watcher fired since it was built, the same root files and options, no other
 * source files, every root file replaced, and the replaced files' imports and references unchanged
 * (see `IN_PLACE_PROGRAM_UPDATE` in `checker_reuse.ts`). Returns whether it did. `TSDL_IN_PLACE_PROGRAM=0`
 * turns it off.
 */
function updateInPlace(old: ts.Program, changes: ChangeTracker, rootNames: readonly string[], options: ts.CompilerOptions,
  host: ts.CompilerHost | undefined, projectReferences: readonly ts.ProjectReference[] | undefined): boolean {
  const program = old as InPlaceProgram;
  if (!host || changes.outside || typeof program.tsdlPrepareInPlace !== 'function' || projectReferences?.length
    || !onlyDeclarationsBesideRoots.has(old) || process.env.TSDL_IN_PLACE_PROGRAM === '0') return false;
  const replacements = program.tsdlPrepareInPlace(host, rootNames, options);
  // Every root file but a declaration file new: tslab re-reads the cell for every cell, and makes it a child of
  // the declarations file, so a cell file kept while the declarations changed would keep what was checked
  // against the old ones. The declarations file is kept while its text is the same (`kept_declarations.ts`).
  const replaced = new Set(replacements?.map((r) => r.oldFile.fileName));
  if (!replacements || replacements.length === 0 || !rootNames.every((name) => replaced.has(name) || name.endsWith('.d.ts'))) return false;
  program.tsdlCommitInPlace(replacements);
  settleCheckerAfterReplacement(program, replacements.map((r) => r.newFile));
  return true;
}

/**
 * A `createProgram` for tslab's watch compiler host (matches `ts.CreateProgram`): a plain program reusing the
 * previous one's files, or the previous one with the cell's files replaced (`updateInPlace`). With
 * `emitCommonJs`, for a converter changed to take CommonJS output (see `loadFastConverterModule`), it emits
 * cells as CommonJS (`emitAsCommonJs`). `changes` is the converter's tracker.
 */
function plainProgramCreator(emitCommonJs: boolean, changes: ChangeTracker) {
  return (rootNames: readonly string[] | undefined, options: ts.CompilerOptions | undefined, host?: ts.CompilerHost,
    oldBuilder?: ts.BuilderProgram, configDiagnostics?: readonly ts.Diagnostic[],
    projectReferences?: readonly ts.ProjectReference[]): ts.EmitAndSemanticDiagnosticsBuilderProgram => {
    if (!rootNames && oldBuilder) return oldBuilder as ts.EmitAndSemanticDiagnosticsBuilderProgram;
    const started = now();
    const effectiveOptions = withGlobalTypes(options ?? {});
    const wrappedHost = host && withSnapshotDeclarations(host);
    const oldProgram = (oldBuilder as unknown as { getProgramOrUndefined(): ts.Program | undefined } | undefined)?.getProgramOrUndefined();
    if (oldProgram && rootNames && updateInPlace(oldProgram, changes, rootNames, effectiveOptions, wrappedHost, projectReferences)) {
      latest = oldProgram;
      mark(`program of ${oldProgram.getSourceFiles().length} files updated in place`, started);
      return plainBuilder(oldProgram, emitCommonJs);
    }
    changes.outside = false;
    const program = ts.createProgram({
      rootNames: rootNames ?? [],
      options: effectiveOptions,
      host: wrappedHost,
      oldProgram,
      configFileParsingDiagnostics: configDiagnostics,
      projectReferences,
    });
    latest = program;
    const roots = new Set(program.getRootFileNames());
    if (program.getSourceFiles().every((f) => f.isDeclarationFile || roots.has(f.fileName))) onlyDeclarationsBesideRoots.add(program);
    mark(`program of ${program.getSourceFiles().length} files created`, started);
    return plainBuilder(program, emitCommonJs);
  };
}

/** The `createProgram` of one converter (`changes`: its tracker), plain (tslab's ES module emit) or emitting CommonJS. */
export const createPlainProgram = (changes: ChangeTracker = newChangeTracker()) => plainProgramCreator(false, changes);
export const createPlainProgramEmittingCommonJs = (changes: ChangeTracker = newChangeTracker()) => plainProgramCreator(true, changes);

let latest: ts.Program | undefined;

/** The program of the last cell converted in this process (what the start-up snapshot is made from). */
export function latestPlainProgram(): ts.Program | undefined {
  return latest;
}

/**
 * The names a cell declares at its top level (what tslab exports to later cells), from the cell's own
 * text: parsed and bound alone, as the program would bind it. tslab learns them by building a whole
 * program of the cell first and then a second one with the `export {…}` line; with this, a cell that
 * declares something builds one program instead of two.
 */
export function topLevelNames(tsModule: typeof ts, fileName: string, text: string, options: ts.CompilerOptions): string[] {
  const file = tsModule.createSourceFile(fileName, text, options.target ?? tsModule.ScriptTarget.ES2020, true);
  (tsModule as unknown as { bindSourceFile(sf: ts.SourceFile, options: ts.CompilerOptions): void }).bindSourceFile(file, options);
  const locals = (file as unknown as { locals?: Map<string, unknown> }).locals;
  return locals ? Array.from(locals.keys()) : [];
}

/**
 * tslab's `createConverter`, loaded from tslab's own file with these changes: its watch compiler host is
 * given `createPlainProgram` instead of the default builder program; declaration files are read through
 * `withoutNodeApiDocs` and `withVarianceHints`; directories are watched a little later
 * (`deferredWatchDirectory`); a cell's declared names come from `topLevelNames` instead of a first program;
 * cells are emitted as CommonJS in one step (`emitAsCommonJs`, `lastExpressionToExports`); the declarations of
 * earlier cells stay parsed while their text is the same (`kept_declarations.ts`).
 * (The TypeScript module's exports are read-only, so the changes are made in tslab's code.)
 */
export function loadFastConverterModule(): typeof import('tslab/dist/converter') {
  const filename = require.resolve('tslab/dist/converter');
  const source = fs.readFileSync(filename, 'utf8');
  const hook = '}, sys, null, function (d) {';
  const read = 'return ts.sys.readFile(forwardTslabPath(cwd, path), encoding);';
  const system = 'const sys = Object.create(ts.sys);';
  const watchHost = '    const host = ts.createWatchCompilerHost(Array.from(rootFiles), {';
  // Declarations kept parsed while their text is the same (`kept_declarations.ts`).
  const notifyDeclarations = '        notifyUpdateDecls(declFilename, ts.FileWatcherEventKind.Changed);';
  const setDeclarations = '        const oldBuilder = builder;\n        declContent = decls;';
  const remaining = '        declOutput += remainingDecls(builder.getProgram().getTypeChecker(), srcFile, declsFile);';
  const locals = [
    '        updateContent(prevDecl, src);',
    '        let declsFile = builder.getSourceFile(declFilename);',
    '        let srcFile = builder.getSourceFile(srcFilename);',
    '        const locals = srcFile.locals;',
  ].join('\n');
  if (![hook, read, system, watchHost, locals, notifyDeclarations, setDeclarations, remaining].every((text) => source.split(text).length === 2)) {
    return require(filename) as typeof import('tslab/dist/converter');
  }
  const toCommonJs = [
    ['esModuleToCommonJSModule(data, transpileTarget)', 'data'],
    ['esModuleToCommonJSModule(output, transpileTarget)', 'output'],
    ['        function after() {\n',
      `        function after() { return require(${JSON.stringify(__filename)}).lastExpressionToExports(ts, srcFilename, wrapPrevIdentifier, createLastExprVar, setLastExprName); }\n        function tslabAfter() {\n`],
  ];
  // Cells are emitted as CommonJS in one step (TSDL_ONE_STEP_EMIT=0: tslab's two) when all three edits apply.
  const emitCommonJs = process.env.TSDL_ONE_STEP_EMIT !== '0' && toCommonJs.every(([from]) => source.split(from).length === 2);
  let edited = source;
  if (emitCommonJs) for (const [from, to] of toCommonJs) edited = edited.replace(from, to);
  const creator = emitCommonJs ? 'createPlainProgramEmittingCommonJs' : 'createPlainProgram';
  const patched = `const __tsdlPlain = require(${JSON.stringify(__filename)});\n`
    + `const __tsdlHints = require(${JSON.stringify(require.resolve('./variance_hints'))}).withVarianceHints;\n`
    + `const __tsdlNodeDocs = require(${JSON.stringify(require.resolve('./node_api_docs'))}).withoutNodeApiDocs;\n`
    + `const __tsdlDecls = require(${JSON.stringify(require.resolve('./kept_declarations'))});\n`
    + edited.replace(hook, `}, sys, __tsdlPlain.${creator}(__tsdlChanges), function (d) {`)
      .replace(system, `${system} sys.watchDirectory = __tsdlPlain.deferredWatchDirectory(ts.sys); const __tsdlChanges = __tsdlPlain.newChangeTracker();`)
      .replace(watchHost, 'sys.watchFile = __tsdlPlain.trackingChanges(__tsdlChanges, sys.watchFile, rootFiles);\n'
        + '    sys.watchDirectory = __tsdlPlain.trackingChanges(__tsdlChanges, sys.watchDirectory, rootFiles);\n' + watchHost)
      .replace(read, 'return __tsdlHints(path, __tsdlNodeDocs(path, ts.sys.readFile(forwardTslabPath(cwd, path), encoding)));')
      .replace(setDeclarations, '        const oldBuilder = builder;\n        const __tsdlDeclsChanged = __tsdlDecls.declarationsChanged(declContent, decls);\n'
        + '        declContent = decls;')
      .replace(notifyDeclarations, `        if (__tsdlDeclsChanged) ${notifyDeclarations.trimStart()}`)
      .replace(remaining, '        declOutput += __tsdlDecls.remainingDeclarations(remainingDecls, builder.getProgram().getTypeChecker(), srcFile, declsFile);')
      .replace(locals, [
        `        const __names = require(${JSON.stringify(__filename)}).topLevelNames(ts, srcFilename, srcPrefix + src, builder.getProgram().getCompilerOptions());`,
        '        updateContent(prevDecl, __names.length > 0 ? src + "\\nexport {" + __names.join(", ") + "}" : src);',
        '        let declsFile = builder.getSourceFile(declFilename);',
        '        let srcFile = builder.getSourceFile(srcFilename);',
        '        const locals = null;',
      ].join('\n'));
  const mod = new Module(filename + '#tsdl', module) as Module & { _compile(code: string, filename: string): void };
  mod.filename = filename;
  mod.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(path.dirname(filename));
  mod._compile(patched, filename);
  return mod.exports as typeof import('tslab/dist/converter');
}

/** How long after a directory watch is asked for it starts. */
const DIRECTORY_WATCH_DELAY_MS = 3000;

/**
 * `system.watchDirectory`, started a few seconds late. The compiler watches the folders where imports were
 * looked up (node_modules trees), so that a package installed while the kernel runs is found by the next
 * cell. On Linux, TypeScript watches a folder recursively by listing its whole tree and watching every
 * subfolder: a few hundred milliseconds at every kernel start, spent before the first cell can run. Deferred,
 * that work happens while the user reads the first output instead; a change in those first seconds is missed.
 */
export function deferredWatchDirectory(system: ts.System, delayMs = DIRECTORY_WATCH_DELAY_MS): ts.System['watchDirectory'] {
  return (directory, callback, recursive, options) => {
    let watcher: ts.FileWatcher | undefined;
    let closed = false;
    const timer = setTimeout(() => {
      if (!closed) watcher = system.watchDirectory?.(directory, callback, recursive, options);
    }, delayMs);
    timer.unref();
    return {
      close: () => {
        closed = true;
        clearTimeout(timer);
        watcher?.close();
      },
    };
  };
}
