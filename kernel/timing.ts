import fs from 'fs';
import { performance } from 'perf_hooks';

/** Whether `TSDL_TIMING=1`: the kernel then logs when each start-up phase and each cell step ends. */
export const timingEnabled = process.env.TSDL_TIMING === '1';

/**
 * Logs `label` with the milliseconds since the process started (and since `since`, when given) to the real
 * stderr, for profiling start-up and cell latency: `TSDL_TIMING=1 jupyter console --kernel tsdl`.
 * Example output: `tsdl timing: 1834 ms prelude type-checked (+1210 ms)`. Does nothing unless enabled.
 */
export function mark(label: string, since?: number): void {
  if (!timingEnabled) return;
  const now = performance.now();
  const delta = since === undefined ? '' : ` (+${(now - since).toFixed(1)} ms)`;
  try { fs.writeSync(2, `tsdl timing: ${now.toFixed(0)} ms ${label}${delta}\n`); } catch { /* stderr closed */ }
}

/** The current time for `mark(label, since)`. */
export const now = (): number => performance.now();
