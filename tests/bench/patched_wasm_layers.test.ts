/**
 * Every layer parity fixture on the wasm backend as `tsdl.ready()` sets it up, i.e. with tsdl's faster
 * wasm kernels (Slice/Unpack/SplitV/StridedSlice reading in place, shared Identity/Cast, transposed
 * MatMul): outputs and gradients must still match PyTorch, and nothing may leak.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ready, shareWasmIdentityCopies, speedUpWasmSlices } from '../../src/backend';
import { loadFixtures, runFixture } from '../layers/fixture_runner';

describe('layers on wasm with the speed-up kernels', () => {
  beforeAll(async () => {
    await ready({ forced: 'wasm' });
    expect(await tf.setBackend('wasm')).toBe(true);
    // already installed by ready(): a second call does nothing
    expect(speedUpWasmSlices()).toBe(false);
    expect(shareWasmIdentityCopies()).toBe(false);
  });

  for (const fx of loadFixtures()) {
    it(`patched wasm: ${fx.name}`, () => {
      const { problems, leaked } = runFixture(fx, false);
      expect(problems).toEqual([]);
      expect(leaked).toBe(0);
    });
  }
});
