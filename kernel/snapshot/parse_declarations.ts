import type * as TS from '@tslab/typescript-for-tslab';

/** A declaration file to parse: its text and the parse options the converter's compiler host uses for it. */
export interface DeclarationSource {
  fileName: string;
  text: string;
  languageVersion: TS.ScriptTarget;
  impliedNodeFormat?: TS.ResolutionMode;
}

/** Parsed and bound declaration files, and how each one's imports resolve. */
export interface ParsedDeclarations {
  /** By file name. */
  files: Map<string, TS.SourceFile>;
  /** By file name, then by `resolutionKey(module name, mode)`. */
  resolutions: Map<string, Map<string, TS.ResolvedModuleWithFailedLookupLocations>>;
}

/** The key of one import's resolution: the module name and its resolution mode. */
export function resolutionKey(moduleName: string, mode: TS.ResolutionMode | undefined): string {
  return `${mode ?? ''}|${moduleName}`;
}

/**
 * Parses and binds declaration files as the cell converter's compiler host would, then resolves every file's
 * imports (one program over all of them) and keeps the answers: what the kernel's start-up snapshot holds
 * (see `entry.ts`, `declarations.ts`). TypeScript comes in as an argument because the snapshot entry may only
 * `require` Node's built-in modules and loads this file by itself.
 *
 * Example: `parseDeclarations(ts, [{ fileName, text, languageVersion: ts.ScriptTarget.ES2022 }], options)`.
 */
export function parseDeclarations(ts: typeof TS, sources: readonly DeclarationSource[], options: TS.CompilerOptions): ParsedDeclarations {
  const internals = ts as unknown as {
    bindSourceFile(sf: TS.SourceFile, options: TS.CompilerOptions): void;
    getSetExternalModuleIndicator(options: TS.CompilerOptions): (sf: TS.SourceFile) => void;
  };
  const setExternalModuleIndicator = internals.getSetExternalModuleIndicator(options);
  const files = new Map<string, TS.SourceFile>();
  for (const { fileName, text, languageVersion, impliedNodeFormat } of sources) {
    const sf = ts.createSourceFile(fileName, text, { languageVersion, impliedNodeFormat, setExternalModuleIndicator });
    internals.bindSourceFile(sf, options);
    files.set(fileName, sf);
  }

  const host = ts.createCompilerHost(options);
  const fromDisk = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, parseOptions, onError, shouldCreate) => files.get(fileName) ?? fromDisk(fileName, parseOptions, onError, shouldCreate);
  ts.createProgram({ rootNames: [...files.keys()], options, host });
  type ModeAwareCache = { forEach(cb: (value: TS.ResolvedModuleWithFailedLookupLocations, name: string, mode: TS.ResolutionMode) => void): void };
  const resolutions = new Map<string, Map<string, TS.ResolvedModuleWithFailedLookupLocations>>();
  for (const [fileName, sf] of files) {
    const byName = new Map<string, TS.ResolvedModuleWithFailedLookupLocations>();
    (sf as unknown as { resolvedModules?: ModeAwareCache }).resolvedModules?.forEach((value, name, mode) => byName.set(resolutionKey(name, mode), value));
    resolutions.set(fileName, byName);
  }
  return { files, resolutions };
}
