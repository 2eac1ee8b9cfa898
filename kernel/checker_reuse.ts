import type * as TS from '@tslab/typescript-for-tslab';

/**
 * One TypeScript type checker for many cells.
 *
 * tslab type-checks every cell in a new program, and TypeScript gives every program a new type checker: it
 * merges all globals again and, once a cell touches `tf`, resolves TensorFlow.js's thousand-odd re-exported
 * names and the `Tensor` class again. That is most of a new cell's latency (a `tf.tensor(...)` cell: ~50 ms).
 * Between two cells, though, only tslab's two virtual files change (the cell and the previous cells'
 * declarations); every declaration file is the very same parsed object. A checker caches what it learns on
 * nodes and symbols, so the previous checker's knowledge of those files is still true, and it can check the new
 * cell as long as the new files cannot change anything it already knows:
 *
 * - the program has the same files (by name) under the same options, and all but those replaced are the
 *   identical objects;
 * - each replaced file is new to this checker, is a module (no globals), augments nothing (no
 *   `declare global`, no `declare module`, no `export as namespace`), and no unchanged file imports it.
 *
 * (The same holds for the one-file programs tslab transpiles each cell's output in.) Then the checker is
 * pointed at the new program (it reaches its program only through `host`) and the
 * diagnostics it kept for the replaced files' names are dropped. Otherwise a new checker is made, as
 * TypeScript would. A checker is used for at most `MAX_USES` programs, so what old cells leave in its caches
 * stays bounded. `TSDL_CHECKER_REUSE=0` turns this off.
 *
 * TypeScript has no hook for this, so `patchTypeScriptSource` adds three small ones to its source text
 * (tslab's TypeScript 5.0 build): programs ask `globalThis[CHECKER_HOOK]` for their checker, and checkers and
 * diagnostic collections can forget a file's diagnostics. (Two more edits save path normalisation, the
 * largest part of what is left of building a cell's program: it is memoised, and skipped where only
 * Node16/NodeNext module resolution would use it.) If the text is not as expected, it is left alone
 * and every program gets its own checker.
 */

/** Where patched TypeScript looks for `checkerFor`. */
export const CHECKER_HOOK = Symbol.for('tsdl.checkerFor');

/** How many programs one checker serves before a fresh one is made. */
export const MAX_USES = 200;

type CreateChecker = (host: TS.Program) => TS.TypeChecker;

/** The edits `patchTypeScriptSource` makes: each `find` must occur exactly once. */
const PATCHES: { find: string; replace: string }[] = [
  {
    // createProgram's getTypeChecker: ask the hook.
    find: 'return typeChecker || (typeChecker = createTypeChecker(program));',
    replace: 'return typeChecker || (typeChecker = globalThis[Symbol.for("tsdl.checkerFor")] ? '
      + 'globalThis[Symbol.for("tsdl.checkerFor")](program, createTypeChecker) : createTypeChecker(program));',
  },
  {
    // createDiagnosticCollection: forgetFile(fileName).
    find: '      getDiagnostics: getDiagnostics2\n    };\n    function lookup(diagnostic) {',
    replace: '      getDiagnostics: getDiagnostics2,\n'
      + '      forgetFile(fileName) { fileDiagnostics.delete(fileName); const i = filesWithDiagnostics.indexOf(fileName); '
      + 'if (i >= 0) filesWithDiagnostics.splice(i, 1); }\n'
      + '    };\n    function lookup(diagnostic) {',
  },
  {
    // createTypeChecker's checker object: tsdlForgetFile(fileName), after adding the diagnostics it deferred
    // (the last program's, which would otherwise land in the next one's file of the same name).
    find: '    const checker = {\n      getNodeCount:',
    replace: '    const checker = {\n'
      + '      tsdlForgetFile: (fileName) => { ensurePendingDiagnosticWorkComplete(); '
      + 'diagnostics.forgetFile(fileName); suggestionDiagnostics.forgetFile(fileName); },\n'
      + '      getNodeCount:',
  },
  {
    // Path normalisation, pure and asked for every file of every new program (a tenth of a cell's time): memoised.
    find: '  function getNormalizedAbsolutePath(fileName, currentDirectory) {\n'
      + '    return getPathFromPathComponents(getNormalizedPathComponents(fileName, currentDirectory));\n  }',
    replace: '  var tsdlNormalizedPaths = new Map();\n'
      + '  function getNormalizedAbsolutePath(fileName, currentDirectory) {\n'
      + '    const key = currentDirectory === void 0 ? fileName : currentDirectory + "\\0" + fileName;\n'
      + '    let normalized = tsdlNormalizedPaths.get(key);\n'
      + '    if (normalized === void 0) {\n'
      + '      if (tsdlNormalizedPaths.size >= 100000) tsdlNormalizedPaths.clear();\n'
      + '      normalized = getPathFromPathComponents(getNormalizedPathComponents(fileName, currentDirectory));\n'
      + '      tsdlNormalizedPaths.set(key, normalized);\n'
      + '    }\n'
      + '    return normalized;\n  }',
  },  {
    // The implied module format of every file of every new program: only Node16/NodeNext resolution reads it,
    // but the path was normalised first for each file anyway (tslab uses Node10).
    find: '      const result = getImpliedNodeFormatForFileWorker(getNormalizedAbsolutePath(fileName, currentDirectory), '
      + 'moduleResolutionCache2 == null ? void 0 : moduleResolutionCache2.getPackageJsonInfoCache(), host2, options2);',
    replace: '      const tsdlResolution = getEmitModuleResolutionKind(options2);\n'
      + '      const result = tsdlResolution !== 3 && tsdlResolution !== 99 ? void 0 : '
      + 'getImpliedNodeFormatForFileWorker(getNormalizedAbsolutePath(fileName, currentDirectory), '
      + 'moduleResolutionCache2 == null ? void 0 : moduleResolutionCache2.getPackageJsonInfoCache(), host2, options2);',
  },
];

