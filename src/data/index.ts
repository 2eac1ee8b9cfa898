/**
 * `data` — loading data in batches, PyTorch's `torch.utils.data`:
 * Dataset, TensorDataset, Subset, ConcatDataset, randomSplit, DataLoader, defaultCollate, and
 * slidingWindows for series.
 */
export { Dataset, TensorDataset, Subset, ConcatDataset } from './dataset';
export { randomSplit } from './random_split';
export { defaultCollate } from './collate';
export { DataLoader } from './dataloader';
export type { DataLoaderOptions } from './dataloader';
export { slidingWindows } from './sliding_windows';
