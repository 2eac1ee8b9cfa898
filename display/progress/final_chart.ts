import { Figure } from '../plot/figure';
import type { History } from './live_chart';

/**
 * The static chart left when training ends: every logged metric against its step, drawn with `plt` and
 * rendered to PNG (losses and accuracies on one axes; matplotlib's look).
 */
export function finalChartPng(history: History): { png: Buffer; width: number; height: number } {
  const fig = new Figure({ figsize: [6, 2.6] });
  const ax = fig.addSubplot(1, 1, 1);
  for (const [name, values] of history) {
    const xs = values.map((_, i) => i + 1);
    ax.plot(xs, values, values.length <= 30 ? 'o-' : '-', { label: name, markersize: 3 });
  }
  const steps = Math.max(...[...history.values()].map((v) => v.length));
  if (steps <= 12) ax.setXticks(Array.from({ length: steps }, (_, i) => i + 1));
  ax.setXlabel('step');
  ax.grid();
  ax.legend();
  const r = fig.render();
  return { png: r.png, width: r.width, height: r.height };
}
