import { execFileSync } from 'child_process';
import fs from 'fs';
import path from 'path';
import { describe, expect, it } from 'vitest';
import { claimTermination, createSyncState, enterCellCode, IDLE, leaveCellCode, RUNNING, syncStopMode, TERMINATING } from '../../kernel/sync_stop';

const root = path.join(__dirname, '..', '..');

/** Runs the two-thread scenario of fixtures/sync_stop_child.cjs in its own process (termination is real there). */
function scenario(name: 'late' | 'fail' | 'idle'): { log: string[]; ticks: number; state: number } {
  if (!fs.existsSync(path.join(root, 'dist', 'kernel', 'sync_stop.js'))) throw new Error('run `npm run build` first');
  const out = execFileSync(process.execPath, [path.join(__dirname, 'fixtures', 'sync_stop_child.cjs'), name, root], { timeout: 20_000 });
  return JSON.parse(out.toString()) as { log: string[]; ticks: number; state: number };
}

describe('stopping synchronous cell code without a SIGINT watchdog', () => {
  it('a termination claimed while the cell ran lands in the cell task, even once its code has returned', () => {
    const run = scenario('late');
    expect(run.log).toEqual(['io: claimed']);
    expect(run.ticks).toBe(30);
  });

  it('a claim whose termination fails is released and the cell task goes on', () => {
    const run = scenario('fail');
    expect(run.log.sort()).toEqual(['cell task finished', 'io: claimed']);
    expect(run.ticks).toBe(30);
  });

  it('nothing is claimed or terminated when no cell code runs', () => {
    const run = scenario('idle');
    expect(run.log.sort()).toEqual(['cell task finished', 'io: not claimed']);
    expect(run.ticks).toBe(30);
  });

  it('a runner with a sync state runs cells in their own task: values, errors, awaits', () => {
    const out = execFileSync(process.execPath, [path.join(__dirname, 'fixtures', 'own_task_child.cjs'), root], { timeout: 60_000 });
    expect(out.toString().trim().split('\n').map((l) => JSON.parse(l))).toEqual([
      { status: 'ok', hasValue: true, value: 42 },
      { status: 'error', ename: 'RangeError' },
      { status: 'ok', hasValue: true, value: 14 },
    ]);
  }, 60_000);

  it('keeps the word consistent in one thread', () => {
    const state = createSyncState();
    expect(claimTermination(state)).toBe(false);
    enterCellCode(state);
    expect(Atomics.load(state, 0)).toBe(RUNNING);
    leaveCellCode(state);
    expect(Atomics.load(state, 0)).toBe(IDLE);
    enterCellCode(state);
    expect(claimTermination(state)).toBe(true);
    expect(Atomics.load(state, 0)).toBe(TERMINATING);
    leaveCellCode(state, 10); // nobody terminates: gives up after 10 ms
    expect(Atomics.load(state, 0)).toBe(IDLE);
  });

  it('is chosen by how interrupts arrive: by message or through the launcher, termination; else the watchdog', () => {
    expect(syncStopMode({ TSDL_INTERRUPT_MODE: 'message' })).toBe('terminate');
    expect(syncStopMode({ TSDL_INTERRUPT_MODE: 'signal' })).toBe('sigint');
    expect(syncStopMode({})).toBe('sigint');
    // a snapshot launcher passes SIGINT on through its pipe, to the I/O thread
    expect(syncStopMode({ TSDL_INTERRUPT_MODE: 'signal' }, true)).toBe('terminate');
  });
});
