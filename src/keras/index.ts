/**
 * `keras`: what the course's Keras code needs that tfjs-layers lacks — the AdamW optimizer and the
 * `model.fit` callbacks EarlyStopping (with restoreBestWeights), ReduceLROnPlateau, ModelCheckpoint and
 * LearningRateScheduler. The tfjs-layers API (`tf.sequential`, `tf.layers`, compile / fit) is used as is.
 *
 * ```ts
 * model.compile({ optimizer: new keras.AdamW({ learningRate: 1e-3 }), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
 * await model.fit(x, y, { epochs: 100, validationSplit: 0.2, callbacks: [
 *   new keras.EarlyStopping({ patience: 10, restoreBestWeights: true }),
 *   new keras.ReduceLROnPlateau({ factor: 0.5, patience: 5 }),
 *   new keras.ModelCheckpoint('best_model', { saveBestOnly: true }),
 * ] });
 * ```
 */
export { AdamW, type KerasAdamWOptions } from './adamw';
export { EarlyStopping, type EarlyStoppingOptions } from './early_stopping';
export { ReduceLROnPlateau, type KerasReduceLROnPlateauOptions } from './reduce_lr_on_plateau';
export { ModelCheckpoint, formatCheckpointPath, type ModelCheckpointOptions } from './model_checkpoint';
export { LearningRateScheduler, type KerasSchedule } from './learning_rate_scheduler';
export { getLearningRate, setLearningRate } from './learning_rate';
export type { MonitorMode } from './monitor';
