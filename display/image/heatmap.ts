import { Figure } from '../plot/figure';
import { colormap } from '../color/colormaps';
import type { Values2D } from '../plot/data';

/** Options of `display.heatmap`. */
export interface HeatmapOptions {
  cmap?: string;
  vmin?: number;
  vmax?: number;
  title?: string;
  xlabel?: string;
  ylabel?: string;
  /** Label of the colorbar. */
  label?: string;
  /** Figure size in inches (default [5, 4]). */
  figsize?: [number, number];
  /** Tick labels for columns / rows (e.g. class names of a confusion matrix). */
  xticklabels?: string[];
  yticklabels?: string[];
  /** Write each value in its cell (default: when at most 20x20). */
  annotate?: boolean;
  /** Decimals of the annotations (default: 0 for integers, else 2). */
  decimals?: number;
}

/**
 * A 2-D tensor or array as a heat map with a colorbar (a `Figure`: Vega-Lite, SVG, PNG), row 0 at the top.
 * Good for weight matrices, attention maps and confusion matrices.
 *
 * Example:
 * ```ts
 * display.heatmap(confusion, { xticklabels: classes, yticklabels: classes, xlabel: 'predicted', ylabel: 'true' })
 * ```
 */
export function heatmap(values: Values2D, options: HeatmapOptions = {}): Figure {
  const fig = new Figure({ figsize: options.figsize ?? [5, 4] });
  const ax = fig.addSubplot(1, 1, 1);
  const img = ax.imshow(values, { cmap: options.cmap ?? 'viridis', vmin: options.vmin, vmax: options.vmax, aspect: 'auto' });
  ax.aspect = 'auto';
  fig.colorbar(img, { ax, label: options.label });
  if (options.title) ax.setTitle(options.title);
  if (options.xlabel) ax.setXlabel(options.xlabel);
  if (options.ylabel) ax.setYlabel(options.ylabel);
  const { rows, cols } = { rows: img.rows, cols: img.cols };
  if (options.xticklabels) ax.setXticks(options.xticklabels.map((_, i) => i), options.xticklabels, { rotation: options.xticklabels.some((l) => l.length > 3) ? 45 : 0 });
  if (options.yticklabels) ax.setYticks(options.yticklabels.map((_, i) => i), options.yticklabels);
  if (options.annotate ?? (rows <= 20 && cols <= 20)) {
    const data = img.values;
    const allInt = data.every((v) => Number.isInteger(v));
    const decimals = options.decimals ?? (allInt ? 0 : 2);
    const m = img.mappable!;
    const cmap = colormap(m.cmap);
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const v = data[r * cols + c];
        const [red, green, blue] = cmap.rgb((v - m.vmin) / (m.vmax - m.vmin || 1));
        // Dark text on light cells, light text on dark ones (relative luminance of the cell's colour).
        const light = 0.2126 * red + 0.7152 * green + 0.0722 * blue > 140;
        ax.text(c, r, v.toFixed(decimals), { ha: 'center', va: 'center', fontsize: 9, color: light ? '#000' : '#fff' });
      }
    }
  }
  return fig;
}
