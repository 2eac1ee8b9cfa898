import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { defineCompositeKernel } from '../../src/backend/composite_kernel';

let gradientCalls: string[] = [];

// x · y with the product rule, each input's gradient recorded when tfjs asks for it.
const product = defineCompositeKernel({
  name: 'TsdlTestProduct',
  inputs: ['x', 'y'] as const,
  inputsToSave: ['x', 'y'] as const,
  forward: ({ x, y }, _attrs: { scale: number }) => tf.mul(x, y),
  gradient: (dy, [x, y], { scale }) => ({
    x: () => { gradientCalls.push('x'); return tf.mul(tf.mul(dy, y), scale); },
    y: () => { gradientCalls.push('y'); return tf.mul(tf.mul(dy, x), scale); },
  }),
});

describe('defineCompositeKernel', () => {
  it('computes the forward value as one kernel', async () => {
    const x = tf.tensor1d([1, 2, 3]);
    const y = tf.tensor1d([4, 5, 6]);
    const info = await tf.profile(() => { tf.dispose(product({ x, y }, { scale: 1 })); });
    expect(info.kernels.map((k) => k.name)).toEqual(['Multiply', 'TsdlTestProduct']);
    expect(Array.from(tf.tidy(() => product({ x, y }, { scale: 1 })).dataSync())).toEqual([4, 10, 18]);
    tf.dispose([x, y]);
  });

  it('asks for the gradient of the inputs that need one only, with the attributes', () => {
    const x = tf.variable(tf.tensor1d([1, 2, 3]));
    const y = tf.tensor1d([4, 5, 6]);
    gradientCalls = [];
    const { value, grads } = tf.variableGrads(() => tf.sum(product({ x, y }, { scale: 2 })) as tf.Scalar, [x]);
    expect(gradientCalls).toEqual(['x']);
    expect(Array.from(grads[x.name].dataSync())).toEqual([8, 10, 12]);
    tf.dispose([value, grads[x.name], x, y]);
  });

  it('leaves no tensor behind, forward or backward', () => {
    const x = tf.variable(tf.tensor1d([1, 2, 3]));
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      const { value, grads } = tf.variableGrads(() => tf.sum(product({ x, y: x }, { scale: 1 })) as tf.Scalar, [x]);
      tf.dispose([value, grads[x.name]]);
    }
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});
