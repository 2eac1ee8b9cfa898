/**
 * The layers of `nn` (re-exported by `src/nn/index.ts`): one file per concept.
 */
export { Identity, Linear, Bilinear, type LinearOptions } from './linear';
export * from './flatten';
export * from './activation';
export * from './conv';
export * from './pooling';
export * from './batchnorm';
export * from './normalization';
export * from './dropout';
export * from './embedding';
export * from './rnn';
export * from './attention';
export * from './transformer';
export * from './upsample';
