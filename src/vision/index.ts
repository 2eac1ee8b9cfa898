/**
 * `vision` — image data sets and transforms (torchvision): `vision.datasets.MNIST`,
 * `vision.datasets.CIFAR10`, `vision.transforms.*`, and {@link RawImage}, the 8-bit image that data
 * sets hand out before `ToTensor`.
 */
export * as datasets from './datasets';
export * as transforms from './transforms';
export { RawImage } from './image';
export type { ImageLike } from './image';
