import * as tf from '@tensorflow/tfjs';
import { Transform, makeTransform } from './transform';

/**
 * Applies transforms one after another (torchvision's `Compose`). Tensors made by one step and
 * consumed by the next are disposed; the input and the final output are not.
 * ```ts
 * const t = vision.transforms.Compose([vision.transforms.ToTensor(), vision.transforms.Normalize([0.5], [0.5])]);
 * ```
 */
export function Compose(transforms: Array<(input: any) => any>): Transform {
  if (!Array.isArray(transforms)) throw new Error('Compose: transforms must be an array of transforms');
  transforms.forEach((t, k) => {
    if (typeof t !== 'function') throw new Error(`Compose: item ${k} is not a transform (a function), got ${typeof t}`);
  });
  const description = `Compose(\n${transforms.map((t) => `    ${String((t as Partial<Transform>).description ?? t.name ?? 'fn')}`).join('\n')}\n)`;
  return makeTransform(description, (input: unknown) => {
    let current = input;
    for (const step of transforms) {
      const next = step(current);
      if (current !== input && current !== next && current instanceof tf.Tensor) current.dispose();
      current = next;
    }
    return current;
  });
}

/** Wraps any function as a transform (torchvision's `Lambda`). */
export function Lambda<I, O>(fn: (input: I) => O): Transform<I, O> {
  return makeTransform(`Lambda()`, fn);
}
