/**
 * Every layer parity fixture again on the wasm backend: outputs and gradients must match PyTorch there
 * too (wasm lacks some gradient kernels, e.g. Conv2DBackpropFilter and UnsortedSegmentSum, which the
 * library works around), and nothing may leak.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFixtures, runFixture } from './fixture_runner';

describe('layers on the wasm backend', () => {
  let previous = '';
  beforeAll(async () => {
    previous = tf.getBackend() ?? 'cpu';
    expect(await tf.setBackend('wasm')).toBe(true);
    await tf.ready();
  });
  afterAll(async () => {
    await tf.setBackend(previous || 'cpu');
  });

  it('runs on wasm', () => {
    expect(tf.getBackend()).toBe('wasm');
  });

  for (const fx of loadFixtures()) {
    it(`wasm: ${fx.name}`, () => {
      const { problems, leaked } = runFixture(fx, false);
      expect(problems).toEqual([]);
      expect(leaked).toBe(0);
    });
  }
});
