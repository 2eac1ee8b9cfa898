import { displayable, type Displayable, type DisplayResult } from '../mime';
import { svgToPng, svgSize } from '../plot/render';
import { renderMermaidSvg } from './render_static';

/** Options of `display.mermaid`. */
export interface MermaidOptions {
  /** Add a static SVG/PNG rendering for exports and slides (default true; needs Chromium and the mermaid package). */
  static?: boolean;
}

/**
 * A Mermaid diagram from its source. JupyterLab 4 renders `text/vnd.mermaid` itself; for exports and slides
 * the bundle also carries the diagram rendered by the real mermaid library in headless Chromium, as
 * `image/svg+xml` and `image/png` (a few seconds the first time, cached per source), plus a ```mermaid
 * fence as `text/markdown` and the source as `text/plain`.
 *
 * Example:
 * ```ts
 * display.mermaid(`graph LR
 *   x[Input 784] --> h[Hidden 128] --> y[Output 10]`)
 * ```
 */
export function mermaid(source: string, options: MermaidOptions = {}): Displayable & { source: string } {
  if (typeof source !== 'string' || source.trim() === '') throw new Error('mermaid: expected the diagram source as a non-empty string');
  const text = source.trim();
  const render = (): DisplayResult => {
    const data: Record<string, unknown> = {
      'text/vnd.mermaid': text,
      'text/markdown': '```mermaid\n' + text + '\n```\n',
      'text/plain': text,
    };
    const metadata: Record<string, unknown> = {};
    const svg = options.static === false ? undefined : renderMermaidSvg(text);
    if (svg) {
      data['image/svg+xml'] = svg;
      data['image/png'] = svgToPng(svg, 2).toString('base64');
      metadata['image/png'] = svgSize(svg);
    }
    return { data, metadata };
  };
  const d = displayable(render, text);
  return Object.assign(d, { source: text });
}
