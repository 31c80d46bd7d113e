/**
 * Samplers on top of a uniform stream. Each takes the stream explicitly, so the caller decides
 * which named stream a draw comes from.
 */
import type { Uniform } from './random-streams.js';

/** Standard normal by Box-Muller; uses exactly two uniforms. */
export function standardNormal(u: Uniform): number {
  // 1 - u() lies in (0, 1], so the logarithm is finite.
  const r = Math.sqrt(-2 * Math.log(1 - u()));
  return r * Math.cos(2 * Math.PI * u());
}

/**
 * Poisson draw. Inversion for small means; for means of 10 or more, Hormann's PTRS
 * (transformed rejection with squeeze, 1993), which is exact and needs about 1.1 draws of
 * two uniforms on average whatever the mean.
 */
export function poisson(mean: number, u: Uniform): number {
  if (!(mean >= 0) || !Number.isFinite(mean)) throw new RangeError(`Poisson mean must be finite and >= 0, got ${mean}`);
  if (mean === 0) return 0;
  if (mean < 10) return poissonByInversion(mean, u);
  return poissonPtrs(mean, u);
}

function poissonByInversion(mean: number, u: Uniform): number {
  let k = 0;
  let p = Math.exp(-mean);
  let cumulative = p;
  const target = u();
  while (target > cumulative && k < 1000) {
    k += 1;
    p *= mean / k;
    cumulative += p;
  }
  return k;
}

function poissonPtrs(mean: number, u: Uniform): number {
  const slam = Math.sqrt(mean);
  const logLam = Math.log(mean);
  const b = 0.931 + 2.53 * slam;
  const a = -0.059 + 0.02483 * b;
  const invAlpha = 1.1239 + 1.1328 / (b - 3.4);
  const vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const U = u() - 0.5;
    const V = u();
    const us = 0.5 - Math.abs(U);
    const k = Math.floor(((2 * a) / us + b) * U + mean + 0.43);
    if (us >= 0.07 && V <= vr) return k;
    if (k < 0 || (us < 0.013 && V > us)) continue;
    if (Math.log(V) + Math.log(invAlpha) - Math.log(a / (us * us) + b) <= -mean + k * logLam - logFactorial(k)) {
      return k;
    }
  }
}

const SMALL_LOG_FACTORIALS: number[] = [0];
for (let n = 1; n <= 256; n++) SMALL_LOG_FACTORIALS.push(SMALL_LOG_FACTORIALS[n - 1]! + Math.log(n));

/** ln(n!) by Stirling's series (error < 1e-12), for n > 256. */
function stirlingLogFactorial(n: number): number {
  const x = n + 1;
  return (
    (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * x) - 1 / (360 * x ** 3) + 1 / (1260 * x ** 5)
  );
}

/**
 * Stirling's values for whole n up to this, each computed once when first asked (NaN until
 * then). The threshold solves evaluate Poisson pmfs at the same few thousand k millions of
 * times; the stored value is the same double the series gives, so answers do not change.
 */
const REMEMBERED_LOG_FACTORIALS = 1 << 16;
const rememberedLogFactorials = new Float64Array(REMEMBERED_LOG_FACTORIALS + 1).fill(Number.NaN);

/** ln(n!) exactly from a table for n <= 256, by Stirling's series (error < 1e-12) above. */
export function logFactorial(n: number): number {
  if (n <= 256) return SMALL_LOG_FACTORIALS[n]!;
  if (n <= REMEMBERED_LOG_FACTORIALS && Number.isInteger(n)) {
    let v = rememberedLogFactorials[n]!;
    if (Number.isNaN(v)) rememberedLogFactorials[n] = v = stirlingLogFactorial(n);
    return v;
  }
  return stirlingLogFactorial(n);
}
