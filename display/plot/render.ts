import { existsSync } from 'fs';

/**
 * vega, vega-lite and resvg, loaded at the first render rather than with the display module: about 0.2 s
 * that every kernel start would otherwise spend before its first cell, plotting or not.
 */
const renderers = (() => {
  let loaded: { vega: typeof import('vega'); vl: typeof import('vega-lite'); Resvg: typeof import('@resvg/resvg-js').Resvg } | undefined;
  return () => loaded ??= {
    /* eslint-disable @typescript-eslint/no-require-imports */
    vega: require('vega') as typeof import('vega'),
    vl: require('vega-lite') as typeof import('vega-lite'),
    Resvg: (require('@resvg/resvg-js') as typeof import('@resvg/resvg-js')).Resvg,
    /* eslint-enable @typescript-eslint/no-require-imports */
  };
})();

/** A Vega-Lite v5 specification (plain JSON). */
export type VegaLiteSpec = Record<string, unknown>;

/**
 * Compiles a Vega-Lite spec with vega-lite 5 and renders it to an SVG string with vega's SVG renderer,
 * synchronously (all data is inline, so the dataflow runs without awaiting; image marks carry data URLs and
 * are attached directly instead of being loaded).
 *
 * Example:
 * ```ts
 * const svg = renderSvg({ mark: 'point', data: { values: [{ x: 1 }] }, encoding: { x: { field: 'x', type: 'quantitative' } } });
 * ```
 */
export function renderSvg(spec: VegaLiteSpec): string {
  const { vega, vl } = renderers();
  const compiled = vl.compile(spec as never).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    view.run();
    const internals = view as unknown as ViewInternals;
    attachImages(internals._scenegraph.root);
    const padding = view.padding() as { left: number; right: number; top: number; bottom: number };
    const width = Math.max(0, internals._viewWidth + padding.left + padding.right);
    const height = Math.max(0, internals._viewHeight + padding.top + padding.bottom);
    const origin = [padding.left + internals._origin[0], padding.top + internals._origin[1]];
    const module = (vega.renderModule as unknown as (name: string) => unknown)('svg') as { headless: new (loader: unknown) => HeadlessSvgRenderer };
    const renderer = new module.headless(view.loader())
      .initialize(null, width, height, origin, 1, undefined)
      .background(view.background());
    renderer.render(internals._scenegraph.root);
    return renderer.svg();
  } finally {
    view.finalize();
  }
}

interface ViewInternals {
  _scenegraph: { root: SceneNode };
  _viewWidth: number;
  _viewHeight: number;
  _origin: [number, number];
}

interface HeadlessSvgRenderer {
  initialize(el: null, w: number, h: number, origin: number[], scale: number, opt: undefined): HeadlessSvgRenderer;
  background(color: unknown): HeadlessSvgRenderer;
  render(scene: SceneNode): void;
  svg(): string;
}

interface SceneNode {
  marktype?: string;
  items?: SceneNode[];
  url?: string;
  width?: number;
  height?: number;
  image?: unknown;
}

/** Gives every image mark item its (data URL) image so the synchronous SVG render writes the href. */
function attachImages(node: SceneNode): void {
  if (node.marktype === 'image') {
    for (const item of node.items ?? []) {
      if (item.url) item.image = { complete: true, width: item.width ?? 0, height: item.height ?? 0, src: item.url, url: item.url };
    }
  }
  for (const child of node.items ?? []) attachImages(child);
}

const FONT_DIR = '/usr/share/fonts/truetype/dejavu';
const FONT_FILES = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf', 'DejaVuSans-Oblique.ttf', 'DejaVuSansMono.ttf']
  .map((f) => `${FONT_DIR}/${f}`)
  .filter((f) => existsSync(f));

/**
 * Rasterises an SVG string to PNG with resvg. `scale` multiplies the pixel size (2 gives crisp output on
 * high-density screens). Uses the DejaVu fonts when installed, else the system's fonts.
 */
export function svgToPng(svg: string, scale = 1): Buffer {
  const font = FONT_FILES.length > 0
    ? { loadSystemFonts: false, fontFiles: FONT_FILES, defaultFontFamily: 'DejaVu Sans' }
    : { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' };
  const resvg = new (renderers().Resvg)(leafOpacityToPaintOpacity(svg), { font, fitTo: { mode: 'zoom', value: scale }, background: 'white' });
  return resvg.render().asPng();
}

/** A leaf shape's start tag, attribute by attribute (a `>` inside a quoted value does not end it). */
const LEAF_SHAPE = /<(path|rect|line|circle|ellipse|polygon|polyline)((?:\s+[\w:.-]+="[^"]*")*)\s*(\/?)>/g;
const PAINT_OPACITY = [['fill-opacity', /\sfill-opacity="([^"]*)"/], ['stroke-opacity', /\sstroke-opacity="([^"]*)"/]] as const;

/**
 * Moves the `opacity` of leaf shapes into their `fill-opacity` and `stroke-opacity`.
 *
 * resvg-js 2.6.2 draws an element with `opacity` in a layer of its own, and for some elements partly outside
 * their clip region it computes an empty layer and panics (`geom.rs:27`, `Option::unwrap()` on `None`,
 * resvg-js issue #415) — a Rust panic that aborts the whole process, here the kernel: a bar chart with
 * `alpha` and bars clipped by `setYlim` was enough. Without the layer the shape is drawn directly; it looks
 * the same except where its stroke overlaps its own fill (both now translucent there).
 */
export function leafOpacityToPaintOpacity(svg: string): string {
  return svg.replace(LEAF_SHAPE, (tag: string, name: string, attrs: string, close: string) => {
    const opacity = /\sopacity="([^"]*)"/.exec(attrs);
    if (!opacity) return tag;
    const a = Number(opacity[1]);
    if (!Number.isFinite(a)) return tag;
    let rest = attrs.replace(opacity[0], '');
    for (const [paint, pattern] of PAINT_OPACITY) {
      const found = pattern.exec(rest);
      const own = found ? Number(found[1]) : 1;
      if (found) rest = rest.replace(found[0], '');
      rest += ` ${paint}="${+((Number.isFinite(own) ? own : 1) * a).toFixed(6)}"`;
    }
    return `<${name}${rest}${close}>`;
  });
}

/** The width and height attributes of an SVG string's root element, in pixels. */
export function svgSize(svg: string): { width: number; height: number } {
  const m = /<svg[^>]*?width="([\d.]+)"[^>]*?height="([\d.]+)"/.exec(svg);
  if (!m) throw new Error('svgSize: no width/height on the root <svg> element');
  return { width: Number(m[1]), height: Number(m[2]) };
}
