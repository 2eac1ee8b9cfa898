/**
 * Parity of every layer, activation and functional op with PyTorch 1.13: outputs, gradients with respect
 * to inputs and parameters, running statistics after the pass, and the printed form (repr).
 * Fixtures: tests/parity/make_layers.py (`npm run parity:fixtures`).
 */
import { describe, expect, it } from 'vitest';
import { loadFixtures, runFixture } from '../layers/fixture_runner';

describe('layers parity with PyTorch', () => {
  for (const fx of loadFixtures()) {
    it(`layers: ${fx.name}`, () => {
      const { problems, leaked } = runFixture(fx);
      expect(problems).toEqual([]);
      expect(leaked).toBe(0);
    });
  }
});
