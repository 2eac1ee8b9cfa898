import * as plt from '../../display/plot';
import type { Figure } from '../../display/plot/figure';

/** Deterministic figures whose PNGs are kept as golden images in tests/display/golden/. */
export const goldenFigures: Record<string, () => Figure> = {
  lines: () => {
    const fig = plt.figure({ figsize: [5, 3.5] });
    const x = Array.from({ length: 40 }, (_, i) => i / 4);
    plt.plot(x, x.map(Math.sin), 'r--', { label: 'sin' });
    plt.plot(x, x.map(Math.cos), 'o-', { label: 'cos', markersize: 3 });
    plt.title('Lines'); plt.xlabel('x'); plt.legend(); plt.grid();
    plt.close(fig);
    return fig;
  },
  hist: () => {
    const fig = plt.figure({ figsize: [5, 3.5] });
    const data = Array.from({ length: 500 }, (_, i) => Math.sin(i * 12.9898) * 43758.5453 % 1 + Math.cos(i * 78.233) * 0.5);
    plt.hist(data, { bins: 20, alpha: 0.7, edgecolor: 'black' });
    plt.title('Histogram');
    plt.close(fig);
    return fig;
  },
  boundary: () => {
    const [fig, ax] = plt.subplots({ figsize: [5, 4] });
    const n = 120;
    const g = Array.from({ length: n }, (_, i) => -2 + (4 * i) / (n - 1));
    ax.contourf(g, g, g.map((y) => g.map((x) => 1 / (1 + Math.exp(-4 * (x * x - y))))), { levels: 10, cmap: 'RdBu', alpha: 0.8 });
    ax.scatter([-1.5, -1, 0, 1, 1.5], [1, -1, 0.5, -0.5, 1.5], { c: [0, 1, 0, 1, 1], cmap: 'RdBu', edgecolor: 'black' });
    fig.colorbar(undefined, { ax });
    ax.setTitle('Decision boundary');
    plt.close(fig);
    return fig;
  },
  imshow: () => {
    const [fig, ax] = plt.subplots({ figsize: [4, 3.5] });
    ax.imshow(Array.from({ length: 12 }, (_, r) => Array.from({ length: 16 }, (_, c) => Math.sin(r / 2) * Math.cos(c / 3))), { cmap: 'hot' });
    fig.colorbar(undefined, { ax, label: 'value' });
    plt.close(fig);
    return fig;
  },
  surface: () => {
    const fig = plt.figure({ figsize: [5, 4] });
    const ax = fig.addSubplot(111, { projection: '3d' }) as plt.Axes3D;
    const g = Array.from({ length: 25 }, (_, i) => -2 + (4 * i) / 24);
    ax.plotSurface(g, g, g.map((y) => g.map((x) => x * x - y * y)), { cmap: 'viridis' });
    ax.setXlabel('w1'); ax.setYlabel('w2'); ax.setZlabel('loss');
    return fig;
  },
};