/**
 * Whether argument `i` of `signature` can tell anything about the signature's type parameters, judged from its
 * declaration (kept per parameter node and type-parameter names): true unless the parameter at that position
 * has a declared type in which no identifier is one of the type parameters' names and there is no `this` type
 * or `typeof` query (which can reach a parameter of generic type). Signatures without a TypeScript declaration,
 * parameters without a type annotation and positions past the declared ones count as naming them.
 * `TSDL_SKIP_UNUSED_INFERENCE=0` turns the skip off.
 */
const TSDL_PARAMETER_NAMES_TYPE_PARAMETERS = [
  // (createTypeChecker returns before the statements among its functions run: no initialisers there.)
  '    var tsdlNamedTypeParameters;\n',
  '    function tsdlParameterNamesTypeParameters(signature, i) {\n',
  '      if (tsdlNamedTypeParameters === void 0) {\n',
  '        const off = typeof process === "object" && !!process.env && process.env.TSDL_SKIP_UNUSED_INFERENCE === "0";\n',
  '        tsdlNamedTypeParameters = off ? null : new WeakMap();\n',
  '      }\n',
  '      if (tsdlNamedTypeParameters === null) return true;\n',
  '      const declaration = signature.declaration;\n',
  '      const typeParameters = signature.typeParameters;\n',
  '      if (!declaration || !typeParameters || !declaration.parameters || isInJSFile(declaration)) return true;\n',
  '      const params = declaration.parameters;\n',
  '      const first = params.length > 0 && parameterIsThisKeyword(params[0]) ? 1 : 0;\n',
  '      let param = params[first + i];\n',
  '      if (!param) {\n',
  '        const last = params[params.length - 1];\n',
  '        if (!last || params.length <= first || !last.dotDotDotToken) return true;\n',
  '        param = last;\n',
  '      }\n',
  '      if (!param.type) return true;\n',
  '      let key = "";\n',
  '      for (const tp of typeParameters) key += tp.symbol ? tp.symbol.escapedName + "," : "?,";\n',
  '      let known = tsdlNamedTypeParameters.get(param);\n',
  '      if (!known) tsdlNamedTypeParameters.set(param, known = new Map());\n',
  '      let named = known.get(key);\n',
  '      if (named === void 0) {\n',
  '        const names = new Set(typeParameters.map((tp) => tp.symbol && tp.symbol.escapedName));\n',
  '        const visit = (node) => node.kind === 79 /* Identifier */ ? names.has(node.escapedText)\n',
  '          : node.kind === 194 /* ThisType */ || node.kind === 183 /* TypeQuery */ || !!forEachChild(node, visit);\n',
  '        named = typeParameters.some((tp) => !tp.symbol) || visit(param.type);\n',
  '        known.set(key, named);\n',
  '      }\n',
  '      return named;\n',
  '    }\n',
].join('');

