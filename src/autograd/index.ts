export { backward, assertSomeGradients, type BackwardOptions } from './backward';
export { noGrad, detach, isGradEnabled } from './no_grad';
export {
  detectAnomaly,
  setNonFiniteLossMode,
  NonFiniteLossError,
  type NonFiniteLossMode,
} from './anomaly';
