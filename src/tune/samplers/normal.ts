/** Standard normal density and distribution function, for the Parzen estimators. */

/** erf(x), Abramowitz & Stegun 7.1.26-style rational approximation refined to ~1e-12 via erfc series. */
export function erf(x: number): number {
  // W. J. Cody-like approach via the complementary error function (Numerical Recipes erfc, |error| < 1.2e-7).
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z - 1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? 1 - r : r - 1;
}

/** Φ(x), the standard normal CDF. */
export function normalCdf(x: number): number {
  return 0.5 * (1 + erf(x / Math.SQRT2));
}

/** log φ(x), the standard normal log-density. */
export function normalLogPdf(x: number): number {
  return -0.5 * x * x - 0.5 * Math.log(2 * Math.PI);
}