/**
 * A program's files replaced in place, for a cell that changed only tslab's two files: the program of the
 * previous cell, with the same options, root files and every other file, serves the next one instead of a new
 * program. TypeScript's `createProgram` with an old program walks all ~970 files several times over to find
 * that only those changed (about a third of converting a new cell); this walks the changed files only.
 *
 * `tsdlPrepareInPlace(host, rootNames, options)` gets the current text of the program's root files from `host`
 * and returns the replacements of those that changed when TypeScript's own reuse would judge the program's structure completely
 * reused: each changed file has the same module format, references, imports, module augmentations and type
 * directives (so every module resolution is the old one) and is not part of a package or a redirect. Otherwise
 * it returns undefined and changes nothing. `tsdlCommitInPlace(replacements)` swaps the files in (taking over
 * their resolutions, as TypeScript does) and drops the program's cached diagnostics; the caller must have
 * seen that no other file changed (see `plain_program.ts`) and settles the checker (`tsdlForgetTypeChecker`).
 */
const IN_PLACE_PROGRAM_UPDATE = [
  '    function tsdlPrepareInPlace(newHost, newRootNames, newOptions) {\n',
  '      if (newOptions !== options || !arrayIsEqualTo(newRootNames, rootNames)) return void 0;\n',
  '      const replacements = [];\n',
  '      for (const fileName of rootNames) {\n',
  '        const path = toPath3(fileName);\n',
  '        const oldFile = filesByName.get(path);\n',
  '        if (!oldFile || oldFile.redirectInfo || redirectTargetsMap.has(path) || sourceFileToPackageName.has(path)) return void 0;\n',
  '        const sourceFileOptions = getCreateSourceFileOptions(oldFile.fileName, moduleResolutionCache, newHost, options);\n',
  '        const newFile = newHost.getSourceFileByPath\n',
  '          ? newHost.getSourceFileByPath(oldFile.fileName, oldFile.resolvedPath, sourceFileOptions, void 0, false)\n',
  '          : newHost.getSourceFile(oldFile.fileName, sourceFileOptions, void 0, false);\n',
  '        if (!newFile || newFile.redirectInfo) return void 0;\n',
  '        if (newFile === oldFile) continue;\n',
  '        if (newFile.impliedNodeFormat !== oldFile.impliedNodeFormat || newFile.hasNoDefaultLib !== oldFile.hasNoDefaultLib\n',
  '          || (newFile.flags & 6291456) !== (oldFile.flags & 6291456)\n',
  '          || !arrayIsEqualTo(oldFile.libReferenceDirectives, newFile.libReferenceDirectives, fileReferenceIsEqualTo)\n',
  '          || !arrayIsEqualTo(oldFile.referencedFiles, newFile.referencedFiles, fileReferenceIsEqualTo)\n',
  '          || !arrayIsEqualTo(oldFile.typeReferenceDirectives, newFile.typeReferenceDirectives, fileReferenceIsEqualTo)) return void 0;\n',
  '        collectExternalModuleReferences(newFile);\n',
  '        if (!arrayIsEqualTo(oldFile.imports, newFile.imports, moduleNameIsEqualTo)\n',
  '          || !arrayIsEqualTo(oldFile.moduleAugmentations, newFile.moduleAugmentations, moduleNameIsEqualTo)\n',
  '          || (oldFile.ambientModuleNames && oldFile.ambientModuleNames.length) || (newFile.ambientModuleNames && newFile.ambientModuleNames.length)) return void 0;\n',
  '        replacements.push({ oldFile, newFile, sourceFileOptions });\n',
  '      }\n',
  '      return replacements;\n',
  '    }\n',
  '    function tsdlCommitInPlace(replacements) {\n',
  '      files = files.slice();\n',
  '      for (const { oldFile, newFile, sourceFileOptions } of replacements) {\n',
  '        newFile.packageJsonLocations = sourceFileOptions.packageJsonLocations && sourceFileOptions.packageJsonLocations.length ? sourceFileOptions.packageJsonLocations : void 0;\n',
  '        newFile.packageJsonScope = sourceFileOptions.packageJsonScope;\n',
  '        newFile.path = oldFile.path;\n',
  '        newFile.originalFileName = oldFile.originalFileName;\n',
  '        newFile.resolvedPath = oldFile.resolvedPath;\n',
  '        newFile.fileName = oldFile.fileName;\n',
  '        newFile.resolvedModules = oldFile.resolvedModules;\n',
  '        newFile.resolvedTypeReferenceDirectiveNames = oldFile.resolvedTypeReferenceDirectiveNames;\n',
  '        files[files.indexOf(oldFile)] = newFile;\n',
  '        filesByName.set(oldFile.path, newFile);\n',
  '        if (filesByNameIgnoreCase) filesByNameIgnoreCase.set(toFileNameLowerCase(oldFile.path), newFile);\n',
  '      }\n',
  '      // Any file\'s diagnostics may have depended on a replaced one (tslab makes the cell a child of the declarations).\n',
  '      cachedBindAndCheckDiagnosticsForFile.perFile = void 0;\n',
  '      cachedBindAndCheckDiagnosticsForFile.allDiagnostics = void 0;\n',
  '      cachedDeclarationDiagnosticsForFile.perFile = void 0;\n',
  '      cachedDeclarationDiagnosticsForFile.allDiagnostics = void 0;\n',
  '      classifiableNames = void 0;\n',
  '    }\n',
].join('');

