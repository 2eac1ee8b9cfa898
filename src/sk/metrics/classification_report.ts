import { Label, VectorLike } from '../array_like';
import { precisionRecallFscoreSupport } from './classification';
import { checkTargets } from './labels';
import { padLeft, pyFixed } from './python_format';

/** Options of {@link classificationReport}. */
export interface ClassificationReportOptions {
  /** Labels to report (default: sorted labels present). */
  labels?: Label[];
  /** Display names of the labels, same order. */
  targetNames?: string[];
  /** Decimal places in the text (default 2). */
  digits?: number;
  zeroDivision?: 'warn' | 0 | 1;
}

/** One row of the report: per class, then 'accuracy', 'macro avg', 'weighted avg'. */
export interface ReportRow {
  name: string;
  precision: number | null;
  recall: number | null;
  'f1-score': number;
  support: number;
}

/**
 * Per-class precision, recall, F1 and support plus averages, as rows (for a rich table). Same numbers
 * as {@link classificationReport}; the 'accuracy' row has null precision/recall.
 */
export function classificationReportRows(yTrue: VectorLike, yPred: VectorLike, options: ClassificationReportOptions = {}): ReportRow[] {
  const t = checkTargets(yTrue, yPred);
  const labelsGiven = options.labels !== undefined;
  const labels = options.labels ?? t.present;
  const names = options.targetNames ?? labels.map(String);
  if (names.length !== labels.length) {
    throw new Error(`Number of classes, ${labels.length}, does not match size of targetNames, ${names.length}. Try specifying the labels option`);
  }
  const zeroDivision = options.zeroDivision ?? 'warn';
  const per = precisionRecallFscoreSupport(t.yTrue, t.yPred, { labels, average: null, zeroDivision });
  const support = per.support as number[];
  const rows: ReportRow[] = labels.map((_, i) => ({
    name: names[i],
    precision: (per.precision as number[])[i],
    recall: (per.recall as number[])[i],
    'f1-score': (per.fscore as number[])[i],
    support: support[i],
  }));
  const total = support.reduce((a, b) => a + b, 0);
  const microIsAccuracy = !labelsGiven || t.present.every((l) => labels.includes(l));
  for (const average of ['micro', 'macro', 'weighted'] as const) {
    const r = precisionRecallFscoreSupport(t.yTrue, t.yPred, { labels, average, zeroDivision });
    if (average === 'micro' && microIsAccuracy) {
      rows.push({ name: 'accuracy', precision: null, recall: null, 'f1-score': r.fscore as number, support: total });
    } else {
      rows.push({ name: `${average} avg`, precision: r.precision as number, recall: r.recall as number, 'f1-score': r.fscore as number, support: total });
    }
  }
  return rows;
}

/**
 * Text report of per-class precision, recall, F1 and support, formatted exactly like scikit-learn's
 * `classification_report`. With `outputDict: true`, the same nested object sklearn's
 * `output_dict=True` returns.
 * ```ts
 * console.log(sk.metrics.classificationReport(yTrue, yPred, { targetNames: ['benign', 'malignant'] }));
 * ```
 */
export function classificationReport(yTrue: VectorLike, yPred: VectorLike, options?: ClassificationReportOptions & { outputDict?: false }): string;
export function classificationReport(
  yTrue: VectorLike,
  yPred: VectorLike,
  options: ClassificationReportOptions & { outputDict: true },
): Record<string, number | { precision: number; recall: number; 'f1-score': number; support: number }>;
export function classificationReport(
  yTrue: VectorLike,
  yPred: VectorLike,
  options: ClassificationReportOptions & { outputDict?: boolean } = {},
): unknown {
  const digits = options.digits ?? 2;
  if (!Number.isInteger(digits) || digits < 0) throw new Error(`digits should be a non-negative integer, got ${digits}`);
  const rows = classificationReportRows(yTrue, yPred, options);
  if (options.outputDict) {
    const out: Record<string, unknown> = {};
    for (const r of rows) {
      out[r.name] = r.name === 'accuracy' ? r['f1-score'] : { precision: r.precision, recall: r.recall, 'f1-score': r['f1-score'], support: r.support };
    }
    return out;
  }
  const nClasses = rows.length - 3;
  const nameWidth = Math.max(...rows.slice(0, nClasses).map((r) => r.name.length));
  const width = Math.max(nameWidth, 'weighted avg'.length, digits);
  const headers = ['precision', 'recall', 'f1-score', 'support'];
  let report = padLeft('', width) + ' ' + headers.map((h) => ' ' + padLeft(h, 9)).join('') + '\n\n';
  const line = (r: ReportRow) =>
    padLeft(r.name, width) + ' ' + [r.precision, r.recall, r['f1-score']].map((v) => ' ' + padLeft(pyFixed(v as number, digits), 9)).join('') +
    ' ' + padLeft(String(r.support), 9) + '\n';
  rows.slice(0, nClasses).forEach((r) => (report += line(r)));
  report += '\n';
  for (const r of rows.slice(nClasses)) {
    if (r.name === 'accuracy') {
      report += padLeft(r.name, width) + ' ' + ' ' + padLeft('', 9) + ' ' + padLeft('', 9) + ' ' + padLeft(pyFixed(r['f1-score'], digits), 9) + ' ' + padLeft(String(r.support), 9) + '\n';
    } else report += line(r);
  }
  return report;
}
