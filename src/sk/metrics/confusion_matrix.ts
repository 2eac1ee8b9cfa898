import { Label, VectorLike, reprList } from '../array_like';
import { checkLabels, checkTargets } from './labels';

/**
 * Confusion matrix `C` with `C[i][j]` = samples of true label `labels[i]` predicted as `labels[j]`
 * (sklearn's `confusion_matrix`). `normalize`: 'true' (rows sum to 1), 'pred' (columns), 'all'.
 * ```ts
 * sk.metrics.confusionMatrix([2, 0, 2, 2, 0, 1], [0, 0, 2, 2, 0, 2]);  // [[2,0,0],[0,0,1],[1,0,2]]
 * ```
 */
export function confusionMatrix(
  yTrue: VectorLike,
  yPred: VectorLike,
  options: { labels?: Label[]; normalize?: 'true' | 'pred' | 'all' | null } = {},
): number[][] {
  const t = checkTargets(yTrue, yPred);
  const labels = checkLabels(options.labels, t.present, 'confusionMatrix');
  if (options.labels && !labels.some((l) => t.yTrue.includes(l))) {
    throw new Error(`At least one label specified must be in yTrue; labels=${reprList(labels)}, yTrue has ${reprList(t.present)}`);
  }
  const { normalize = null } = options;
  if (![null, 'true', 'pred', 'all'].includes(normalize)) throw new Error(`normalize must be one of {'true', 'pred', 'all', null}, got ${JSON.stringify(normalize)}`);
  const index = new Map(labels.map((l, i) => [l, i] as [Label, number]));
  const cm = labels.map(() => labels.map(() => 0));
  for (let i = 0; i < t.yTrue.length; i++) {
    const a = index.get(t.yTrue[i]);
    const b = index.get(t.yPred[i]);
    if (a !== undefined && b !== undefined) cm[a][b] += 1;
  }
  if (normalize === null) return cm;
  const safe = (num: number, den: number) => (den === 0 ? 0 : num / den);
  if (normalize === 'true') return cm.map((row) => row.map((v) => safe(v, row.reduce((a, b) => a + b, 0))));
  if (normalize === 'pred') {
    const colSums = labels.map((_, j) => cm.reduce((a, row) => a + row[j], 0));
    return cm.map((row) => row.map((v, j) => safe(v, colSums[j])));
  }
  const total = cm.flat().reduce((a, b) => a + b, 0);
  return cm.map((row) => row.map((v) => safe(v, total)));
}