/**
 * Speed-ups that do not depend on the hooks above (each list all or nothing).
 *
 * The contextual type of an array literal's element: asked for every element of every array literal checked
 * against a parameter type, at least twice per call (while inferring type arguments and while checking the
 * chosen signature), and once more by `isConstContext`. Against a wide union such as tfjs's `TensorLike` (typed
 * arrays, numbers, booleans, strings, nested arrays of each) each answer maps the whole union: a third of
 * type-checking `tf.tensor([[1, 2], [3, 4]])`. The answer is a function of the array's contextual type and the
 * element's index, so the checker keeps it (up to 50,000 answers), except an answer computed while a mapped
 * type's property was being resolved in a cycle (`isCircularMappedProperty`), which can differ later.
 */
const OPTIONAL_PATCHES: { find: string; replace: string }[][] = [
  [
    {
      find: '    function isCircularMappedProperty(symbol) {\n'
        + '      return !!(getCheckFlags(symbol) & 262144 /* Mapped */ && !symbol.links.type && findResolutionCycleStartIndex(symbol, 0 /* Type */) >= 0);\n'
        + '    }\n',
      replace: '    var tsdlSawCircularMappedProperty = false;\n'
        + '    function isCircularMappedProperty(symbol) {\n'
        + '      const circular = !!(getCheckFlags(symbol) & 262144 /* Mapped */ && !symbol.links.type && findResolutionCycleStartIndex(symbol, 0 /* Type */) >= 0);\n'
        + '      if (circular) tsdlSawCircularMappedProperty = true;\n'
        + '      return circular;\n'
        + '    }\n',
    },
    {
      find: '    function getContextualTypeForElementExpression(arrayContextualType, index) {\n',
      replace: '    var tsdlElementTypes;\n'
        + '    function getContextualTypeForElementExpression(arrayContextualType, index) {\n'
        + '      if (!arrayContextualType || !(index >= 0 && index < 4096)) return tsdlElementTypeUncached(arrayContextualType, index);\n'
        + '      const cache = tsdlElementTypes || (tsdlElementTypes = new Map());\n'
        + '      const key = arrayContextualType.id * 4096 + index;\n'
        + '      let type = cache.get(key);\n'
        + '      if (type !== void 0) return type;\n'
        + '      const saw = tsdlSawCircularMappedProperty;\n'
        + '      tsdlSawCircularMappedProperty = false;\n'
        + '      type = tsdlElementTypeUncached(arrayContextualType, index);\n'
        + '      if (type !== void 0 && !tsdlSawCircularMappedProperty) {\n'
        + '        if (cache.size >= 50000) cache.clear();\n'
        + '        cache.set(key, type);\n'
        + '      }\n'
        + '      tsdlSawCircularMappedProperty = saw || tsdlSawCircularMappedProperty;\n'
        + '      return type;\n'
        + '    }\n'
        + '    function tsdlElementTypeUncached(arrayContextualType, index) {\n',
    },
  ],
  [
    {
      // The options every file of every program is created with (languageVersion, implied module format, module
      // indicator): without Node16/NodeNext resolution they do not depend on the file, so one object per compiler
      // options object serves all (asked for each of the ~970 files of each cell's program: a fifth of building it).
      find: '      const languageVersion = getEmitScriptTarget(options2);\n'
        + '      const setExternalModuleIndicator2 = getSetExternalModuleIndicator(options2);\n'
        + '      return typeof result === "object" ? { ...result, languageVersion, setExternalModuleIndicator: setExternalModuleIndicator2 } '
        + ': { languageVersion, impliedNodeFormat: result, setExternalModuleIndicator: setExternalModuleIndicator2 };\n',
      replace: '      const tsdlShared = result === void 0 ? (tsdlFileOptions || (tsdlFileOptions = new WeakMap())).get(options2) : void 0;\n'
        + '      if (tsdlShared) return tsdlShared;\n'
        + '      const languageVersion = getEmitScriptTarget(options2);\n'
        + '      const setExternalModuleIndicator2 = getSetExternalModuleIndicator(options2);\n'
        + '      const tsdlCreated = typeof result === "object" ? { ...result, languageVersion, setExternalModuleIndicator: setExternalModuleIndicator2 } '
        + ': { languageVersion, impliedNodeFormat: result, setExternalModuleIndicator: setExternalModuleIndicator2 };\n'
        + '      if (result === void 0) tsdlFileOptions.set(options2, tsdlCreated);\n'
        + '      return tsdlCreated;\n',
    },
    {
      find: '  function createProgram(rootNamesOrOptions, _options, _host, _oldProgram, _configFileParsingDiagnostics) {\n',
      replace: '  var tsdlFileOptions;\n'
        + '  function createProgram(rootNamesOrOptions, _options, _host, _oldProgram, _configFileParsingDiagnostics) {\n',
    },
  ],
  [
    {
      // Inference from an argument whose parameter's declared type names none of the signature's type
      // parameters: `couldContainTypeVariables` lets it through whenever the type could hold any type variable,
      // and every class type holds its `this` type, so an array literal passed where `Tensor | TensorLike` is
      // declared is inferred from, member by member, against all of Tensor's several hundred methods, to infer
      // nothing (`matMul<T extends Tensor>(b: Tensor | TensorLike)`: T is not in b's type). Skipped when the
      // declaration says so (see `tsdlParameterNamesTypeParameters`); the argument is still checked against
      // the parameter when the signature's applicability is checked, as before.
      find: '          const paramType = getTypeAtPosition(signature, i);\n'
        + '          if (couldContainTypeVariables(paramType)) {\n'
        + '            const argType = checkExpressionWithContextualType(arg, paramType, context, checkMode);\n',
      replace: '          const paramType = getTypeAtPosition(signature, i);\n'
        + '          if (couldContainTypeVariables(paramType) && tsdlParameterNamesTypeParameters(signature, i)) {\n'
        + '            const argType = checkExpressionWithContextualType(arg, paramType, context, checkMode);\n',
    },
    {
      find: '    function getMutableArrayOrTupleType(type) {\n',
      replace: TSDL_PARAMETER_NAMES_TYPE_PARAMETERS + '    function getMutableArrayOrTupleType(type) {\n',
    },
  ],
  [
    {
      // A program whose files a new cell replaces in place (see `IN_PLACE_PROGRAM_UPDATE`).
      find: '      structureIsReused,\n      writeFile: writeFile2\n    };\n    onProgramCreateComplete();\n',
      replace: '      structureIsReused,\n      writeFile: writeFile2,\n'
        + '      tsdlPrepareInPlace,\n      tsdlCommitInPlace,\n      tsdlForgetTypeChecker: () => { typeChecker = void 0; },\n'
        + '    };\n    onProgramCreateComplete();\n',
    },
    {
      find: '    return program;\n    function addResolutionDiagnostics(resolution) {\n',
      replace: '    return program;\n' + IN_PLACE_PROGRAM_UPDATE + '    function addResolutionDiagnostics(resolution) {\n',
    },
  ],
  [
    {
      // Whether the watch's program is up to date: its root files (a cell's two) first, where a change is found at
      // once instead of after the ~970 other files; the answer is the same.
      find: '    if (program.getSourceFiles().some(sourceFileNotUptoDate))\n      return false;\n',
      replace: '    for (const tsdlRoot of rootFileNames) {\n'
        + '      const tsdlFile = program.getSourceFile(tsdlRoot);\n'
        + '      if (tsdlFile && sourceFileNotUptoDate(tsdlFile)) return false;\n'
        + '    }\n'
        + '    if (program.getSourceFiles().some(sourceFileNotUptoDate))\n      return false;\n',
    },
  ],
];

