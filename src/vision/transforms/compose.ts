import * as tf from '@tensorflow/tfjs';
import { Transform, makeTransform, type PointwiseMap } from './transform';

/**
 * Applies transforms one after another (torchvision's `Compose`). Tensors made by one step and
 * consumed by the next are disposed (also when a later step throws); the input and the final output are not.
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
    try {
      for (const step of transforms) {
        const next = step(current);
        if (current !== input && current !== next && current instanceof tf.Tensor) current.dispose();
        current = next;
      }
    } catch (err) {
      // A step that throws leaves the tensor made before it to nobody.
      if (current !== input && current instanceof tf.Tensor) current.dispose();
      throw err;
    }
    return current;
  }, composedPointwise(transforms));
}

/** The steps' value maps one after another, when each step has one and takes what the step before gives. */
function composedPointwise(transforms: Array<(input: any) => any>): PointwiseMap | undefined {
  const maps = transforms.map((t) => (t as Partial<Transform>).pointwise);
  if (maps.length === 0 || maps.some((m, k) => m === undefined || (k > 0 && m.input !== 'floats'))) return undefined;
  const steps = maps as PointwiseMap[];
  return {
    input: steps[0].input,
    forChannels: (channels) => {
      const fns = steps.map((m) => m.forChannels(channels));
      return (v, c) => {
        let out = v;
        for (const f of fns) out = f(out, c);
        return out;
      };
    },
  };
}

/** Wraps any function as a transform (torchvision's `Lambda`). */
export function Lambda<I, O>(fn: (input: I) => O): Transform<I, O> {
  return makeTransform(`Lambda()`, fn);
}
