import { Distribution } from './distributions';
import { Generator, makeGenerator, permutation } from '../../data/generator';

/** Hyper-parameter settings: name → value. */
export type Params = Record<string, unknown>;
/** A grid: name → list of values (or a list of such grids). */
export type ParamGridSpec = Record<string, unknown[]> | Array<Record<string, unknown[]>>;

function checkGrid(grid: Record<string, unknown[]>): void {
  if (grid === null || typeof grid !== 'object' || Array.isArray(grid)) throw new Error(`Parameter grid should be an object of arrays, got ${JSON.stringify(grid)}`);
  for (const [k, v] of Object.entries(grid)) {
    if (!Array.isArray(v)) throw new Error(`Parameter grid for parameter '${k}' needs to be an array, but got ${JSON.stringify(v)} (of type ${typeof v}) instead.`);
    if (v.length === 0) throw new Error(`Parameter grid for parameter '${k}' need to be a non-empty sequence, got: []`);
  }
}

/**
 * All combinations of a parameter grid, in scikit-learn's order (`ParameterGrid`): names sorted,
 * the last name varying fastest.
 * ```ts
 * sk.modelSelection.parameterGrid({ lr: [0.1, 0.01], hidden: [16, 32] });
 * // [{hidden:16, lr:0.1}, {hidden:16, lr:0.01}, {hidden:32, lr:0.1}, {hidden:32, lr:0.01}]
 * ```
 */
export function parameterGrid(spec: ParamGridSpec): Params[] {
  const grids = Array.isArray(spec) ? spec : [spec];
  const out: Params[] = [];
  for (const grid of grids) {
    checkGrid(grid);
    const keys = Object.keys(grid).sort();
    let combos: Params[] = [{}];
    for (const k of keys) combos = combos.flatMap((c) => grid[k].map((v) => ({ ...c, [k]: v })));
    out.push(...combos);
  }
  return out;
}

/** name → list of values or a {@link Distribution}. */
export type ParamDistributions = Record<string, unknown[] | Distribution>;

function isDistribution(v: unknown): v is Distribution {
  return v !== null && typeof v === 'object' && typeof (v as Distribution).sample === 'function';
}

/**
 * `nIter` random settings (sklearn's `ParameterSampler`). When every entry is a list, settings are
 * drawn without replacement from the grid; otherwise lists are sampled uniformly and distributions
 * with `sample`.
 */
export function parameterSampler(distributions: ParamDistributions, nIter: number, seed?: number): Params[] {
  if (!Number.isInteger(nIter) || nIter <= 0) throw new Error(`nIter should be a positive integer, got ${nIter}`);
  const keys = Object.keys(distributions).sort();
  for (const k of keys) {
    const d = distributions[k];
    if (!isDistribution(d) && (!Array.isArray(d) || d.length === 0)) {
      throw new Error(`Parameter distribution for '${k}' should be a non-empty array or a distribution (uniform, loguniform, randint), got ${JSON.stringify(d)}`);
    }
  }
  const gen: Generator = makeGenerator(seed);
  if (keys.every((k) => Array.isArray(distributions[k]))) {
    const grid = parameterGrid(distributions as Record<string, unknown[]>);
    if (nIter > grid.length) {
      console.warn(`The total space of parameters ${grid.length} is smaller than nIter=${nIter}. Running ${grid.length} iterations.`);
    }
    return permutation(gen, grid.length).slice(0, Math.min(nIter, grid.length)).map((i) => grid[i]);
  }
  return Array.from({ length: nIter }, () => {
    const p: Params = {};
    for (const k of keys) {
      const d = distributions[k];
      p[k] = isDistribution(d) ? d.sample(gen) : (d as unknown[])[Math.floor(gen.random() * (d as unknown[]).length)];
    }
    return p;
  });
}
