import { KFold, StratifiedKFold, TrainTestIndices } from './kfold';
import { ParamDistributions, ParamGridSpec, Params, parameterGrid, parameterSampler } from './parameter_grid';
import { VectorLike } from '../array_like';

/** What the score function receives for a cross-validation fold. */
export interface Fold {
  /** 0-based fold number. */
  index: number;
  trainIndex: number[];
  testIndex: number[];
}

/**
 * The user's train-and-score function: trains with `params` (on the fold's training rows when
 * cross-validating) and returns a score where higher is better (e.g. validation accuracy; return
 * `-loss` for a loss).
 */
export type ScoreFunction = (params: Params, fold?: Fold) => number | Promise<number>;

/** Options of the searches. */
export interface SearchOptions {
  /**
   * Cross-validation: a number of folds (KFold, or StratifiedKFold when `fit` gets `y`), or a splitter.
   * Without it the score function is called once per setting with no fold.
   */
  cv?: number | KFold | StratifiedKFold;
  /** Called after each evaluated setting (e.g. to print progress). */
  onResult?: (row: SearchResult, index: number, total: number) => void;
}

/** One row of the results table. */
export interface SearchResult {
  params: Params;
  /** Mean score over the folds. */
  meanTestScore: number;
  /** Standard deviation over the folds (0 without cv). */
  stdTestScore: number;
  /** 1 = best (ties share the lower rank, as sklearn). */
  rankTestScore: number;
  /** The score of each fold. */
  splitTestScores: number[];
  /** Seconds spent in the score function, mean per fold. */
  meanFitTime: number;
}

/** Shared machinery of {@link GridSearch} and {@link RandomizedSearch}. */
abstract class BaseSearch {
  cvResults_: SearchResult[] = [];
  bestIndex_ = -1;
  bestParams_: Params | null = null;
  bestScore_ = NaN;

  constructor(protected readonly scoreFn: ScoreFunction, protected readonly options: SearchOptions = {}) {
    if (typeof scoreFn !== 'function') throw new Error('The search needs a score function (params, fold?) => number | Promise<number>');
  }

  protected abstract candidates(): Params[];

  /** Best setting (alias of `bestParams_`). */
  get bestParams(): Params | null {
    return this.bestParams_;
  }

  /** Best mean score (alias of `bestScore_`). */
  get bestScore(): number {
    return this.bestScore_;
  }

  /** Results as flat records (`param_<name>` columns), ready for a table. */
  resultsTable(): Record<string, unknown>[] {
    return this.cvResults_.map((r) => ({
      ...Object.fromEntries(Object.entries(r.params).map(([k, v]) => [`param_${k}`, v])),
      meanTestScore: r.meanTestScore,
      stdTestScore: r.stdTestScore,
      rankTestScore: r.rankTestScore,
      meanFitTime: r.meanFitTime,
    }));
  }

  /**
   * Evaluates every candidate setting. `X` (and `y`) are only needed with `cv`, to know the number of
   * rows (and the labels for stratification); the score function reads the data itself.
   */
  async fit(X?: unknown, y?: VectorLike): Promise<this> {
    const candidates = this.candidates();
    let folds: TrainTestIndices[] | null = null;
    const { cv } = this.options;
    if (cv !== undefined) {
      if (X === undefined) throw new Error('With cv the search needs fit(X, y?) to know the rows to split');
      const splitter = typeof cv === 'number' ? (y !== undefined ? new StratifiedKFold(cv) : new KFold(cv)) : cv;
      folds = splitter instanceof StratifiedKFold ? splitter.split(X, y as VectorLike) : splitter.split(X);
    }
    const rows: SearchResult[] = [];
    for (const [i, params] of candidates.entries()) {
      const scores: number[] = [];
      let time = 0;
      const runs = folds ?? [null];
      for (const [k, fold] of runs.entries()) {
        const start = performance.now();
        const score = await this.scoreFn({ ...params }, fold ? { index: k, trainIndex: fold[0], testIndex: fold[1] } : undefined);
        time += (performance.now() - start) / 1000;
        if (typeof score !== 'number') throw new Error(`The score function returned ${JSON.stringify(score)} for ${JSON.stringify(params)}; it must return a number`);
        scores.push(score);
      }
      const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
      const std = Math.sqrt(scores.reduce((a, s) => a + (s - mean) ** 2, 0) / scores.length);
      const row = { params, meanTestScore: mean, stdTestScore: std, rankTestScore: 0, splitTestScores: scores, meanFitTime: time / scores.length };
      rows.push(row);
      this.options.onResult?.(row, i, candidates.length);
    }
    const key = (r: SearchResult) => (Number.isNaN(r.meanTestScore) ? -Infinity : r.meanTestScore);
    for (const r of rows) r.rankTestScore = 1 + rows.filter((o) => key(o) > key(r)).length;
    this.cvResults_ = rows;
    this.bestIndex_ = rows.findIndex((r) => r.rankTestScore === 1);
    this.bestParams_ = rows[this.bestIndex_].params;
    this.bestScore_ = rows[this.bestIndex_].meanTestScore;
    return this;
  }
}

/**
 * Exhaustive search over a parameter grid with a user's train-and-score function (sklearn's
 * `GridSearchCV`, for code that trains its own models). Higher scores are better.
 * ```ts
 * const search = new sk.modelSelection.GridSearch({ lr: [1e-3, 1e-2], hidden: [16, 32] }, async (p) => trainAndScore(p));
 * await search.fit();
 * search.bestParams_; search.bestScore_; search.resultsTable();
 * ```
 */
export class GridSearch extends BaseSearch {
  constructor(readonly paramGrid: ParamGridSpec, scoreFn: ScoreFunction, options: SearchOptions = {}) {
    super(scoreFn, options);
    parameterGrid(paramGrid);
  }

  protected candidates(): Params[] {
    return parameterGrid(this.paramGrid);
  }
}

/**
 * Random search: `nIter` settings drawn from lists or distributions (sklearn's `RandomizedSearchCV`).
 * ```ts
 * const { loguniform } = sk.modelSelection;
 * const search = new sk.modelSelection.RandomizedSearch({ lr: loguniform(1e-4, 1e-1), hidden: [16, 32, 64] }, scoreFn, { nIter: 20, randomState: 0 });
 * await search.fit();
 * ```
 */
export class RandomizedSearch extends BaseSearch {
  readonly nIter: number;
  readonly randomState?: number;

  constructor(readonly paramDistributions: ParamDistributions, scoreFn: ScoreFunction, options: SearchOptions & { nIter?: number; randomState?: number } = {}) {
    super(scoreFn, options);
    this.nIter = options.nIter ?? 10;
    this.randomState = options.randomState;
    parameterSampler(paramDistributions, this.nIter, 0);
  }

  protected candidates(): Params[] {
    return parameterSampler(this.paramDistributions, this.nIter, this.randomState);
  }
}
