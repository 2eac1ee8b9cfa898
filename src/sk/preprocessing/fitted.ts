/** Throws sklearn's NotFittedError message when an estimator is used before `fit`. */
export function checkFitted(fitted: boolean, name: string): void {
  if (!fitted) {
    throw new Error(`This ${name} instance is not fitted yet. Call 'fit' with appropriate arguments before using this estimator.`);
  }
}

/** Checks that `X` has as many columns as the data the estimator was fitted on. */
export function checkFeatureCount(rows: number[][] | unknown[][], expected: number, name: string): void {
  const got = rows.length > 0 ? rows[0].length : expected;
  if (got !== expected) {
    throw new Error(`X has ${got} features, but ${name} is expecting ${expected} features as input.`);
  }
}
