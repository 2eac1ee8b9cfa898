/**
 * A transform is a plain function from an input (image, tensor, label...) to an output, carrying a
 * readable description. The factories in `vision.transforms` (`ToTensor()`, `Normalize(...)`, ...)
 * return transforms, so the course's `transforms.Compose([transforms.ToTensor(), ...])` reads the same
 * in TypeScript, and a transform is called directly: `t(img)`.
 */
export interface Transform<I = any, O = any> {
  (input: I): O;
  /** e.g. `Normalize(mean=[0.1307], std=[0.3081])`. */
  readonly description: string;
  /** Set when the transform maps each value of an image on its own (see {@link PointwiseMap}). */
  readonly pointwise?: PointwiseMap;
}

/**
 * What a transform that maps each value of an image on its own, knowing only its channel, does to one value:
 * `ToTensor()` (a pixel byte → byte / 255), `Normalize(mean, std)` (a float → (value − mean[c]) / std[c]) and a
 * `Compose` of them. A data set of images uses it to make a whole batch at once (`pointwiseBatch`), with the values
 * the transform gives image by image.
 */
export interface PointwiseMap {
  /** What the transform takes: a {@link RawImage} ('pixels', its bytes) or a float32 tensor [C, H, W] ('floats'). */
  readonly input: 'pixels' | 'floats';
  /**
   * The map of one value `v` of channel `c` to the float32 value the transform gives, for images of `channels`
   * channels. Throws the transform's own error when it cannot take such an image.
   */
  forChannels(channels: number): (v: number, c: number) => number;
}

/** Wraps `fn` as a {@link Transform} whose `toString()` is `description`. */
export function makeTransform<I, O>(description: string, fn: (input: I) => O, pointwise?: PointwiseMap): Transform<I, O> {
  const t = ((input: I) => fn(input)) as Transform<I, O>;
  Object.defineProperty(t, 'description', { value: description });
  Object.defineProperty(t, 'toString', { value: () => description });
  if (pointwise) Object.defineProperty(t, 'pointwise', { value: pointwise });
  return t;
}

/** `[h, w]` from a size given as one number (square) or a pair. */
export function sizePair(size: number | [number, number] | number[], who: string): [number, number] {
  const pair = typeof size === 'number' ? [size, size] : size;
  if (pair.length !== 2 || pair.some((s) => !Number.isInteger(s) || s <= 0)) {
    throw new Error(`${who}: size should be a positive integer or a pair [height, width] of them, got ${JSON.stringify(size)}`);
  }
  return [pair[0], pair[1]];
}
