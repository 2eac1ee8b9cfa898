// Installs the tsdl kernelspec into a temporary Jupyter data folder.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { REPO } from './paths';

export interface KernelspecResult {
  /** Folder to put first on JUPYTER_PATH, or null when the kernel is unavailable. */
  jupyterPath: string | null;
  /** Why the tsdl kernel is unavailable (for skipped tests). */
  reason: string | null;
}

/** Runs `node bin/tsdl.js install --prefix <prefix>` and checks the kernelspec it wrote. */
export function installTsdlKernelspec(prefix: string): KernelspecResult {
  // A Jupyter data folder that already holds kernels/tsdl (e.g. to test another build of the kernel).
  const given = process.env.TSDL_E2E_JUPYTER_PATH;
  if (given) {
    return fs.existsSync(path.join(given, 'kernels', 'tsdl', 'kernel.json'))
      ? { jupyterPath: given, reason: null }
      : { jupyterPath: null, reason: `TSDL_E2E_JUPYTER_PATH=${given} has no kernels/tsdl/kernel.json` };
  }
  const cli = path.join(REPO, 'bin', 'tsdl.js');
  if (!fs.existsSync(cli)) {
    return { jupyterPath: null, reason: 'the tsdl kernel is not there yet (bin/tsdl.js missing)' };
  }
  try {
    execFileSync('node', [cli, 'install', '--prefix', prefix], {
      cwd: REPO,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 120_000,
    });
  } catch (error) {
    const err = error as { stderr?: Buffer; message: string };
    const detail = err.stderr?.toString().trim().split('\n').slice(-3).join(' | ') || err.message;
    return { jupyterPath: null, reason: `\`tsdl install --prefix\` failed: ${detail}` };
  }
  const dataDir = path.join(prefix, 'share', 'jupyter');
  const spec = path.join(dataDir, 'kernels', 'tsdl', 'kernel.json');
  if (!fs.existsSync(spec)) {
    return { jupyterPath: null, reason: `\`tsdl install --prefix\` wrote no ${path.relative(prefix, spec)}` };
  }
  return { jupyterPath: dataDir, reason: null };
}
