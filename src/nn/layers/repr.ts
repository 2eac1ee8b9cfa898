/**
 * Python-style value formatting for `extraRepr()`, so a printed model reads exactly like PyTorch's
 * (`Linear(in_features=2, out_features=4, bias=True)`), and module labels for error messages.
 */
import type { Module } from '../module';

/** Python's repr of a float: `1.0`, `0.1`, `1e-05`. */
export function pyFloat(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  const ax = Math.abs(x);
  if (ax !== 0 && (ax < 1e-4 || ax >= 1e16)) {
    const [mant, exp] = x.toExponential().split('e');
    const e = Number(exp);
    return `${mant}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  }
  return Number.isInteger(x) ? `${x}.0` : String(x);
}

/** Python's True / False. */
export function pyBool(b: boolean): string {
  return b ? 'True' : 'False';
}

/** Python's tuple repr: `(3, 3)`, `(3,)`. */
export function pyTuple(values: readonly number[]): string {
  return values.length === 1 ? `(${values[0]},)` : `(${values.join(', ')})`;
}

/** Python's repr of a number or a list given as a tuple. */
export function pyValue(v: number | readonly number[] | null | undefined): string {
  if (v === null || v === undefined) return 'None';
  return typeof v === 'number' ? String(v) : pyTuple(v);
}

/** One-line label of a module for error messages: `Linear(in_features=2, out_features=4, bias=True)`. */
export function moduleLabel(m: Module): string {
  return `${m.constructor.name}(${m.extraRepr().split('\n').join(', ')})`;
}

/**
 * Runs a functional op on behalf of a module: errors raised by `F.xxx` are re-labelled with the
 * module's printed form, so the message names the layer the user built.
 */
export function asModule<T>(m: Module, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof Error && /^F\.\w+: /.test(err.message)) {
      err.message = err.message.replace(/^F\.\w+: /, `${moduleLabel(m)}: `);
    }
    throw err;
  }
}
