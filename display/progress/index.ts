import { createProgress, ProgressBar, type ProgressOptions } from './progress_bar';
import { kerasCallback, FitProgress } from './keras_callback';

export { ProgressBar, FitProgress };
export type { ProgressOptions };

/**
 * `progress(iterableOrTotal, options)`: iterate with a live progress bar (see {@link ProgressBar});
 * `progress.kerasCallback()` gives the same display for tfjs-layers `model.fit`.
 *
 * Example:
 * ```ts
 * const bar = progress(loader, { desc: 'train' });
 * for (const [x, y] of bar) bar.log({ loss: trainStep(x, y) });
 * ```
 */
function progressFn(total: number, options?: ProgressOptions): ProgressBar<number>;
function progressFn<T>(iterable: Iterable<T>, options?: ProgressOptions): ProgressBar<T>;
function progressFn<T>(iterableOrTotal: Iterable<T> | number, options?: ProgressOptions): ProgressBar<T> {
  return createProgress(iterableOrTotal, options);
}

export const progress = Object.assign(progressFn, { kerasCallback });
