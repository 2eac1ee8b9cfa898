import * as ts from '@tslab/typescript-for-tslab';
import { resolutionKey, type ParsedDeclarations } from './parse_declarations';

/**
 * Declaration files parsed and bound ahead of time, handed to the cell type-checker.
 *
 * Parsing and binding the declarations a cell sees (TypeScript's lib, @types/node, TensorFlow.js, tsdl: about
 * 960 files, 3 MB of text) is most of a kernel start. The kernel's start-up snapshot (`snapshot/entry.ts`)
 * holds those files already parsed and bound, in the same TypeScript instance the converter uses, and puts
 * them on `globalThis.__tsdlKernelSnapshot`. Programs then take a file from there instead of parsing it,
 * once its text is found identical to what the compiler host reads now (so an edited or rebuilt declaration
 * is parsed afresh, never served stale). Outside a snapshot this does nothing.
 */
export interface KernelSnapshot extends ParsedDeclarations {
  /** When the snapshot was made, for diagnostics. */
  builtAt: string;
}

/** How the snapshot's files have served this process so far. */
export interface SnapshotUse {
  /** Files taken from the snapshot. */
  used: number;
  /** Files the snapshot has whose text changed since it was built (parsed afresh). */
  stale: number;
}

const use: SnapshotUse = { used: 0, stale: 0 };
/** Files already compared with the disk: the snapshot's file, or null when it is stale. */
const checked = new Map<string, ts.SourceFile | null>();

function kernelSnapshot(): KernelSnapshot | undefined {
  return (globalThis as { __tsdlKernelSnapshot?: KernelSnapshot }).__tsdlKernelSnapshot;
}

/** Whether this process was started from a kernel snapshot. */
export function runningFromSnapshot(): boolean {
  return kernelSnapshot() !== undefined;
}

/** Counts of snapshot files used and found stale in this process. */
export function snapshotUse(): Readonly<SnapshotUse> {
  return use;
}

function sameParseOptions(sf: ts.SourceFile, options: ts.ScriptTarget | ts.CreateSourceFileOptions): boolean {
  if (typeof options !== 'object') return sf.languageVersion === options;
  return sf.languageVersion === options.languageVersion && sf.impliedNodeFormat === options.impliedNodeFormat;
}

/** The snapshot's file `fileName` if its text is what `readFile` reads now (compared once per process). */
function currentSnapshotFile(fileName: string, readFile: (fileName: string) => string | undefined): ts.SourceFile | undefined {
  const sf = kernelSnapshot()?.files.get(fileName);
  if (!sf) return undefined;
  let verdict = checked.get(fileName);
  if (verdict === undefined) {
    verdict = readFile(fileName) === sf.text ? sf : null;
    checked.set(fileName, verdict);
    if (verdict) use.used++; else use.stale++;
  }
  return verdict ?? undefined;
}

/**
 * The snapshot's parsed file `fileName` when it can stand for what `readFile` reads now with these parse
 * options; `undefined` otherwise (the caller parses as usual).
 */
export function snapshotSourceFile(fileName: string, options: ts.ScriptTarget | ts.CreateSourceFileOptions,
  readFile: (fileName: string) => string | undefined): ts.SourceFile | undefined {
  const sf = currentSnapshotFile(fileName, readFile);
  return sf && sameParseOptions(sf, options) ? sf : undefined;
}

/**
 * How the imports `literals` of the snapshot file `containing` resolve, from the snapshot: only when the file
 * and every file they resolve to are unchanged, and each resolved then; `undefined` otherwise (the caller
 * resolves as usual).
 */
export function snapshotResolutions(literals: readonly ts.StringLiteralLike[], containing: ts.SourceFile,
  readFile: (fileName: string) => string | undefined): ts.ResolvedModuleWithFailedLookupLocations[] | undefined {
  const byName = kernelSnapshot()?.resolutions.get(containing.fileName);
  if (!byName || currentSnapshotFile(containing.fileName, readFile) !== containing) return undefined;
  const answers: ts.ResolvedModuleWithFailedLookupLocations[] = [];
  for (const literal of literals) {
    const answer = byName.get(resolutionKey(literal.text, ts.getModeForUsageLocation(containing, literal)));
    const target = answer?.resolvedModule?.resolvedFileName;
    if (!answer || !target || !currentSnapshotFile(target, readFile)) return undefined;
    answers.push(answer);
  }
  return answers;
}

/**
 * `host` answering from the kernel snapshot for the declaration files it holds (when running from one);
 * `host` itself otherwise.
 */
export function withSnapshotDeclarations(host: ts.CompilerHost): ts.CompilerHost {
  if (!kernelSnapshot()) return host;
  const read = (fileName: string): string | undefined => host.readFile(fileName);
  const wrapped: ts.CompilerHost = Object.create(host);
  wrapped.getSourceFile = (fileName, options, onError, shouldCreate) =>
    (!shouldCreate && snapshotSourceFile(fileName, options, read)) || host.getSourceFile(fileName, options, onError, shouldCreate);
  if (host.getSourceFileByPath) {
    const byPath = host.getSourceFileByPath.bind(host);
    wrapped.getSourceFileByPath = (fileName, filePath, options, onError, shouldCreate) =>
      (!shouldCreate && snapshotSourceFile(fileName, options, read)) || byPath(fileName, filePath, options, onError, shouldCreate);
  }
  if (host.resolveModuleNameLiterals) {
    const resolve = host.resolveModuleNameLiterals.bind(host);
    wrapped.resolveModuleNameLiterals = (literals, containingFile, redirected, options, containing, reused) =>
      snapshotResolutions(literals, containing, read) ?? resolve(literals, containingFile, redirected, options, containing, reused);
  }
  return wrapped;
}
