/**
 * `F`: the functional forms of the layers, like `torch.nn.functional`, plus the losses
 * (`./loss`, written by the losses area).
 *
 * ```ts
 * import { F } from 'tsdl';
 * const h = F.relu(F.linear(x, w, b));
 * const p = F.softmax(h, 1);
 * ```
 */
export * from './activation';
export { linear, bilinear } from './linear';
export * from './conv';
export * from './pooling';
export * from './normalization';
export * from './dropout';
export * from './embedding';
export * from './padding';
export * from './interpolate';
export * from './one_hot';
export * from './attention';
export { stopGradient } from './args';
export * from './loss';
