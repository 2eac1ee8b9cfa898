export { clipGradNorm, clipGradValue, type ClipGradNormOptions } from './clip_grad';
export { parametersToVector, vectorToParameters } from './parameters_vector';
export type { ParametersArg } from './params_arg';
