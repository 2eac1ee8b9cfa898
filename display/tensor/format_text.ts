import { printOptions, type PrintOptions } from './print_options';

/** A tensor's values as plain data: what the formatter needs (no tfjs dependency). */
export interface TensorData {
  shape: number[];
  dtype: string;
  /** Row-major values (numbers, booleans as 0/1 for dtype 'bool', strings for dtype 'string'). */
  values: ArrayLike<number> | string[];
}

/**
 * Formats a tensor the way PyTorch prints it: `tensor([[0.1000, 0.2000], [...]])`.
 *
 * Same rules as `torch/_tensor_str.py`: all values share one width; floats print with `precision` decimals,
 * as `1.` when all are integral, in scientific notation when the magnitudes span more than 1000x or are
 * tiny/huge; tensors with more than `threshold` elements are summarised to `edgeitems` per side with `...`.
 * The dtype is appended when it is not float32 (bool is implied by True/False, as in PyTorch).
 *
 * Example:
 * ```ts
 * formatTensor({ shape: [2], dtype: 'float32', values: [0.1, 2] }) // 'tensor([0.1000, 2.0000])'
 * ```
 */
export function formatTensor(t: TensorData, options: Partial<PrintOptions> = {}, extra: { requiresGrad?: boolean } = {}): string {
  const opts = { ...printOptions, ...options };
  const prefix = 'tensor(';
  const indent = prefix.length;
  const numel = t.shape.reduce((a, b) => a * b, 1);
  const suffixes: string[] = [];
  let body: string;
  if (numel === 0 && t.shape.length > 0) {
    body = '[]';
    if (t.shape.length !== 1) suffixes.push(`size=(${t.shape.join(', ')}${t.shape.length === 1 ? ',' : ''})`);
  } else {
    const summarize = numel > opts.threshold;
    const shown = summarize ? summarizedValues(t, opts.edgeitems) : allValues(t);
    const formatter = makeFormatter(shown, t.dtype, opts);
    body = formatNested(t, 0, 0, indent, summarize, formatter, opts);
  }
  if (t.dtype !== 'float32' && t.dtype !== 'bool') suffixes.push(`dtype=${t.dtype}`);
  if (extra.requiresGrad) suffixes.push('requires_grad=True');
  return addSuffixes(prefix + body, suffixes, indent, opts.linewidth);
}

type Value = number | string;

interface Formatter {
  width: number;
  format(v: Value): string;
}

function allValues(t: TensorData): Value[] {
  return Array.from(t.values as ArrayLike<Value>);
}

/** The values PyTorch looks at to choose the format of a summarised tensor: the edge items of every dimension. */
function summarizedValues(t: TensorData, edge: number): Value[] {
  const out: Value[] = [];
  const strides = stridesOf(t.shape);
  const walk = (dim: number, offset: number): void => {
    if (dim === t.shape.length) {
      out.push((t.values as ArrayLike<Value>)[offset]);
      return;
    }
    for (const i of edgeIndices(t.shape[dim], edge, true)) walk(dim + 1, offset + i * strides[dim]);
  };
  walk(0, 0);
  return out;
}

function edgeIndices(size: number, edge: number, summarize: boolean): number[] {
  if (!summarize || size <= 2 * edge) return Array.from({ length: size }, (_, i) => i);
  const head = Array.from({ length: edge }, (_, i) => i);
  const tail = Array.from({ length: edge }, (_, i) => size - edge + i);
  return [...head, ...tail];
}

function stridesOf(shape: number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) { s[i] = acc; acc *= shape[i]; }
  return s;
}

