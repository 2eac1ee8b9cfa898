import { encodePng } from '../png/encode_png';
import { displayable, escapeHtml, type Displayable } from '../mime';
import { svgToPng } from '../plot/render';
import { toPixels, upscale, type ImageInput, type ToPixelsOptions } from './image_data';

/** Options of `display.image`. */
export interface ImageOptions extends ToPixelsOptions {
  /** Integer enlargement (default: so the longer side is at least 112 px, at most 8x). */
  scale?: number;
  /** Text shown under the image in text/plain. */
  caption?: string;
}

/**
 * An image (tensor or array, grayscale/RGB, CHW or HWC) as a PNG display.
 *
 * Example:
 * ```ts
 * display.image(xTrain.slice([0, 0, 0, 0], [1, 1, 28, 28]))   // one MNIST digit, 4x enlarged
 * ```
 */
export function image(input: ImageInput, options: ImageOptions = {}): Displayable & { png: Buffer } {
  const px = toPixels(input, options);
  const factor = options.scale ?? Math.max(1, Math.min(8, Math.ceil(112 / Math.max(px.width, px.height))));
  const big = upscale(px, factor);
  const png = encodePng(big.width, big.height, big.data, big.channels);
  const text = `<Image ${px.width}x${px.height}${px.channels === 1 ? ' gray' : px.channels === 3 ? ' RGB' : ' RGBA'}${options.caption ? `: ${options.caption}` : ''}>`;
  const d = displayable(() => ({ 'image/png': png.toString('base64'), 'text/plain': text }), text);
  return Object.assign(d, { png });
}

/** Options of `display.imageGrid`. */
export interface ImageGridOptions extends ToPixelsOptions {
  /** A caption under each image (e.g. `pred 7 / true 7`). */
  captions?: string[];
  /** Images per row (default: up to 8, as square as possible). */
  nrow?: number;
  /** Pixel size of each cell's image (default: 64 for small images, else their own size, max 160). */
  cellSize?: number;
  /** Caption colours, one per image (e.g. red for wrong predictions). */
  captionColors?: string[];
  /** A title above the grid. */
  title?: string;
  /** Normalise every image on its own (default true for feature maps / filters when values leave [0, 1]). */
  normalize?: boolean;
}

/**
 * A grid of images with captions, as one PNG (and SVG): MNIST predictions, feature maps, filters,
 * augmentation previews. Accepts an array of images or a batch tensor `[N, C, H, W]` / `[N, H, W]`.
 *
 * Example:
 * ```ts
 * display.imageGrid(batch, { captions: preds.map((p, i) => `${p} (${labels[i]})`), nrow: 8 })
 * ```
 */
export function imageGrid(images: ImageInput[] | ImageInput, options: ImageGridOptions = {}): Displayable & { png: Buffer; svg: string } {
  const list = splitBatch(images);
  if (list.length === 0) throw new Error('imageGrid: no images given');
  if (options.captions && options.captions.length !== list.length) {
    throw new Error(`imageGrid: ${list.length} images but ${options.captions.length} captions`);
  }
  const pixels = list.map((im) => toPixels(im, options));
  const ncol = Math.max(1, Math.min(list.length, options.nrow ?? Math.min(8, Math.ceil(Math.sqrt(list.length)))));
  const nrows = Math.ceil(list.length / ncol);
  const maxSide = Math.max(...pixels.map((p) => Math.max(p.width, p.height)));
  const cell = options.cellSize ?? Math.min(160, maxSide < 64 ? 64 : maxSide);
  const gap = 6;
  const captionH = options.captions ? 16 : 0;
  const titleH = options.title ? 24 : 0;
  const W = ncol * (cell + gap) + gap;
  const H = titleH + nrows * (cell + captionH + gap) + gap;
  const parts: string[] = [`<rect width="${W}" height="${H}" fill="white"/>`];
  if (options.title) parts.push(`<text x="${W / 2}" y="17" text-anchor="middle" font-family="DejaVu Sans, sans-serif" font-size="14">${escapeHtml(options.title)}</text>`);
  pixels.forEach((p, i) => {
    const r = Math.floor(i / ncol);
    const c = i % ncol;
    const factor = Math.max(1, Math.floor(cell / Math.max(p.width, p.height)));
    const big = upscale(p, factor);
    const s = cell / Math.max(p.width, p.height);
    const w = p.width * s;
    const h = p.height * s;
    const x = gap + c * (cell + gap) + (cell - w) / 2;
    const y = titleH + gap + r * (cell + captionH + gap) + (cell - h) / 2;
    const href = 'data:image/png;base64,' + encodePng(big.width, big.height, big.data, big.channels).toString('base64');
    parts.push(`<image x="${x}" y="${y}" width="${w}" height="${h}" preserveAspectRatio="none" image-rendering="optimizeSpeed" href="${href}"/>`);
    if (options.captions) {
      const color = options.captionColors?.[i] ?? '#000';
      parts.push(`<text x="${gap + c * (cell + gap) + cell / 2}" y="${titleH + gap + r * (cell + captionH + gap) + cell + 12}" text-anchor="middle" font-family="DejaVu Sans, sans-serif" font-size="11" fill="${escapeHtml(color)}">${escapeHtml(options.captions[i])}</text>`);
    }
  });
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">${parts.join('')}</svg>`;
  const png = svgToPng(svg, 1);
  const text = `<ImageGrid ${list.length} images, ${nrows}x${ncol}${options.title ? `: ${options.title}` : ''}>`;
  const d = displayable(() => ({ 'image/png': png.toString('base64'), 'text/plain': text }), text);
  return Object.assign(d, { png, svg });
}

/** A batch tensor/array `[N, ...]` (rank 3 or 4) becomes a list of images; arrays of images pass through. */
function splitBatch(images: ImageInput[] | ImageInput): ImageInput[] {
  if (Array.isArray(images)) return images as ImageInput[];
  const single = images as ImageInput;
  const t = single as { shape?: number[]; dataSync?: () => ArrayLike<number> };
  if (t.shape && t.dataSync && (t.shape.length === 4 || t.shape.length === 3)) {
    const data = t.dataSync();
    const [n, ...rest] = t.shape;
    const size = rest.reduce((a, b) => a * b, 1);
    if (t.shape.length === 3 && (rest[1] === 3 || rest[1] === 4 || rest[1] === 1) && n > 4) {
      // [H, W, C] single image rather than a batch
    } else {
      return Array.from({ length: n }, (_, i) => ({ data: Array.prototype.slice.call(data, i * size, (i + 1) * size) as number[], shape: rest }));
    }
  }
  return [single];
}
