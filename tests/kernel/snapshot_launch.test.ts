import { execFileSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { afterEach, describe, expect, it } from 'vitest';
import type * as Launch from '../../kernel/snapshot/launch';
import type * as Location from '../../kernel/snapshot/location';

// The compiled launcher (`npm test` builds it first): the snapshot's location hashes the compiled entry script.
const dist = path.join(__dirname, '..', '..', 'dist', 'kernel', 'snapshot');
if (!fs.existsSync(path.join(dist, 'launch.js'))) throw new Error(`${dist} is missing: run \`npm run build\` first`);
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { launchKernel } = require(path.join(dist, 'launch.js')) as typeof Launch;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { kernelSnapshotFile } = require(path.join(dist, 'location.js')) as typeof Location;

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
const savedListeners = SIGNALS.map((s) => process.listeners(s));
const realExit = process.exit;

/** A snapshot file where the launcher looks for one (its contents never load: the tests replace the child). */
function fakeSnapshot(): string {
  process.env.TSDL_CACHE_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'tsdl-launch-'));
  const blob = kernelSnapshotFile()!;
  fs.mkdirSync(path.dirname(blob), { recursive: true });
  fs.writeFileSync(blob, 'a snapshot');
  return blob;
}

/** A child that never reports its sockets up, as a stuck snapshot kernel would not; `marker` finds it. */
const marker = `tsdl-stalled-kernel-${process.pid}`;
const STALLING = [process.execPath, '-e', `setInterval(() => {}, 1000); // ${marker}`];
const stalledChildren = (): string => {
  try { return execFileSync('pgrep', ['-f', marker], { encoding: 'utf8' }).trim(); } catch { return ''; }
};

afterEach(() => {
  delete process.env.TSDL_CACHE_DIR;
  process.exit = realExit;
  // the launcher takes over these signals; give the test runner its own back
  SIGNALS.forEach((s, i) => { process.removeAllListeners(s); savedListeners[i].forEach((l) => process.on(s, l as () => void)); });
});

describe('kernel launcher', () => {
  it('starts the kernel in its own process when the snapshot kernel stalls, and keeps the snapshot', async () => {
    const blob = fakeSnapshot();
    const started = await new Promise<number>((resolve) => {
      const t0 = Date.now();
      launchKernel('connection.json', () => resolve(Date.now() - t0), { startTimeoutMs: 500, command: STALLING });
    });
    expect(started).toBeGreaterThanOrEqual(500);
    expect(started).toBeLessThan(10_000);
    // a stall is not a broken snapshot: no `.failed` marker, the file stays for the next start
    expect(fs.existsSync(blob)).toBe(true);
    expect(fs.existsSync(`${blob}.failed`)).toBe(false);
    // and the stalled child is gone
    await new Promise((r) => setTimeout(r, 200));
    expect(stalledChildren()).toBe('');
  });

  it('exits, without blaming the snapshot, when the client stops the kernel before it reported', async () => {
    const blob = fakeSnapshot();
    let inProcess = false;
    const exited = new Promise<number | undefined>((resolve) => {
      process.exit = ((code?: number) => { resolve(code); }) as typeof process.exit;
    });
    launchKernel('connection.json', () => { inProcess = true; }, { startTimeoutMs: 30_000, command: STALLING });
    await new Promise((r) => setTimeout(r, 300));
    process.emit('SIGTERM');
    expect(await exited).toBe(0);
    expect(inProcess).toBe(false);
    expect(fs.existsSync(blob)).toBe(true);
    expect(fs.existsSync(`${blob}.failed`)).toBe(false);
  });
  it('starts the kernel with the allocator settings that let large buffers be reused, unless the user tuned them', async () => {
    for (const [userEnv, expected] of [
      [{}, 'MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=67108864'],
      [{ MALLOC_TRIM_THRESHOLD_: '1000' }, 'MALLOC_MMAP_THRESHOLD_=undefined MALLOC_TRIM_THRESHOLD_=1000'],
    ] as [Record<string, string>, string][]) {
      fakeSnapshot();
      const out = path.join(process.env.TSDL_CACHE_DIR!, 'env.log');
      const child = `const fs = require('fs');
        fs.writeFileSync(${JSON.stringify(out)}, ['MALLOC_MMAP_THRESHOLD_', 'MALLOC_TRIM_THRESHOLD_'].map((k) => k + '=' + process.env[k]).join(' '));
        new (require('net').Socket)({ fd: 3, readable: true, writable: true }).write('started\\n');
        setInterval(() => {}, 1000);`;
      const exited = new Promise<number | undefined>((resolve) => {
        process.exit = ((code?: number) => { resolve(code); }) as typeof process.exit;
      });
      Object.assign(process.env, userEnv);
      try {
        launchKernel('connection.json', () => undefined, { startTimeoutMs: 30_000, command: [process.execPath, '-e', child] });
      } finally {
        for (const k of Object.keys(userEnv)) delete process.env[k];
      }
      for (let i = 0; i < 100 && !fs.existsSync(out); i++) await new Promise((r) => setTimeout(r, 50));
      expect(fs.readFileSync(out, 'utf8')).toBe(expected);
      process.emit('SIGTERM');
      await exited;
      SIGNALS.forEach((s) => process.removeAllListeners(s));
    }
  });

  it('passes a SIGINT on to a started kernel as a line on its pipe, not as a signal', async () => {
    fakeSnapshot();
    const out = path.join(process.env.TSDL_CACHE_DIR!, 'child.log');
    // A kernel that reports itself up and logs what reaches it: pipe lines and signals.
    const child = `const net = require('net'); const fs = require('fs');
      const pipe = new net.Socket({ fd: 3, readable: true, writable: true });
      process.on('SIGINT', () => fs.appendFileSync(${JSON.stringify(out)}, 'signal\\n'));
      pipe.on('data', (d) => fs.appendFileSync(${JSON.stringify(out)}, d));
      pipe.write('started\\n');
      setInterval(() => {}, 1000);`;
    const exited = new Promise<number | undefined>((resolve) => {
      process.exit = ((code?: number) => { resolve(code); }) as typeof process.exit;
    });
    launchKernel('connection.json', () => undefined, { startTimeoutMs: 30_000, command: [process.execPath, '-e', child] });
    await new Promise((r) => setTimeout(r, 800));
    process.emit('SIGINT');
    await new Promise((r) => setTimeout(r, 300));
    expect(fs.readFileSync(out, 'utf8')).toBe('interrupt\n');
    process.emit('SIGTERM');
    await exited;
  });
});
