/**
 * `nn`: modules, parameters, containers and layers, shaped like `torch.nn`.
 */
export { Module, isModule } from './module';
export type {
  ForwardHook,
  ForwardPreHook,
  RemovableHandle,
  LoadStateDictOptions,
  LoadStateDictResult,
  StateDictOptions,
} from './module';
export { Parameter, isParameter } from './parameter';
export { Sequential, ModuleList, ModuleDict } from './containers';
export * as utils from './utils';
export { clipGradNorm, clipGradValue, parametersToVector, vectorToParameters } from './utils';
export * from './layers';
export * from './loss';
export * as init from './init';
