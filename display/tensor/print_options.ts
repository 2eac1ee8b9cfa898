/**
 * Print options for tensor text output, with PyTorch's defaults (`torch.set_printoptions`).
 *
 * Example:
 * ```ts
 * setPrintOptions({ precision: 2 }); // later printouts use two decimals
 * ```
 */
export interface PrintOptions {
  /** Digits after the decimal point (default 4). */
  precision: number;
  /** Total element count above which the printout is summarised with `...` (default 1000). */
  threshold: number;
  /** Items shown at the start and end of each summarised dimension (default 3). */
  edgeitems: number;
  /** Characters per line before wrapping (default 80). */
  linewidth: number;
  /** Force (true) or forbid (false) scientific notation; `undefined` chooses automatically like PyTorch. */
  sciMode?: boolean;
}

const DEFAULTS: PrintOptions = { precision: 4, threshold: 1000, edgeitems: 3, linewidth: 80, sciMode: undefined };

export const printOptions: PrintOptions = { ...DEFAULTS };

/** Changes the global print options (unspecified fields keep their value); `setPrintOptions('default')` resets. */
export function setPrintOptions(options: Partial<PrintOptions> | 'default'): void {
  if (options === 'default') {
    Object.assign(printOptions, DEFAULTS);
    return;
  }
  for (const [k, v] of Object.entries(options)) {
    if (k === 'sciMode') continue;
    if (!(k in DEFAULTS)) throw new Error(`setPrintOptions: unknown option '${k}'`);
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
      throw new Error(`setPrintOptions: ${k} must be a non-negative integer, got ${String(v)}`);
    }
  }
  Object.assign(printOptions, options);
}
