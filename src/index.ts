/**
 * tsdl: a PyTorch-shaped deep-learning library on TensorFlow.js.
 *
 * ```ts
 * import * as tsdl from 'tsdl';
 * const { nn, F, optim } = tsdl;
 * await tsdl.ready();
 * tsdl.manualSeed(0);
 * ```
 */
import './tfjs_namespace';
import './tensor/tensor_methods';
import { registerFileIOHandler } from './serialization/file_io_handler';

registerFileIOHandler();

/** The tsdl version. */
export const version = '0.1.0';

export { ready, backendInfo, cuda, device, Device, type BackendInfo, type DeviceLike } from './backend';
export { manualSeed, initialSeed, nextSeed, randomGenerator, type RandomGenerator } from './random';
export {
  backward,
  noGrad,
  detach,
  isGradEnabled,
  detectAnomaly,
  setNonFiniteLossMode,
  NonFiniteLossError,
  type BackwardOptions,
  type NonFiniteLossMode,
} from './autograd';
export * from './tensor';
export { save, load } from './serialization';
export { Parameter, Module } from './nn';

export * as nn from './nn';
export * as F from './nn/functional';
export * as optim from './optim';
export * as data from './data';
export * as vision from './vision';
export * as sk from './sk';
export * as optuna from './tune';
export * as text from './text';
export * as keras from './keras';
export { progress, summary } from './display_bridge';
