import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { FileIOHandler } from '../serialization/file_io_handler';
import { load, save } from '../serialization/save_load';
import { monitorValue, resolveMode, warnMissing, type MonitorMode } from './monitor';
import { WeightsSnapshot } from './weights_snapshot';

/** Options of `keras.ModelCheckpoint` (Keras's names, camelCased). */
export interface ModelCheckpointOptions {
  /**
   * Where to save; `null`/omitted keeps the checkpoint in memory only. May contain Keras placeholders
   * such as `{epoch:02d}` or `{val_loss:.3f}`. A model is saved as a folder (`model.json` +
   * `weights.bin`, loadable with `tf.loadLayersModel('file://<folder>/model.json')`); a Keras file name
   * such as `best_model.h5` becomes the folder `best_model`. With `saveWeightsOnly` the path is a JSON
   * file (plus a `.bin` beside it) read back by `ModelCheckpoint.loadWeights`.
   */
  filepath?: string | null;
  /** The quantity to watch. Default 'val_loss'. */
  monitor?: string;
  /** Only save when the monitored quantity improves. Default false. */
  saveBestOnly?: boolean;
  /** Save only the weights, not the model topology. Default false. */
  saveWeightsOnly?: boolean;
  /** Default 'auto' (max for accuracies, min otherwise). */
  mode?: MonitorMode;
  /** Only save once the quantity beats this value (with `saveBestOnly`). */
  initialValueThreshold?: number;
  /** Print a line at each save. Default 0. */
  verbose?: number;
}

/** Formats Keras-style placeholders `{name}`, `{name:02d}`, `{name:.2f}` from the epoch (1-based) and logs. */
export function formatCheckpointPath(template: string, epoch: number, logs: tf.Logs | undefined): string {
  return template.replace(/\{(\w+)(?::([^}]*))?\}/g, (whole, name: string, spec: string | undefined) => {
    const value = name === 'epoch' ? epoch : monitorValue(logs, name);
    if (value === undefined) return whole;
    if (spec === undefined || spec === '') return String(value);
    const fixed = /^\.(\d+)f$/.exec(spec);
    if (fixed) return value.toFixed(Number(fixed[1]));
    const padded = /^0?(\d+)d$/.exec(spec);
    if (padded) return String(Math.round(value)).padStart(Number(padded[1]), '0');
    return String(value);
  });
}

/**
 * Saves the model (or its weights) during `model.fit`, like `keras.callbacks.ModelCheckpoint`; with
 * `saveBestOnly`, only when the monitored quantity improves. The last saved weights are also kept in
 * memory (`bestEpoch`, `best`, `restore(model)`), so a checkpoint works without a file path too.
 *
 * ```ts
 * const ckpt = new keras.ModelCheckpoint('checkpoints/best', { saveBestOnly: true, monitor: 'val_accuracy' });
 * await model.fit(x, y, { epochs: 20, validationSplit: 0.2, callbacks: [ckpt] });
 * ckpt.restore(model);                    // back to the best epoch's weights
 * ```
 */
export class ModelCheckpoint extends tf.Callback {
  readonly filepath: string | null;
  readonly monitor: string;
  readonly saveBestOnly: boolean;
  readonly saveWeightsOnly: boolean;
  readonly mode: 'min' | 'max';
  readonly verbose: number;
  /** The best monitored value so far. */
  best: number;
  /** The epoch (0-based) of the last save, or -1. */
  bestEpoch = -1;
  /** The file or folder written last, or null. */
  lastSavedPath: string | null = null;
  private snapshot: WeightsSnapshot | null = null;
  private warned = false;