/**
 * TypeScript's source with the hooks above, or `null` when it is not the build they were written for (then
 * the kernel loads it unchanged and checks every cell with a new checker).
 */
export function patchTypeScriptSource(source: string): string | null {
  const patched = applyEdits(source, PATCHES);
  if (patched === null) return null;
  // Each optional speed-up goes in only when all of its own edits apply.
  return OPTIONAL_PATCHES.reduce((text, edits) => applyEdits(text, edits) ?? text, patched);
}

/** `source` with each edit made, in order; null unless every `find` occurs exactly once when its turn comes. */
function applyEdits(source: string, edits: readonly { find: string; replace: string }[]): string | null {
  let text = source;
  for (const { find, replace } of edits) {
    const at = text.indexOf(find);
    if (at < 0 || text.indexOf(find, at + find.length) >= 0) return null;
    text = text.slice(0, at) + replace + text.slice(at + find.length);
  }
  return text;
}

interface ReusableChecker {
  checker: TS.TypeChecker & { tsdlForgetFile?(fileName: string): void };
  /** What the checker's `host` forwards to: the program it currently serves. */
  target: { program: TS.Program };
  /** The files of the program it serves, by name (TypeScript may list them in another order next time). */
  files: Map<string, TS.SourceFile>;
  options: string;
  /** Every file this checker has seen: a file coming back could carry links made in another context. */
  seen: WeakSet<TS.SourceFile>;
  /** Files that must never be replaced: imported or referenced by another file, or part of the globals. */
  pinned: Set<string>;
  uses: number;
}

