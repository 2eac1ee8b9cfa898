import * as tf from '@tensorflow/tfjs';
import { ProgressBar, type ProgressOptions } from './progress_bar';

type Logs = Record<string, unknown> | undefined;

/** Numbers from fit's logs; tfjs passes scalars to callbacks derived from `tf.Callback`, read them (not disposed: tfjs owns them). */
function numeric(logs: Logs): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(logs ?? {})) {
    if (typeof v === 'number') out[k] = v;
    else if (v instanceof tf.Tensor && !v.isDisposed && v.size === 1) out[k] = v.dataSync()[0];
  }
  return out;
}

/**
 * Progress for tfjs-layers `model.fit`: an epoch bar with a batch bar inside, batch metrics as postfix,
 * epoch metrics (loss, val_loss, acc...) logged to the live chart, a final chart and table at the end.
 */
export class FitProgress extends tf.Callback {
  private epochs?: ProgressBar<number>;
  private batches?: ProgressBar<number>;

  constructor(private readonly options: ProgressOptions = {}) {
    super();
  }

  override async onTrainBegin(): Promise<void> {
    const total = this.options.total ?? (this.params?.epochs as number | undefined);
    this.epochs = new ProgressBar<number>(undefined, { desc: 'epoch', unit: 'epoch', ...this.options, total });
  }

  override async onEpochBegin(): Promise<void> {
    const p = this.params ?? {};
    const steps = (p.steps as number | undefined)
      ?? (p.samples && p.batchSize ? Math.ceil((p.samples as number) / (p.batchSize as number)) : undefined);
    this.batches = new ProgressBar<number>(undefined, { desc: 'batch', total: steps ?? undefined, unit: 'batch', leave: false, minInterval: this.options.minInterval });
  }

  override async onBatchEnd(_batch: number, logs?: Logs): Promise<void> {
    if (!this.batches) return;
    this.batches.setPostfix(numeric(logs));
    this.batches.update(1);
  }

  override async onEpochEnd(_epoch: number, logs?: Logs): Promise<void> {
    this.batches?.close();
    this.batches = undefined;
    this.epochs?.log(numeric(logs));
    this.epochs?.update(1);
  }

  override async onTrainEnd(): Promise<void> {
    this.batches?.close();
    this.epochs?.close();
    this.epochs = undefined;
  }
}

/**
 * A `model.fit` callback showing training progress (see {@link FitProgress}).
 *
 * Example:
 * ```ts
 * await model.fit(xs, ys, { epochs: 20, validationSplit: 0.2, callbacks: progress.kerasCallback() });
 * ```
 */
export function kerasCallback(options: ProgressOptions = {}): FitProgress {
  return new FitProgress(options);
}
