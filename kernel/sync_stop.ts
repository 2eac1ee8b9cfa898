/**
 * Stopping a cell's synchronous code without Node's SIGINT watchdog.
 *
 * `vm.runInThisContext(code, { breakOnSigint: true })` starts and joins a watchdog thread on every call. Right
 * after a type-check, while V8's background threads are busy, the join waits for a CPU: in-process, `1 + i`
 * cells took 6.8 ms with it and 3.5 ms without (one core); through the kernel, where the I/O thread and the
 * client wait for the same CPU, the median new cell gained 0–0.5 ms. A kernel whose clients interrupt by message
 * (the kernelspec's default) needs no signal: its I/O thread stops the code itself with V8's `terminateExecution`.
 *
 * Termination unwinds every JavaScript frame of the task it lands in, kernel frames included, so the main
 * thread runs a cell's synchronous part in a task of its own (see `CellRunner`) and the two threads agree
 * through one shared word on when termination may land:
 * - the main thread sets RUNNING just before the cell's code and swaps it back to IDLE right after;
 * - the I/O thread may terminate only after swapping RUNNING for TERMINATING;
 * - if the main thread finds TERMINATING when it leaves the cell's code, termination is on its way: it waits
 *   for it in that same task (`awaitTermination`), so it never lands in the kernel's own code.
 */

export const IDLE = 0;
export const RUNNING = 1;
export const TERMINATING = 2;

/** The shared word (one Int32), made by the main thread and handed to the I/O thread. */
export function createSyncState(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
}

/** Main thread: the cell's synchronous code starts. */
export function enterCellCode(state: Int32Array): void {
  Atomics.store(state, 0, RUNNING);
}

/**
 * Main thread: the cell's synchronous code has returned or thrown. When the I/O thread has already claimed the
 * right to terminate it, waits (spinning, in the cell's task) for the termination, which ends this task; gives
 * up after `maxWaitMs` (the I/O thread resets the word if it could not terminate).
 */
export function leaveCellCode(state: Int32Array, maxWaitMs = 5000): void {
  if (Atomics.compareExchange(state, 0, RUNNING, IDLE) === RUNNING) return;
  awaitTermination(state, maxWaitMs);
}

function awaitTermination(state: Int32Array, maxWaitMs: number): void {
  const deadline = performance.now() + maxWaitMs;
  // V8 checks for termination at this loop's back edge.
  while (Atomics.load(state, 0) === TERMINATING && performance.now() < deadline) { /* termination lands here */ }
  Atomics.store(state, 0, IDLE);
}

/** I/O thread: claims the right to terminate the cell's synchronous code; false when none is running. */
export function claimTermination(state: Int32Array): boolean {
  return Atomics.compareExchange(state, 0, RUNNING, TERMINATING) === RUNNING;
}

/** I/O thread: termination could not be requested; lets the main thread go on. */
export function releaseTermination(state: Int32Array): void {
  Atomics.compareExchange(state, 0, TERMINATING, IDLE);
}

/** Main thread, once the cell has ended (normally or interrupted): nothing is running. */
export function resetSyncState(state: Int32Array): void {
  Atomics.store(state, 0, IDLE);
}

/** How a kernel stops synchronous cell code: Node's SIGINT watchdog, or its I/O thread (see above). */
export type SyncStopMode = 'sigint' | 'terminate';

/**
 * 'terminate' when every interrupt reaches the I/O thread: `TSDL_INTERRUPT_MODE=message` (written by `tsdl
 * install` into a kernelspec whose clients interrupt by message), or a snapshot launcher that passes SIGINT on
 * through its pipe (`viaLauncher`). Otherwise (a kernel started without the snapshot whose clients send SIGINT)
 * the watchdog.
 */
export function syncStopMode(env: NodeJS.ProcessEnv = process.env, viaLauncher = false): SyncStopMode {
  return env.TSDL_INTERRUPT_MODE === 'message' || viaLauncher ? 'terminate' : 'sigint';
}
