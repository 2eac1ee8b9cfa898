import { spawnSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { PROJECT_ROOT } from './prelude';

/** Where to install: the user's Jupyter data dir, Python's sys.prefix, or an explicit prefix. */
export type InstallTarget = { kind: 'user' } | { kind: 'sys-prefix' } | { kind: 'prefix'; dir: string };

export const KERNEL_NAME = 'tsdl';

function userDataDir(): string {
  if (process.env.JUPYTER_DATA_DIR) return process.env.JUPYTER_DATA_DIR;
  if (process.platform === 'darwin') return path.join(os.homedir(), 'Library', 'Jupyter');
  if (process.platform === 'win32') return path.join(process.env.APPDATA ?? os.homedir(), 'jupyter');
  return path.join(process.env.XDG_DATA_HOME || path.join(os.homedir(), '.local', 'share'), 'jupyter');
}

function pythonSysPrefix(): string {
  for (const python of ['python3', '/usr/bin/python3', 'python']) {
    const r = spawnSync(python, ['-c', 'import sys; print(sys.prefix)'], { encoding: 'utf8' });
    if (r.status === 0) return r.stdout.trim();
  }
  throw new Error('--sys-prefix needs Python (python3) on PATH to find sys.prefix; use --user or --prefix DIR instead');
}

/** The directory the kernelspec goes to for a target. */
export function kernelspecDir(target: InstallTarget): string {
  switch (target.kind) {
    case 'user': return path.join(userDataDir(), 'kernels', KERNEL_NAME);
    case 'sys-prefix': return path.join(pythonSysPrefix(), 'share', 'jupyter', 'kernels', KERNEL_NAME);
    case 'prefix': return path.join(path.resolve(target.dir), 'share', 'jupyter', 'kernels', KERNEL_NAME);
  }
}

/** The kernel.json contents: runs this checkout's `bin/tsdl.js kernel` with this Node. */
export function kernelJson(interruptMode: 'message' | 'signal' = 'message'): Record<string, unknown> {
  return {
    argv: [process.execPath, path.join(PROJECT_ROOT, 'bin', 'tsdl.js'), 'kernel', '{connection_file}'],
    display_name: 'TypeScript (tsdl)',
    language: 'typescript',
    interrupt_mode: interruptMode,
    // How the kernel stops a cell's synchronous code (see kernel/sync_stop.ts).
    env: { TSDL_INTERRUPT_MODE: interruptMode },
    metadata: { debugger: false },
  };
}

/** Renders the logo (kernel/logo/logo.svg) to a square PNG of `size` pixels. */
export function renderLogo(size: number): Buffer {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Resvg } = require('@resvg/resvg-js') as typeof import('@resvg/resvg-js');
  const svg = fs.readFileSync(path.join(PROJECT_ROOT, 'kernel', 'logo', 'logo.svg'), 'utf8');
  const resvg = new Resvg(svg, { fitTo: { mode: 'width', value: size }, font: { loadSystemFonts: true } });
  return Buffer.from(resvg.render().asPng());
}

/**
 * Writes the kernelspec `tsdl` (kernel.json, logo-32x32.png, logo-64x64.png, logo-svg.svg) and returns its
 * directory.
 *
 * Example: `installKernelspec({ kind: 'prefix', dir: '/tmp/jp' })` writes `/tmp/jp/share/jupyter/kernels/tsdl`.
 */
export function installKernelspec(target: InstallTarget, interruptMode: 'message' | 'signal' = 'message'): string {
  const dir = kernelspecDir(target);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'kernel.json'), JSON.stringify(kernelJson(interruptMode), null, 2) + '\n');
  fs.copyFileSync(path.join(PROJECT_ROOT, 'kernel', 'logo', 'logo.svg'), path.join(dir, 'logo-svg.svg'));
  for (const size of [32, 64]) fs.writeFileSync(path.join(dir, `logo-${size}x${size}.png`), renderLogo(size));
  return dir;
}

/** Removes the kernelspec; returns the directory removed, or null when it was not installed there. */
export function uninstallKernelspec(target: InstallTarget): string | null {
  const dir = kernelspecDir(target);
  if (!fs.existsSync(path.join(dir, 'kernel.json'))) return null;
  fs.rmSync(dir, { recursive: true, force: true });
  return dir;
}
