import { spawn, spawnSync } from 'child_process';
import fs from 'fs';
import path from 'path';
import { installKernelspec } from './kernelspec';
import { PROJECT_ROOT } from './prelude';

/** The Jupyter front ends we can start, best first. */
const SERVERS = [
  { name: 'JupyterLab', args: ['lab'] },
  { name: 'Jupyter Notebook', args: ['notebook'] },
  { name: 'Jupyter Server', args: ['server'] },
] as const;

function works(cmd: string, args: string[]): boolean {
  const r = spawnSync(cmd, args, { stdio: 'ignore', timeout: 60_000 });
  return r.status === 0;
}

function findServer(): (typeof SERVERS)[number] | null {
  return SERVERS.find((s) => works('jupyter', [...s.args, '--version'])) ?? null;
}

function pythonWithPip(): string | null {
  return ['python3', 'python'].find((py) => works(py, ['-m', 'pip', '--version'])) ?? null;
}

/** Tries pip (when a package index answers), then Debian's apt when root; returns whether Jupyter got installed. */
function installJupyter(): boolean {
  const python = pythonWithPip();
  if (python) {
    console.log('tsdl: no Jupyter server found; installing JupyterLab with pip ...');
    const r = spawnSync(python, ['-m', 'pip', 'install', '--user', 'jupyterlab'], { stdio: 'inherit', timeout: 600_000 });
    if (r.status === 0 && findServer()) return true;
  }
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && fs.existsSync('/etc/debian_version')) {
    console.log('tsdl: installing Debian package jupyter-notebook with apt-get ...');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    spawnSync('apt-get', ['update', '-q'], { stdio: 'inherit', env });
    const r = spawnSync('apt-get', ['install', '-y', '-q', 'jupyter-notebook'], { stdio: 'inherit', env });
    if (r.status === 0 && findServer()) return true;
  }
  return false;
}

/**
 * `npm start`: registers the kernel for this user, then starts JupyterLab (else Notebook, else Jupyter
 * Server) on the course folder on localhost, port `PORT` (default 8888). Installs Jupyter when it can.
 */
export function startJupyter(): void {
  const dir = installKernelspec({ kind: 'user' });
  console.log(`tsdl: kernel "TypeScript (tsdl)" registered in ${dir}`);
  let server = findServer();
  if (!server && installJupyter()) server = findServer();
  if (!server) {
    console.error([
      'tsdl: no Jupyter server is installed and it could not be installed automatically.',
      'Install one of these, then run `npm start` again:',
      '  pip install jupyterlab                       (any system with Python 3 and pip)',
      '  sudo apt-get install jupyter-notebook        (Debian/Ubuntu)',
    ].join('\n'));
    process.exitCode = 1;
    return;
  }
  const port = process.env.PORT || '8888';
  const notebooks = path.join(PROJECT_ROOT, 'notebooks');
  console.log(`tsdl: starting ${server.name} on http://localhost:${port}/ serving ${notebooks}`);
  console.log('tsdl: open the URL with the access token printed below');
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const args = [...server.args, '--ip=127.0.0.1', `--port=${port}`, '--port-retries=0', ...(isRoot ? ['--allow-root'] : [])];
  const child = spawn('jupyter', args, { cwd: notebooks, stdio: 'inherit' });
  const forward = (sig: NodeJS.Signals): void => { child.kill(sig); };
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', (code) => { process.exitCode = code ?? 0; });
}
