import { describe, expect, it } from 'vitest';
import { readFileSync } from 'fs';
import { join } from 'path';
import { svgToPng } from '../../display/plot/render';
import { goldenFigures } from './golden_figures';
import { comparePngs, decodePng } from './png_decode';

// Goldens are rendered at 1x by make_goldens.ts; small font or anti-aliasing differences stay under the tolerance.
describe('plots match their golden images', () => {
  for (const [name, make] of Object.entries(goldenFigures)) {
    it(name, () => {
      const golden = decodePng(readFileSync(join(__dirname, 'golden', `${name}.png`)));
      const actual = decodePng(svgToPng(make().render().svg, 1));
      expect([actual.width, actual.height]).toEqual([golden.width, golden.height]);
      const { meanDiff, badFraction } = comparePngs(actual, golden);
      expect(meanDiff).toBeLessThan(3);
      expect(badFraction).toBeLessThan(0.02);
    });
  }

  it('the comparison notices a different plot', () => {
    const a = decodePng(svgToPng(goldenFigures.lines().render().svg, 1));
    const b = decodePng(readFileSync(join(__dirname, 'golden', 'hist.png')));
    const { meanDiff, badFraction } = comparePngs(a, b);
    expect(meanDiff >= 3 || badFraction >= 0.02).toBe(true);
  });
});