function makeFormatter(values: Value[], dtype: string, opts: PrintOptions): Formatter {
  if (dtype === 'bool') {
    const words = values.map((v) => (v ? 'True' : 'False'));
    const width = Math.max(1, ...words.map((w) => w.length));
    return { width, format: (v) => (v ? 'True' : 'False').padStart(width) };
  }
  if (dtype === 'string') {
    const width = Math.max(1, ...values.map((v) => `'${v}'`.length));
    return { width, format: (v) => `'${v}'`.padStart(width) };
  }
  if (dtype !== 'float32' && dtype !== 'float64' && dtype !== 'complex64') {
    const width = Math.max(1, ...values.map((v) => String(v).length));
    return { width, format: (v) => String(v).padStart(width) };
  }
  const nums = values as number[];
  const finiteNonzero = nums.filter((v) => Number.isFinite(v) && v !== 0);
  let width = 1;
  let intMode = true;
  let sciMode = false;
  const p = opts.precision;
  if (finiteNonzero.length > 0) {
    const abs = finiteNonzero.map(Math.abs);
    const min = Math.min(...abs);
    const max = Math.max(...abs);
    intMode = finiteNonzero.every((v) => v === Math.ceil(v));
    if (intMode) {
      if (max / min > 1000 || max > 1e8) {
        sciMode = true;
        for (const v of finiteNonzero) width = Math.max(width, pyExp(v, p).length);
      } else {
        for (const v of finiteNonzero) width = Math.max(width, v.toFixed(0).length + 1);
      }
    } else if (max / min > 1000 || max > 1e8 || min < 1e-4) {
      sciMode = true;
      for (const v of finiteNonzero) width = Math.max(width, pyExp(v, p).length);
    } else {
      for (const v of finiteNonzero) width = Math.max(width, v.toFixed(p).length);
    }
  }
  if (opts.sciMode !== undefined) sciMode = opts.sciMode;
  const w = width;
  return {
    width: w,
    format: (v) => {
      const x = v as number;
      let s: string;
      if (!Number.isFinite(x)) s = Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf';
      else if (sciMode) s = pyExp(x, p);
      else if (intMode) s = x.toFixed(0) + '.';
      else s = x.toFixed(p);
      return s.padStart(w);
    },
  };
}

/** Python's `'{:.pe}'.format(v)`: mantissa with p decimals and an exponent of at least two digits. */
function pyExp(v: number, p: number): string {
  const [mant, exp] = v.toExponential(p).split('e');
  const sign = exp.startsWith('-') ? '-' : '+';
  const digits = exp.replace(/^[+-]/, '').padStart(2, '0');
  return `${mant}e${sign}${digits}`;
}

function formatNested(
  t: TensorData, dim: number, offset: number, indent: number, summarize: boolean, f: Formatter, opts: PrintOptions,
): string {
  const values = t.values as ArrayLike<Value>;
  const ndim = t.shape.length;
  if (ndim === 0) return f.format(values[0]).trim();
  const strides = stridesOf(t.shape);
  const size = t.shape[dim];
  const cut = summarize && size > 2 * opts.edgeitems;
  const head = cut ? opts.edgeitems : size;
  if (dim === ndim - 1) {
    const items: string[] = [];
    for (let i = 0; i < head; i++) items.push(f.format(values[offset + i * strides[dim]]));
    if (cut) {
      items.push(' ...');
      for (let i = size - opts.edgeitems; i < size; i++) items.push(f.format(values[offset + i * strides[dim]]));
    }
    const perLine = Math.max(1, Math.floor((opts.linewidth - indent) / (f.width + 2)));
    const lines: string[] = [];
    for (let i = 0; i < items.length; i += perLine) lines.push(items.slice(i, i + perLine).join(', '));
    return '[' + lines.join(',\n' + ' '.repeat(indent + 1)) + ']';
  }
  const slices: string[] = [];
  for (let i = 0; i < head; i++) slices.push(formatNested(t, dim + 1, offset + i * strides[dim], indent + 1, summarize, f, opts));
  if (cut) {
    slices.push('...');
    for (let i = size - opts.edgeitems; i < size; i++) {
      slices.push(formatNested(t, dim + 1, offset + i * strides[dim], indent + 1, summarize, f, opts));
    }
  }
  const remaining = ndim - dim;
  return '[' + slices.join(',' + '\n'.repeat(remaining - 1) + ' '.repeat(indent + 1)) + ']';
}

function addSuffixes(body: string, suffixes: string[], indent: number, linewidth: number): string {
  const parts = [body];
  let lastLineLen = body.length - body.lastIndexOf('\n') + 1;
  for (const s of suffixes) {
    if (lastLineLen + s.length + 2 > linewidth) {
      parts.push(',\n' + ' '.repeat(indent) + s);
      lastLineLen = indent + s.length;
    } else {
      parts.push(', ' + s);
      lastLineLen += s.length + 2;
    }
  }
  parts.push(')');
  return parts.join('');
}
