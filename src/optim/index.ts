/**
 * `optim`: optimizers and learning-rate schedulers, like `torch.optim`.
 *
 * ```ts
 * const opt = new optim.AdamW(model.parameters(), { lr: 3e-4 });
 * const sched = new optim.lrScheduler.CosineAnnealingLR(opt, { tMax: 100 });
 * ```
 */
export {
  Optimizer,
  type BaseOptions,
  type ParamGroup,
  type ParamGroupInput,
  type ParamsInput,
  type ParamState,
  type OptimizerStateDict,
} from './optimizer';
export { SGD, type SGDOptions } from './sgd';
export { Adam, AdamFamily, type AdamOptions } from './adam';
export { AdamW } from './adamw';
export { Adamax, type AdamaxOptions } from './adamax';
export { RMSprop, type RMSpropOptions } from './rmsprop';
export { Adagrad, type AdagradOptions } from './adagrad';
export { Adadelta, type AdadeltaOptions } from './adadelta';
export * as lrScheduler from './lr_scheduler';
export { useInPlaceUpdates } from './in_place_update';
