// Starts Debian's jupyter_server serving the JupyterLab build, in a sandbox:
// a temporary notebook folder, runtime dir, config dir and kernelspec path.
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { freePort } from './free-port';
import { installTsdlKernelspec, KernelspecResult } from './kernelspec';
import { REPO } from './paths';

const SERVER_SCRIPT = path.join(REPO, 'tests', 'e2e', 'lab', 'server.py');

export interface LabServer {
  /** http://127.0.0.1:<port> */
  baseUrl: string;
  /** Folder the file browser shows (copies of the notebooks under test). */
  root: string;
  /** Availability of the tsdl kernel in this server. */
  tsdl: KernelspecResult;
  /** URL that opens a notebook (path relative to root) in JupyterLab. */
  notebookUrl(relativePath: string): string;
  /** Everything the server printed so far. */
  log(): string;
  stop(): Promise<void>;
}

export interface LabServerOptions {
  /** The static build folder from tests/e2e/lab/build.js. */
  staticDir: string;
  /** Files or folders copied into the server's root folder. */
  copy: string[];
  /** Extra environment for the server and the kernels it starts (e.g. TSDL_QUICK=1). */
  env?: Record<string, string>;
}

async function waitForServer(baseUrl: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`jupyter server exited with ${child.exitCode}:\n${log()}`);
    }
    try {
      const response = await fetch(`${baseUrl}/api/status`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise(resolve => setTimeout(resolve, 250));
  }
  throw new Error(`jupyter server did not answer within 60 s:\n${log()}`);
}

export async function startLabServer(options: LabServerOptions): Promise<LabServer> {
  const sandbox = fs.mkdtempSync(path.join(os.tmpdir(), 'tsdl-e2e-'));
  const root = path.join(sandbox, 'notebooks');
  fs.mkdirSync(root);
  for (const item of options.copy) {
    fs.cpSync(item, path.join(root, path.basename(item)), { recursive: true });
  }
  const tsdl = installTsdlKernelspec(path.join(sandbox, 'prefix'));
  const jupyterPath = [tsdl.jupyterPath, process.env.JUPYTER_PATH].filter(Boolean).join(path.delimiter);
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    JUPYTER_PATH: jupyterPath,
    JUPYTER_RUNTIME_DIR: path.join(sandbox, 'runtime'),
    JUPYTER_CONFIG_DIR: path.join(sandbox, 'config'),
    PYDEVD_DISABLE_FILE_VALIDATION: '1',
    ...options.env,
  };
  const child = spawn(
    '/usr/bin/python3',
    [SERVER_SCRIPT, '--static', options.staticDir, '--port', String(port), '--root', root,
      '--state', path.join(sandbox, 'state')],
    { env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', chunk => (output += chunk));
  child.stderr?.on('data', chunk => (output += chunk));
  const log = () => output;
  await waitForServer(baseUrl, child, log);

  return {
    baseUrl,
    root,
    tsdl,
    // ?reset: start from an empty workspace, not the tabs a previous page left open.
    notebookUrl: relativePath => `${baseUrl}/lab/tree/${relativePath.split('/').map(encodeURIComponent).join('/')}?reset`,
    log,
    async stop() {
      if (child.exitCode === null) {
        // /api/shutdown stops the kernels too; SIGTERM is the fallback.
        await fetch(`${baseUrl}/api/shutdown`, { method: 'POST' }).catch(() => undefined);
        const exited = new Promise(resolve => child.once('exit', resolve));
        const term = setTimeout(() => child.kill('SIGTERM'), 5_000);
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(term);
        clearTimeout(timer);
      }
      fs.rmSync(sandbox, { recursive: true, force: true });
    },
  };
}
