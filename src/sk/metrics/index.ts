/**
 * `sk.metrics` — scores for classifiers and regressors (scikit-learn's `sklearn.metrics`). Inputs
 * are number/label arrays or tensors; results are plain numbers (or arrays per label).
 */
export { accuracyScore, precisionScore, recallScore, f1Score, fbetaScore, precisionRecallFscoreSupport } from './classification';
export type { Average, PRFOptions, PRFResult } from './classification';
export { confusionMatrix } from './confusion_matrix';
export { classificationReport, classificationReportRows } from './classification_report';
export type { ClassificationReportOptions, ReportRow } from './classification_report';
export { rocCurve, rocAucScore, auc } from './roc';
export type { RocCurve, RocAucOptions } from './roc';
export { meanSquaredError, meanAbsoluteError, r2Score } from './regression';
