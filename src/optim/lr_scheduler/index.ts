/**
 * `optim.lrScheduler`: learning-rate schedulers, like `torch.optim.lr_scheduler`. They only change
 * `optimizer.paramGroups[i].lr` (and the momentum for the cyclic ones); call `step()` once per epoch
 * (per batch for OneCycleLR and CyclicLR), `step(metric)` for ReduceLROnPlateau.
 */
export { LRScheduler } from './lr_scheduler';
export { StepLR, type StepLROptions } from './step_lr';
export { MultiStepLR, type MultiStepLROptions } from './multi_step_lr';
export { ExponentialLR, type ExponentialLROptions } from './exponential_lr';
export { CosineAnnealingLR, type CosineAnnealingLROptions } from './cosine_annealing_lr';
export { CosineAnnealingWarmRestarts, type CosineAnnealingWarmRestartsOptions } from './cosine_annealing_warm_restarts';
export { ReduceLROnPlateau, type ReduceLROnPlateauOptions } from './reduce_lr_on_plateau';
export { OneCycleLR, type OneCycleLROptions } from './one_cycle_lr';
export { CyclicLR, type CyclicLROptions } from './cyclic_lr';
export { LambdaLR, type LambdaLROptions, type LrLambda } from './lambda_lr';
export { LinearLR, type LinearLROptions } from './linear_lr';
export { SequentialLR, type SequentialLROptions } from './sequential_lr';
export { ConstantLR, type ConstantLROptions } from './constant_lr';
export { MultiplicativeLR, type MultiplicativeLROptions } from './multiplicative_lr';
export { PolynomialLR, type PolynomialLROptions } from './polynomial_lr';
