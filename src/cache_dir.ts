import { homedir } from 'os';
import { join } from 'path';

/**
 * The folder where tsdl keeps what is costly to make and safe to lose (rendered diagrams, the kernel's start-up
 * snapshot): `$TSDL_CACHE_DIR`, else `$XDG_CACHE_HOME/tsdl`, else `~/.cache/tsdl`. `TSDL_CACHE_DIR=off` turns
 * every disk cache off (then this returns `undefined`).
 *
 * Example: `join(tsdlCacheDir() ?? tmpdir(), 'mermaid')`.
 */
export function tsdlCacheDir(): string | undefined {
  const root = process.env.TSDL_CACHE_DIR;
  if (root === 'off') return undefined;
  return root || join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'tsdl');
}
