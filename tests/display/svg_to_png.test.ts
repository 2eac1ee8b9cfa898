import { spawnSync } from 'child_process';
import path from 'path';
import { describe, expect, it } from 'vitest';
import { leafOpacityToPaintOpacity } from '../../display/plot/render';

const ROOT = path.resolve(__dirname, '..', '..');
// Two translucent bars of a Vega bar chart clipped by its y-limits: from 001/05's dropout figure (seed 41).
const PANIC_SVG = path.join(__dirname, 'fixtures', 'resvg_opacity_panic.svg');

/** Rasterises the fixture in a child process (a resvg panic aborts the process that runs it). */
function renderInChild(rewrite: boolean): { status: number | null; stdout: string; stderr: string } {
  const script = `
    const fs = require('fs');
    const render = require(${JSON.stringify(path.join(ROOT, 'display', 'plot', 'render.ts'))});
    const svg = fs.readFileSync(${JSON.stringify(PANIC_SVG)}, 'utf8');
    const png = ${rewrite} ? render.svgToPng(svg, 2)
      : new (require('@resvg/resvg-js').Resvg)(svg, { fitTo: { mode: 'zoom', value: 2 } }).render().asPng();
    console.log('png bytes', png.length);`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('svgToPng', () => {
  it('renders a clipped translucent bar chart that makes resvg-js abort the process', () => {
    const raw = renderInChild(false);
    expect(raw.status, 'resvg-js renders the raw SVG now: the opacity workaround may go').not.toBe(0);
    expect(raw.stderr).toContain('panicked');
    const fixed = renderInChild(true);
    expect(fixed.stderr).not.toContain('panicked');
    expect(fixed.status).toBe(0);
    expect(Number(/png bytes (\d+)/.exec(fixed.stdout)?.[1])).toBeGreaterThan(1000);
  });

  it('moves leaf shapes\' opacity into fill and stroke opacity, multiplying what they had', () => {
    expect(leafOpacityToPaintOpacity('<path d="M0,0h1" fill="blue" opacity="0.6"/>'))
      .toBe('<path d="M0,0h1" fill="blue" fill-opacity="0.6" stroke-opacity="0.6"/>');
    expect(leafOpacityToPaintOpacity('<rect x="1" fill-opacity="0.5" opacity="0.5" stroke="red"></rect>'))
      .toBe('<rect x="1" stroke="red" fill-opacity="0.25" stroke-opacity="0.5"></rect>');
  });

  it('leaves groups, text and shapes without opacity alone, and is not fooled by ">" in a value', () => {
    const untouched = '<g opacity="0.5"><text opacity="0.3">a</text><path d="M0,0" fill="red"/></g>';
    expect(leafOpacityToPaintOpacity(untouched)).toBe(untouched);
    expect(leafOpacityToPaintOpacity('<path aria-label="x > 2" opacity="0.5" d="M0,0"/>'))
      .toBe('<path aria-label="x > 2" d="M0,0" fill-opacity="0.5" stroke-opacity="0.5"/>');
  });
});
