import { createHash } from 'crypto';
import fs from 'fs';
import path from 'path';
import { tsdlCacheDir } from '../../src/cache_dir';

/** The checkout this module runs from (dist/kernel/snapshot/../../..). */
export const SNAPSHOT_PROJECT_ROOT = path.resolve(__dirname, '..', '..', '..');

const sha = (text: string): string => createHash('sha256').update(text).digest('hex');

/** The TypeScript module file tslab's converter loads. */
export function converterTypeScriptFile(): string {
  return require.resolve('@tslab/typescript-for-tslab', { paths: [require.resolve('tslab')] });
}

/** The compiled snapshot entry script (`entry.ts`). */
export const SNAPSHOT_ENTRY = path.join(__dirname, 'entry.js');

/**
 * Where this checkout's kernel snapshot lives: `<cache>/kernel/<checkout>-<inputs>.blob`, where `<inputs>`
 * hashes what a snapshot cannot outlive — the Node binary (a snapshot only loads in the Node version that made
 * it), the entry script and the TypeScript build it holds, with the hooks `checker_reuse.ts` adds to it.
 * Declaration files are not part of the name: the kernel checks each one against the disk when it uses it.
 * `undefined` when `TSDL_CACHE_DIR=off`.
 */
export function kernelSnapshotFile(): string | undefined {
  const cache = tsdlCacheDir();
  if (!cache) return undefined;
  let inputs = `${process.version}\n${process.arch}\n${process.execPath}\n`;
  try {
    const tsFile = converterTypeScriptFile();
    const stat = fs.statSync(tsFile);
    inputs += `${tsFile}\n${stat.size}\n${stat.mtimeMs}\n${fs.readFileSync(SNAPSHOT_ENTRY, 'utf8')}`;
    inputs += fs.readFileSync(path.join(__dirname, '..', 'checker_reuse.js'), 'utf8');
  } catch {
    return undefined;
  }
  return path.join(cache, 'kernel', `${checkoutKey()}-${sha(inputs).slice(0, 16)}.blob`);
}

/** The part of snapshot file names that says which checkout they belong to. */
export function checkoutKey(): string {
  return sha(SNAPSHOT_PROJECT_ROOT).slice(0, 12);
}
