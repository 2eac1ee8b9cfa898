/**
 * `vision.transforms` — image transforms (torchvision's `transforms`). Each factory returns a
 * {@link Transform}, a function you can call or pass as a data set's `transform`.
 */
export type { Transform } from './transform';
export { Compose, Lambda } from './compose';
export { ToTensor, Normalize } from './tensor_transforms';
export { Resize, CenterCrop, RandomCrop, RandomHorizontalFlip, RandomVerticalFlip, RandomRotation } from './geometric_transforms';
export type { RandomCropOptions } from './geometric_transforms';
export { ColorJitter } from './color_jitter';
export type { ColorJitterOptions } from './color_jitter';
