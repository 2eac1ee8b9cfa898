export { linspace, arange, eye, meshgrid } from './creation';
export { randn, rand, randint, randperm, normal } from './random_tensors';
export { variance, variance as var, std, clamp, clip, where, argmax, argmin, max, min, cat, concat, stack, item, type VarianceOptions } from './math';
export { indexSelect, booleanMask, sliceDim, narrow, select } from './indexing';
import './tensor_methods';
