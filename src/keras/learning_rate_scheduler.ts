import * as tf from '@tensorflow/tfjs';
import { getLearningRate, modelOptimizer, setLearningRate } from './learning_rate';

/** A schedule: the epoch index (from 0) and the current learning rate to the new learning rate. */
export type KerasSchedule = (epoch: number, lr: number) => number;

/**
 * Sets the learning rate of the model's optimizer at the start of every epoch from a function of the
 * epoch, like `keras.callbacks.LearningRateScheduler`. The learning rate used is added to the epoch logs
 * as `lr`.
 *
 * ```ts
 * const schedule = (epoch: number, lr: number) => (epoch < 10 ? lr : lr * Math.exp(-0.1));
 * await model.fit(x, y, { epochs: 30, callbacks: [new keras.LearningRateScheduler(schedule)] });
 * ```
 */
export class LearningRateScheduler extends tf.Callback {
  readonly schedule: KerasSchedule;
  readonly verbose: number;

  constructor(schedule: KerasSchedule, options: { verbose?: number } = {}) {
    super();
    if (typeof schedule !== 'function') {
      throw new TypeError('LearningRateScheduler: expected a function (epoch, lr) => newLr');
    }
    this.schedule = schedule;
    this.verbose = options.verbose ?? 0;
  }

  override async onEpochBegin(epoch: number): Promise<void> {
    const optimizer = modelOptimizer(this.model, 'LearningRateScheduler');
    const lr = this.schedule(epoch, getLearningRate(optimizer, 'LearningRateScheduler'));
    if (typeof lr !== 'number' || !Number.isFinite(lr)) {
      throw new Error(`LearningRateScheduler: the schedule returned ${lr} for epoch ${epoch}; it must return a finite number`);
    }
    setLearningRate(optimizer, lr, 'LearningRateScheduler');
    if (this.verbose > 0) console.log(`Epoch ${epoch + 1}: LearningRateScheduler setting learning rate to ${lr}.`);
  }

  override async onEpochEnd(_epoch: number, logs?: tf.Logs): Promise<void> {
    if (logs !== undefined) logs.lr = getLearningRate(modelOptimizer(this.model, 'LearningRateScheduler'), 'LearningRateScheduler');
  }
}
