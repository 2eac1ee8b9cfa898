#!/usr/bin/env node
'use strict';
// The tsdl command: install/uninstall the Jupyter kernelspec, run the kernel, or start Jupyter.
const path = require('path');
const fs = require('fs');

const USAGE = `usage:
  tsdl install [--user | --sys-prefix | --prefix DIR] [--interrupt-mode message|signal]
  tsdl uninstall [--user | --sys-prefix | --prefix DIR]
  tsdl kernel CONNECTION_FILE
  tsdl snapshot         make the kernel's start-up snapshot (npm install does; TSDL_SNAPSHOT=0 disables it)
  tsdl start            register the kernel and start Jupyter on notebooks/ (PORT, default 8888)`;

/** The built kernel module's path; exits with a clear message when the checkout has not been built. */
function builtKernelEntry() {
  const entry = path.join(__dirname, '..', 'dist', 'kernel', 'index.js');
  if (!fs.existsSync(entry)) {
    console.error(`tsdl: ${entry} is missing; build first with \`npm install\` (or \`npm run build\`).`);
    process.exit(1);
  }
  return entry;
}

function loadKernel() {
  return require(builtKernelEntry());
}

function loadSnapshotModule(name) {
  return require(path.join(__dirname, '..', 'dist', 'kernel', 'snapshot', `${name}.js`));
}

function startKernelHere(connectionFile) {
  loadKernel().startKernel(connectionFile).catch((e) => { console.error(e); process.exit(1); });
}

async function snapshot(args) {
  const background = args.includes('--background');
  if (background) {
    try { require('os').setPriority(10); } catch { /* keep the priority */ }
  }
  try {
    const made = await loadSnapshotModule('build').buildKernelSnapshot();
    if (!background) {
      console.log(made
        ? `tsdl: kernel snapshot ${made.file} (${made.declarations} declaration files, ${(made.bytes / 1e6).toFixed(0)} MB) in ${made.seconds.toFixed(1)} s`
        : 'tsdl: another process is making the kernel snapshot');
    }
  } catch (e) {
    // The kernel works without a snapshot (it only starts slower), so this never fails an install.
    if (!background) console.error(`tsdl: no kernel snapshot: ${e.message}`);
  }
  process.exit(0);
}

function parseTarget(args) {
  let target = { kind: 'user' };
  let interruptMode = 'message';
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--user') target = { kind: 'user' };
    else if (a === '--sys-prefix') target = { kind: 'sys-prefix' };
    else if (a === '--prefix' || a.startsWith('--prefix=')) {
      const dir = a.includes('=') ? a.slice(a.indexOf('=') + 1) : args[++i];
      if (!dir) throw new Error('--prefix needs a directory');
      target = { kind: 'prefix', dir };
    } else if (a === '--interrupt-mode' || a.startsWith('--interrupt-mode=')) {
      interruptMode = a.includes('=') ? a.slice(a.indexOf('=') + 1) : args[++i];
      if (interruptMode !== 'message' && interruptMode !== 'signal') throw new Error('--interrupt-mode is message or signal');
    } else throw new Error(`unknown option ${a}`);
  }
  return { target, interruptMode };
}

function main(argv) {
  const [command, ...args] = argv;
  try {
    switch (command) {
      case 'install': {
        const { target, interruptMode } = parseTarget(args);
        const dir = loadKernel().installKernelspec(target, interruptMode);
        console.log(`tsdl: installed kernelspec "tsdl" in ${dir}`);
        return;
      }
      case 'uninstall': {
        const dir = loadKernel().uninstallKernelspec(parseTarget(args).target);
        console.log(dir ? `tsdl: removed ${dir}` : 'tsdl: kernelspec "tsdl" was not installed there');
        return;
      }
      case 'kernel':
        if (args.length !== 1) throw new Error('kernel needs exactly one argument, the connection file');
        builtKernelEntry(); // fail early and clearly when dist/ is missing, before any snapshot is tried
        loadSnapshotModule('launch').launchKernel(args[0], () => startKernelHere(args[0]));
        return;
      case 'snapshot':
        void snapshot(args);
        return;
      case 'start':
        loadKernel().startJupyter();
        return;
      default:
        console.error(USAGE);
        process.exitCode = command === undefined || command === '--help' || command === '-h' ? 0 : 2;
    }
  } catch (e) {
    console.error(`tsdl: ${e.message}`);
    process.exitCode = 2;
  }
}

main(process.argv.slice(2));
