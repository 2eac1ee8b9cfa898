/** `vision.datasets` — image data sets (torchvision's `datasets`). */
export { MNIST } from './mnist';
export type { MNISTOptions } from './mnist';
export { CIFAR10, CIFAR10_RECORD_BYTES, CIFAR10_TRAIN_FILES, CIFAR10_TEST_FILES } from './cifar10';
export type { CIFAR10Options } from './cifar10';
export { parseIdx, readIdxFile } from './idx';
export type { IdxArray } from './idx';
