import * as tf from '@tensorflow/tfjs';

/** Whether a monitored quantity should go down (`'min'`), up (`'max'`), or is guessed from its name (`'auto'`). */
export type MonitorMode = 'auto' | 'min' | 'max';

/** Resolves `'auto'` as Keras does: accuracies and AUC are maximised, everything else minimised. */
export function resolveMode(mode: MonitorMode, monitor: string, where: string): 'min' | 'max' {
  if (mode === 'min' || mode === 'max') return mode;
  if (mode !== 'auto') throw new Error(`${where}: mode must be 'auto', 'min' or 'max', got '${mode}'`);
  return /acc|auc/.test(monitor) ? 'max' : 'min';
}

/**
 * The value of `monitor` in a tfjs epoch log. tfjs names the accuracy metric `acc` where Keras says
 * `accuracy`, so either spelling is accepted. Returns `undefined` when the log does not have it.
 */
export function monitorValue(logs: tf.Logs | undefined, monitor: string): number | undefined {
  if (logs === undefined) return undefined;
  const candidates = [monitor, monitor.replace(/accuracy$/, 'acc'), monitor.replace(/acc$/, 'accuracy')];
  for (const key of candidates) {
    const v = (logs as Record<string, unknown>)[key];
    if (typeof v === 'number') return v;
    if (v instanceof tf.Tensor) return v.dataSync()[0];
  }
  return undefined;
}

/** Says once which metrics exist when the monitored one is missing (as Keras warns). */
export function warnMissing(where: string, monitor: string, logs: tf.Logs | undefined): void {
  const available = Object.keys(logs ?? {}).join(', ') || 'none';
  console.warn(
    `${where}: the monitored metric '${monitor}' is not in the logs (available: ${available}); ` +
      "pass validationData or validationSplit to fit for 'val_*' metrics",
  );
}
