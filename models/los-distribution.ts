/**
 * Length-of-stay distributions: the survival function P(LoS > t) for each family the scenario
 * allows, parameterised by the mean and a shape.
 */
import type { LosShape } from './scenario.js';

/** Complementary error function, Numerical Recipes' erfcc: fractional error below 1.2e-7. */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

export function normalUpperTail(z: number): number {
  return 0.5 * erfc(z / Math.SQRT2);
}

/** Regularised lower incomplete gamma P(a, x), by series or continued fraction (Numerical Recipes). */
export function gammaP(a: number, x: number): number {
  if (x <= 0) return 0;
  const lnGammaA = lnGamma(a);
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < 1000; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-15) break;
    }
    return sum * Math.exp(-x + a * Math.log(x) - lnGammaA);
  }
  let b = x + 1 - a;
  let c = 1 / 1e-300;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 1000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < 1e-300) d = 1e-300;
    c = b + an / c;
    if (Math.abs(c) < 1e-300) c = 1e-300;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return 1 - Math.exp(-x + a * Math.log(x) - lnGammaA) * h;
}

/** ln Gamma(x) by the Lanczos approximation (g = 7, 9 terms). */
export function lnGamma(x: number): number {
  const g = 7;
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  const xx = x - 1;
  let a = c[0]!;
  const t = xx + g + 0.5;
  for (let i = 1; i < g + 2; i++) a += c[i]! / (xx + i);
  return 0.5 * Math.log(2 * Math.PI) + (xx + 0.5) * Math.log(t) - t + Math.log(a);
}

/** P(LoS > t) for a distribution with the given mean and shape. */
export function losSurvival(shape: LosShape, mean: number): (t: number) => number {
  switch (shape.family) {
    case 'fixed':
      return (t) => (t < mean ? 1 : 0);
    case 'exponential':
      return (t) => Math.exp(-t / mean);
    case 'lognormal': {
      const mu = Math.log(mean) - (shape.sigma * shape.sigma) / 2;
      return (t) => (t <= 0 ? 1 : normalUpperTail((Math.log(t) - mu) / shape.sigma));
    }
    case 'gamma': {
      const k = 1 / (shape.cv * shape.cv);
      const theta = mean / k;
      return (t) => (t <= 0 ? 1 : 1 - gammaP(k, t / theta));
    }
  }
}
