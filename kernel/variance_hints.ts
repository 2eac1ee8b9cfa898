/**
 * Variance hints for TensorFlow.js's declarations, applied as the cell type-checker reads them.
 *
 * Every cell is checked by a fresh TypeScript type checker, and the first time a cell relates two tensor types
 * (passing a Tensor2D where a Tensor is expected, as nearly every tfjs call does), the checker measures how
 * `Tensor<R>` varies with its rank `R` by comparing all of Tensor's several hundred members: most of the time
 * of a new tensor cell. Declaring the variance TypeScript measures anyway (`out R`: a Tensor of a narrower rank
 * is a Tensor of a wider one) skips that measurement; errors and their messages are the same (checked on tensor
 * assignments across ranks, Variable, generics and arrays). `TSDL_NO_VARIANCE_HINTS=1` turns the hints off.
 *
 * Example: `class Tensor<R extends Rank = Rank>` is read as `class Tensor<out R extends Rank = Rank>`.
 */
const HINTS: { file: RegExp; from: string; to: string }[] = [
  { file: /[/\\]@tensorflow[/\\]tfjs-core[/\\]dist[/\\]tensor\.d\.ts$/, from: 'class Tensor<R extends Rank = Rank> ', to: 'class Tensor<out R extends Rank = Rank> ' },
  { file: /[/\\]@tensorflow[/\\]tfjs-core[/\\]dist[/\\]tensor\.d\.ts$/, from: 'class Variable<R extends Rank = Rank> ', to: 'class Variable<out R extends Rank = Rank> ' },
];

const enabled = process.env.TSDL_NO_VARIANCE_HINTS !== '1';

/** `text` of the declaration file `fileName` with the variance hints that apply to it (unchanged otherwise). */
export function withVarianceHints(fileName: string, text: string | undefined): string | undefined {
  if (!enabled || text === undefined || !fileName.endsWith('.d.ts')) return text;
  let out = text;
  for (const hint of HINTS) {
    if (hint.file.test(fileName)) out = out.replace(hint.from, hint.to);
  }
  return out;
}
