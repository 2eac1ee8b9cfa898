import { spawnSync } from 'child_process';
import fs from 'fs';
import path from 'path';
import { CellRunner } from '../cell_runner';
import { latestPlainProgram } from '../plain_program';
import { preludeSource, PROJECT_ROOT } from '../prelude';
import { checkoutKey, converterTypeScriptFile, kernelSnapshotFile, SNAPSHOT_ENTRY } from './location';

/** What `buildKernelSnapshot` made. */
export interface SnapshotBuildResult {
  file: string;
  /** Declaration files parsed and bound into it. */
  declarations: number;
  bytes: number;
  seconds: number;
}

/** The cell converted after the prelude while building, as a user's first cell would be. */
const SAMPLE_CELL = 'tf.tensor([1, 2]).add(1)';

/** A build younger than this holding the lock is left alone; an older lock is taken as abandoned. */
const LOCK_STALE_MS = 10 * 60 * 1000;

/**
 * Makes the kernel's start-up snapshot for this checkout (see `entry.ts` and `launch.ts`): converts the
 * prelude and a tensor cell once, as a kernel does, to learn which declaration files cells see and how they
 * are parsed; then has `node --build-snapshot` parse and bind those files and save the heap. About 10 s and
 * 60 MB. Returns `null` when another process is building it right now.
 *
 * Example: `tsdl snapshot` (also run by `npm install`); a kernel started without one builds it in the
 * background for the next start.
 */
export async function buildKernelSnapshot(): Promise<SnapshotBuildResult | null> {
  const started = Date.now();
  const file = kernelSnapshotFile();
  if (!file) throw new Error('the disk cache is off (TSDL_CACHE_DIR=off), so there is nowhere to keep a kernel snapshot');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const lock = `${file}.lock`;
  if (!takeLock(lock)) return null;
  const manifestFile = `${file}.${process.pid}.json`;
  const partial = `${file}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(manifestFile, JSON.stringify(await manifest()));
    const run = spawnSync(process.execPath, ['--snapshot-blob', partial, '--build-snapshot', SNAPSHOT_ENTRY], {
      env: { ...process.env, TSDL_SNAPSHOT_MANIFEST: manifestFile }, encoding: 'utf8', cwd: PROJECT_ROOT,
    });
    if (run.status !== 0 || !fs.existsSync(partial)) {
      throw new Error(`node --build-snapshot failed (exit ${run.status}${run.signal ? `, ${run.signal}` : ''}): ${(run.stderr || run.error?.message || '').trim().slice(-2000)}`);
    }
    fs.renameSync(partial, file);
    fs.rmSync(`${file}.failed`, { force: true });
    removeOtherSnapshots(file);
    fs.writeFileSync(path.join(path.dirname(file), `${checkoutKey()}.checkout`), PROJECT_ROOT);
    pruneSnapshotsOfMissingCheckouts(path.dirname(file));
    const declarations = (JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as { files: unknown[] }).files.length;
    return { file, declarations, bytes: fs.statSync(file).size, seconds: (Date.now() - started) / 1000 };
  } finally {
    for (const f of [manifestFile, partial, lock]) fs.rmSync(f, { force: true });
  }
}

/** Creates the lock file, or takes over one abandoned by a build that died. */
function takeLock(lock: string): boolean {
  try {
    fs.writeFileSync(lock, String(process.pid), { flag: 'wx' });
    return true;
  } catch {
    try {
      if (Date.now() - fs.statSync(lock).mtimeMs < LOCK_STALE_MS) return false;
      fs.writeFileSync(lock, String(process.pid));
      return true;
    } catch {
      return false;
    }
  }
}

/** Removes the files of the cache folder `dir` whose names `doomed` picks; returns their names. */
function removeFiles(dir: string, doomed: (name: string) => boolean): string[] {
  const names = fs.readdirSync(dir).filter(doomed);
  for (const name of names) fs.rmSync(path.join(dir, name), { force: true });
  return names;
}

/** Snapshots of this checkout made for another Node or TypeScript build: never loaded again. */
function removeOtherSnapshots(keep: string): void {
  removeFiles(path.dirname(keep), (name) => name.startsWith(`${checkoutKey()}-`) && !name.startsWith(path.basename(keep)));
}

/**
 * Removes the snapshots of checkouts that no longer exist (each checkout leaves `<key>.checkout` naming its
 * folder beside its snapshot), so deleted clones do not leave 60 MB each in the cache. Returns what it removed.
 */
export function pruneSnapshotsOfMissingCheckouts(dir: string): string[] {
  const removed: string[] = [];
  for (const marker of fs.readdirSync(dir).filter((n) => n.endsWith('.checkout'))) {
    let checkout = '';
    try { checkout = fs.readFileSync(path.join(dir, marker), 'utf8').trim(); } catch { continue; }
    if (checkout && fs.existsSync(path.join(checkout, 'package.json'))) continue;
    const key = marker.slice(0, -'.checkout'.length);
    removed.push(...removeFiles(dir, (name) => name.startsWith(`${key}-`) || name === marker));
  }
  return removed;
}

/** Which files cells see and how they are parsed, learnt by converting the prelude and a tensor cell. */
async function manifest(): Promise<Record<string, unknown>> {
  const notebooks = path.join(PROJECT_ROOT, 'notebooks');
  const runner = new CellRunner(fs.existsSync(notebooks) ? notebooks : PROJECT_ROOT);
  try {
    for (const [name, source] of [['prelude', preludeSource()], ['sample', SAMPLE_CELL]]) {
      const outcome = await runner.run(source, name);
      if (outcome.status === 'error') throw new Error(`the ${name} cell failed: ${outcome.error.evalue}`);
    }
  } finally {
    runner.close();
  }
  const program = latestPlainProgram();
  if (!program) throw new Error('no program was created while converting the prelude');
  const files = program.getSourceFiles()
    .filter((sf) => sf.isDeclarationFile && fs.existsSync(sf.fileName))
    .map((sf) => ({ fileName: sf.fileName, languageVersion: sf.languageVersion, impliedNodeFormat: sf.impliedNodeFormat }));
  return {
    projectRoot: PROJECT_ROOT,
    typescript: converterTypeScriptFile(),
    textFilters: [
      { file: require.resolve('../node_api_docs'), name: 'withoutNodeApiDocs' },
      { file: require.resolve('../variance_hints'), name: 'withVarianceHints' },
    ],
    compilerOptions: program.getCompilerOptions(),
    files,
    kernel: require.resolve('../index'),
    parser: require.resolve('./parse_declarations'),
    checkerReuse: require.resolve('../checker_reuse'),
  };
}