/** Counts, for tests and `TSDL_TIMING`. */
export const checkerReuseStats = { created: 0, reused: 0 };

/**
 * Installs the hook patched TypeScript calls for a program's checker (idempotent). `ts` is the TypeScript
 * instance the converter uses.
 */
export function installCheckerReuse(ts: typeof TS): void {
  const slots: ReusableChecker[] = [];
  const optionKeys = new WeakMap<TS.CompilerOptions, string>();
  const bindSourceFile = (ts as unknown as { bindSourceFile(sf: TS.SourceFile, o: TS.CompilerOptions): void }).bindSourceFile;

  const optionsKey = (options: TS.CompilerOptions): string => {
    let key = optionKeys.get(options);
    if (key === undefined) {
      try { key = JSON.stringify(options); } catch { key = `unique:${Math.random()}`; }
      optionKeys.set(options, key);
    }
    return key;
  };

  /** Whether checking `file` cannot have changed globals or other modules: see the list above. */
  const isPrivateModule = (file: TS.SourceFile, options: TS.CompilerOptions): boolean => {
    if (!ts.isExternalModule(file)) return false;
    bindSourceFile(file, options);
    const f = file as TS.SourceFile & { moduleAugmentations?: readonly unknown[]; symbol?: { globalExports?: unknown } };
    return !(f.moduleAugmentations && f.moduleAugmentations.length > 0) && !f.symbol?.globalExports;
  };

  const importsOf = (file: TS.SourceFile): string[] => {
    const names: string[] = file.referencedFiles.map((r) => r.fileName);
    const resolved = (file as TS.SourceFile & { resolvedModules?: { forEach(cb: (r: { resolvedModule?: { resolvedFileName: string } }) => void): void } }).resolvedModules;
    resolved?.forEach((r) => { if (r.resolvedModule) names.push(r.resolvedModule.resolvedFileName); });
    return names;
  };

  /**
   * Whether `slot`'s checker can go on serving `program`, whose files are those it knows but `replaced` (new
   * to it); if so, points it there and forgets what it kept for the replaced files' names.
   */
  const adopt = (slot: ReusableChecker, program: TS.Program, replaced: readonly TS.SourceFile[]): boolean => {
    if (slot.uses >= MAX_USES) return false;
    for (const file of replaced) {
      if (!slot.files.has(file.fileName) || slot.seen.has(file) || slot.pinned.has(file.fileName)) return false;
    }
    const compilerOptions = program.getCompilerOptions();
    for (const file of replaced) if (!isPrivateModule(file, compilerOptions)) return false;
    for (const file of replaced) {
      slot.seen.add(file);
      slot.checker.tsdlForgetFile?.(file.fileName);
      for (const name of importsOf(file)) slot.pinned.add(name);
      slot.files.set(file.fileName, file);
    }
    slot.target.program = program;
    slot.uses++;
    return true;
  };

  /** Whether `slot`'s checker can serve `program`; if so, points it there. */
  const takeOver = (slot: ReusableChecker, program: TS.Program, files: readonly TS.SourceFile[], options: string): boolean => {
    if (slot.uses >= MAX_USES || slot.options !== options || files.length !== slot.files.size) return false;
    const replaced: TS.SourceFile[] = [];
    for (const file of files) {
      const old = slot.files.get(file.fileName);
      if (file === old) continue;
      if (!old) return false;
      replaced.push(file);
    }
    return adopt(slot, program, replaced);
  };

  const checkerFor = (program: TS.Program, create: CreateChecker): TS.TypeChecker => {
    if (process.env.TSDL_CHECKER_REUSE === '0') return create(program);
    const files = program.getSourceFiles();
    const options = optionsKey(program.getCompilerOptions());
    for (let i = 0; i < slots.length; i++) {
      if (!takeOver(slots[i], program, files, options)) continue;
      const [slot] = slots.splice(i, 1);
      slots.unshift(slot);
      checkerReuseStats.reused++;
      return slot.checker;
    }
    const target = { program };
    // The checker reads its program only through this object, so it can be pointed at the next one.
    const host = new Proxy(target, {
      get: (t, key) => {
        const value = (t.program as unknown as Record<PropertyKey, unknown>)[key];
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(t.program) : value;
      },
    }) as unknown as TS.Program;
    const checker = create(host);
    checkerReuseStats.created++;
    const compilerOptions = program.getCompilerOptions();
    // A file another file imports has been resolved into that file's symbols, and a file that is not a
    // private module has been merged into the globals: replacing either would leave the checker stale.
    const pinned = new Set<string>();
    for (const file of files) {
      for (const name of importsOf(file)) pinned.add(name);
      if (!isPrivateModule(file, compilerOptions)) pinned.add(file.fileName);
    }
    const seen = new WeakSet<TS.SourceFile>();
    for (const file of files) seen.add(file);
    slots.unshift({ checker, target, files: new Map(files.map((f) => [f.fileName, f])), options, seen, pinned, uses: 0 });
    if (slots.length > 2) slots.pop();
    return checker;
  };

  (globalThis as Record<symbol, unknown>)[CHECKER_HOOK] = checkerFor;

  settleAfterReplacement = (program, replaced) => {
    const index = slots.findIndex((slot) => slot.target.program === program);
    if (index >= 0 && process.env.TSDL_CHECKER_REUSE !== '0' && adopt(slots[index], program, replaced)) {
      checkerReuseStats.reused++;
      return;
    }
    if (index >= 0) slots.splice(index, 1);
    program.tsdlForgetTypeChecker();
  };
}

/** A program that can have files replaced in place (`IN_PLACE_PROGRAM_UPDATE`). */
export interface InPlaceProgram extends TS.Program {
  tsdlPrepareInPlace(host: TS.CompilerHost, rootNames: readonly string[], options: TS.CompilerOptions): InPlaceReplacement[] | undefined;
  tsdlCommitInPlace(replacements: readonly InPlaceReplacement[]): void;
  tsdlForgetTypeChecker(): void;
}

export interface InPlaceReplacement {
  oldFile: TS.SourceFile;
  newFile: TS.SourceFile;
}

let settleAfterReplacement: ((program: InPlaceProgram, replaced: readonly TS.SourceFile[]) => void) | null = null;

/**
 * After `program`'s files `replaced` were swapped in place: the checker serving it goes on doing so when it can
 * (as for a new program, see the list at the top), else the program is told to make or get a new one.
 */
export function settleCheckerAfterReplacement(program: InPlaceProgram, replaced: readonly TS.SourceFile[]): void {
  if (settleAfterReplacement) settleAfterReplacement(program, replaced);
  else program.tsdlForgetTypeChecker();
}
