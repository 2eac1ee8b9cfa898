/**
 * Regenerates the golden PNGs: `npx tsx tests/display/make_goldens.ts`. Look at every image before
 * committing it (they are what golden.test.ts compares against, with a tolerance).
 */
import { writeFileSync, mkdirSync } from 'fs';
import { join } from 'path';
import { svgToPng } from '../../display/plot/render';
import { goldenFigures } from './golden_figures';

const dir = join(__dirname, 'golden');
mkdirSync(dir, { recursive: true });
for (const [name, make] of Object.entries(goldenFigures)) {
  const png = svgToPng(make().render().svg, 1);
  writeFileSync(join(dir, `${name}.png`), png);
  console.log(`${name}.png ${png.length} bytes`);
}
