/**
 * `sk` — scikit-learn-style tools: `sk.datasets`, `sk.modelSelection`, `sk.preprocessing`,
 * `sk.metrics`. Functions take number arrays or tensors.
 */
export * as datasets from './datasets';
export * as modelSelection from './model_selection';
export * as preprocessing from './preprocessing';
export * as metrics from './metrics';
