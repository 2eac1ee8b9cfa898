/** The part of TensorFlow.js's engine that `closeAbandonedTfScopes` touches. */
export interface TfjsEngineOwner {
  getBackend(): string;
  engine(): {
    endScope(result?: unknown): void;
    state: { scopeStack: unknown[]; gradientDepth: number; kernelDepth: number; activeTape: unknown; numDataMovesStack: number[] };
  };
}

/**
 * Puts TensorFlow.js's engine back in its between-cells state after an interrupted cell, and returns how many
 * scopes it closed. A cell stopped by the I/O thread (see `stopIfStuck` in io_thread.ts) is stopped without
 * running `finally` blocks, so a `tf.tidy` or gradient it was inside stays open: later tensors would be counted
 * in a dead scope and gradients recorded on a dead tape. Between cells nothing is inside a scope, so every open
 * one is closed (freeing the tensors it tracked, as the tidy would have) and the tape and depths reset.
 *
 * Example: `closeAbandonedTfScopes(require('@tensorflow/tfjs'))` after a KeyboardInterrupt.
 */
export function closeAbandonedTfScopes(tf: TfjsEngineOwner | null): number {
  if (!tf) return 0;
  const engine = tf.engine();
  const state = engine.state;
  let closed = 0;
  while (state.scopeStack.length > 0 && closed < 10_000) {
    engine.endScope();
    closed++;
  }
  state.gradientDepth = 0;
  state.kernelDepth = 0;
  state.activeTape = null;
  state.numDataMovesStack = [];
  return closed;
}
