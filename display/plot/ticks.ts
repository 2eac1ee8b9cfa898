/**
 * "Nice" numbers for contour levels and histogram bins, like matplotlib's MaxNLocator: steps of 1, 2, 2.5,
 * 5 or 10 times a power of ten.
 *
 * Example:
 * ```ts
 * niceLevels(0, 1, 5) // [0, 0.2, 0.4, 0.6, 0.8, 1]
 * ```
 */
export function niceLevels(min: number, max: number, n: number): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) throw new Error(`niceLevels: non-finite range [${min}, ${max}]`);
  if (min === max) { min -= 0.5; max += 0.5; }
  const raw = (max - min) / Math.max(1, n);
  const mag = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 2.5, 5, 10].map((s) => s * mag).find((s) => Math.floor(max / s) - Math.ceil(min / s) + 1 <= n + 1 && Math.ceil(max / s) - Math.floor(min / s) <= n)
    ?? 10 * mag;
  const lo = Math.floor(min / step + 1e-9) * step;
  const hi = Math.ceil(max / step - 1e-9) * step;
  const out: number[] = [];
  for (let v = lo; v <= hi + step * 1e-6; v += step) out.push(roundTo(v, step));
  return out;
}

function roundTo(v: number, step: number): number {
  const digits = Math.max(0, -Math.floor(Math.log10(step)) + 2);
  return Number(v.toFixed(Math.min(20, digits)));
}