  constructor(filepath?: string | null | ModelCheckpointOptions, options: ModelCheckpointOptions = {}) {
    super();
    const opts = typeof filepath === 'object' && filepath !== null ? filepath : { ...options, filepath: filepath ?? options.filepath };
    this.filepath = opts.filepath ?? null;
    if (this.filepath !== null && (typeof this.filepath !== 'string' || this.filepath === '')) {
      throw new TypeError(`ModelCheckpoint: filepath must be a non-empty string or null, got ${JSON.stringify(this.filepath)}`);
    }
    this.monitor = opts.monitor ?? 'val_loss';
    this.saveBestOnly = opts.saveBestOnly ?? false;
    this.saveWeightsOnly = opts.saveWeightsOnly ?? false;
    this.mode = resolveMode(opts.mode ?? 'auto', this.monitor, 'ModelCheckpoint');
    this.verbose = opts.verbose ?? 0;
    this.best = opts.initialValueThreshold ?? (this.mode === 'min' ? Infinity : -Infinity);
  }

  override async onEpochEnd(epoch: number, logs?: tf.Logs): Promise<void> {
    if (this.saveBestOnly) {
      const current = monitorValue(logs, this.monitor);
      if (current === undefined) {
        if (!this.warned) warnMissing('ModelCheckpoint', this.monitor, logs);
        this.warned = true;
        return;
      }
      const better = this.mode === 'min' ? current < this.best : current > this.best;
      if (!better) return;
      if (this.verbose > 0) {
        console.log(`Epoch ${epoch + 1}: ${this.monitor} improved from ${this.best} to ${current}, saving model`);
      }
      this.best = current;
    }
    await this.saveNow(epoch, logs);
  }

  private async saveNow(epoch: number, logs: tf.Logs | undefined): Promise<void> {
    this.snapshot?.dispose();
    this.snapshot = WeightsSnapshot.of(this.model);
    this.bestEpoch = epoch;
    if (this.filepath === null) return;
    const target = formatCheckpointPath(this.filepath, epoch + 1, logs);
    if (this.saveWeightsOnly) {
      const file = target.toLowerCase().endsWith('.json') ? target : `${target.replace(/\.(h5|hdf5|keras)$/i, '')}.json`;
      const record: Record<string, tf.Tensor> = {};
      this.model.weights.forEach((w, i) => {
        record[`${String(i).padStart(4, '0')}:${w.originalName}`] = this.snapshot!.tensors[i];
      });
      save(record, file);
      this.lastSavedPath = file;
    } else {
      const folder = target.replace(/\.(h5|hdf5|keras)$/i, '');
      await this.model.save(new FileIOHandler(folder));
      this.lastSavedPath = folder.toLowerCase().endsWith('.json') ? folder : path.join(folder, 'model.json');
    }
    if (this.verbose > 0) console.log(`Epoch ${epoch + 1}: saved to ${this.lastSavedPath}`);
  }

  /** The weights of the last save (owned by the callback), or null before any save. */
  get bestWeights(): tf.Tensor[] | null {
    return this.snapshot === null ? null : this.snapshot.tensors;
  }

  /** Sets `model`'s weights (default: the model being trained) to those of the last save. */
  restore(model: tf.LayersModel = this.model): void {
    if (this.snapshot === null) throw new Error('ModelCheckpoint.restore: nothing has been saved yet');
    this.snapshot.restore(model);
  }

  /** Frees the weights kept in memory. */
  dispose(): void {
    this.snapshot?.dispose();
    this.snapshot = null;
  }

  /** Loads weights saved with `saveWeightsOnly: true` into `model` (same architecture, same order). */
  static loadWeights(model: tf.LayersModel, file: string): void {
    const record = load(file) as Record<string, tf.Tensor>;
    try {
      const keys = Object.keys(record).sort();
      if (keys.length !== model.weights.length) {
        throw new Error(`ModelCheckpoint.loadWeights: "${file}" holds ${keys.length} weights, the model has ${model.weights.length}`);
      }
      keys.forEach((k, i) => {
        const expected = model.weights[i].shape;
        const got = record[k].shape;
        if (expected.length !== got.length || expected.some((d, j) => d !== got[j])) {
          throw new Error(
            `ModelCheckpoint.loadWeights: weight ${i} (${model.weights[i].originalName}) has shape [${expected}], the file has [${got}]`,
          );
        }
      });
      model.setWeights(keys.map((k) => record[k]));
    } finally {
      tf.dispose(Object.values(record));
    }
  }
}
