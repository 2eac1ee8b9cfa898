import { spawn } from 'child_process';
import fs from 'fs';
import path from 'path';
import type { Duplex } from 'stream';
import { kernelSnapshotFile, SNAPSHOT_PROJECT_ROOT } from './location';
import { mark } from '../timing';
import { allocatorEnv } from '../../src/backend/allocator_env';

/**
 * How `tsdl kernel CONNECTION_FILE` starts: from the start-up snapshot when this checkout has one, else in
 * this process.
 *
 * With a snapshot, this process stays as a thin launcher: it runs `node --snapshot-blob FILE CONNECTION_FILE`
 * as a child in its own process group (so a client's process-group SIGINT reaches the kernel once, through
 * here), forwards SIGTERM / SIGHUP to it, and SIGINT as an `interrupt` line on the pipe once the kernel is up,
 * and exits with its exit code. The child reports on a pipe
 * once its sockets are up and exits by itself when the pipe closes, so killing the launcher never leaves a
 * kernel behind. If the child dies before reporting (a snapshot Node cannot load), the snapshot is set aside
 * (a `.failed` marker stops background rebuilds of it) and the kernel starts here instead. A child that has
 * not reported after `startTimeoutMs` (it normally takes about a second) is killed and the kernel starts here
 * too, without condemning the snapshot: a stall is not proof the snapshot is bad. A child stopped by the client
 * (SIGTERM, SIGHUP) before it reported is not a failed snapshot either: the launcher just exits.
 * `TSDL_SNAPSHOT=0` skips the snapshot. The child gets glibc allocator settings that let large buffers be reused
 * (`src/backend/allocator_env.ts`).
 *
 * `command` is the child's command line, for tests (default: this Node with the snapshot).
 */
export function launchKernel(connectionFile: string, startInProcess: () => void,
  { startTimeoutMs = SNAPSHOT_START_TIMEOUT_MS, command }: { startTimeoutMs?: number; command?: string[] } = {}): void {
  const blob = process.env.TSDL_SNAPSHOT === '0' ? undefined : kernelSnapshotFile();
  if (!blob || !fs.existsSync(blob)) {
    startInProcess();
    return;
  }
  const [file, ...args] = command ?? [process.execPath, '--snapshot-blob', blob, connectionFile];
  const child = spawn(file, args, {
    stdio: ['inherit', 'inherit', 'inherit', 'pipe'],
    env: { ...process.env, ...allocatorEnv(), TSDL_SNAPSHOT_PARENT_FD: '3' },
    detached: true,
  });
  mark(`launcher: snapshot kernel spawned (pid ${child.pid})`);
  let started = false;
  let stopping = false;
  let stalled = false;
  const stallTimer = setTimeout(() => {
    stalled = true;
    mark('launcher: snapshot kernel stalled, killing it');
    try { process.kill(-child.pid!, 'SIGKILL'); } catch { child.kill('SIGKILL'); }
  }, startTimeoutMs);
  const channel = child.stdio[3] as Duplex;
  channel.on('data', (chunk: Buffer) => {
    if (!chunk.toString().includes('started')) return;
    started = true;
    mark('launcher: snapshot kernel reported');
    clearTimeout(stallTimer);
  });
  channel.on('error', () => undefined);
  const forward = (signal: NodeJS.Signals) => () => {
    // A started kernel takes an interrupt through the pipe, in its I/O thread (see sync_stop.ts): no signal,
    // so no SIGINT watchdog and none of its races.
    if (signal === 'SIGINT' && started) {
      channel.write('interrupt\n');
      return;
    }
    if (signal !== 'SIGINT') stopping = true;
    child.kill(signal);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, forward(signal));
  child.on('exit', (code, signal) => {
    clearTimeout(stallTimer);
    if (started) process.exit(code ?? (signal ? 1 : 0));
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.removeAllListeners(signal);
    if (stopping && !stalled) {
      process.exit(0);
      return;
    }
    if (stalled) {
      process.stderr.write(`tsdl: the kernel snapshot ${blob} did not start within ${startTimeoutMs / 1000} s; starting without it\n`);
    } else {
      process.stderr.write(`tsdl: the kernel snapshot ${blob} did not start (exit ${code ?? signal}); starting without it\n`);
      try {
        fs.rmSync(blob, { force: true });
        fs.writeFileSync(`${blob}.failed`, `exit ${code ?? signal} at ${new Date().toISOString()}\n`);
      } catch { /* read-only cache */ }
    }
    startInProcess();
  });
}

/** How long a snapshot kernel may take to report that its sockets are up (it takes about a second). */
export const SNAPSHOT_START_TIMEOUT_MS = 20_000;

/**
 * Starts `tsdl snapshot` in the background (low priority, detached) unless one is running or
 * `TSDL_SNAPSHOT=0`: a kernel that started without a usable snapshot calls this so the next start is fast.
 */
export function buildSnapshotInBackground(): void {
  const blob = process.env.TSDL_SNAPSHOT === '0' ? undefined : kernelSnapshotFile();
  // A snapshot made from the same inputs failed to load once: it would again (`tsdl snapshot` retries).
  if (!blob || fs.existsSync(`${blob}.failed`)) return;
  try {
    const child = spawn(process.execPath, [path.join(SNAPSHOT_PROJECT_ROOT, 'bin', 'tsdl.js'), 'snapshot', '--background'], {
      detached: true, stdio: 'ignore', cwd: SNAPSHOT_PROJECT_ROOT,
    });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // only the next start's speed is lost
  }
}
