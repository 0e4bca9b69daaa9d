// Exact references for the numeric tests, in BigInt: a double is an integer count of 2^-1074
// (a "unit"), so sums and comparisons of doubles are exact here. Written apart from the library's
// own exact sum, as a check on it: this file only checks that a result is the nearest double, it
// never rounds.

const float = new Float64Array(1);
const bits = new BigUint64Array(float.buffer);

/** The finite double `x` as an exact count of 2^-1074. */
export function units(x: number): bigint {
  if (!Number.isFinite(x)) throw new RangeError(`Not finite: ${x}`);
  float[0] = Math.abs(x);
  const b = bits[0];
  const exponent = b >> 52n;
  const fraction = b & ((1n << 52n) - 1n);
  const magnitude = exponent === 0n ? fraction : ((1n << 52n) + fraction) << (exponent - 1n);
  return x < 0 ? -magnitude : magnitude;
}

/** The exact sum of `values`, in units. */
export function exactSum(values: readonly number[]): bigint {
  let s = 0n;
  for (const v of values) s += units(v);
  return s;
}

const abs = (n: bigint) => (n < 0n ? -n : n);

/** The next double towards +Infinity (finite `x`). */
function nextUp(x: number): number {
  if (x === 0) return Number.MIN_VALUE;
  float[0] = x;
  bits[0] += x > 0 ? 1n : -1n;
  return float[0];
}

/** 2^1024 in units: where the doubles would go on past `Number.MAX_VALUE`. */
const beyond = 1n << 2098n;
/** The least magnitude that rounds to Infinity: `Number.MAX_VALUE` plus half its ulp. */
const overflow = beyond - (1n << 2044n);

/** The value of a finite double in units, with ±2^1024 for the doubles past ±MAX_VALUE. */
function unitsOr(x: number): bigint {
  return x === Infinity ? beyond : x === -Infinity ? -beyond : units(x);
}

/**
 * Whether `r` is the double nearest to `sum / count` units (ties to even; ±Infinity from
 * `Number.MAX_VALUE` plus half an ulp on), as IEEE 754 rounds the exact result.
 */
export function isNearest(r: number, sum: bigint, count = 1n): boolean {
  if (r === Infinity) return sum >= count * overflow;
  if (r === -Infinity) return -sum >= count * overflow;
  if (Number.isNaN(r) || abs(sum) >= count * overflow) return false;
  const d = abs(sum - units(r) * count);
  const up = abs(sum - unitsOr(nextUp(r)) * count);
  const down = abs(sum - unitsOr(-nextUp(-r)) * count);
  if (d > up || d > down) return false;
  if (d < up && d < down) return true;
  float[0] = r;
  return (bits[0] & 1n) === 0n; // a tie: the even one
}

/** The smallest normal magnitude, 2^-1022, in units. */
const normal = 1n << 52n;

/**
 * Whether `got` is within α = 1/100 of `want` as `createSketch()` documents: exactly 0 for 0;
 * `|got - want| ≤ |want| / 100` for normal magnitudes; for subnormal ones, at most half a unit
 * more (the double nearest to a value within the bound).
 */
export function withinPercent(got: number, want: number): boolean {
  if (!Number.isFinite(got)) return false;
  if (want === 0) return got === 0;
  const w = units(want);
  const d = abs(units(got) - w);
  return abs(w) >= normal ? 100n * d <= abs(w) : 200n * d <= 2n * abs(w) + 100n;
}

/** The nearest-rank value of rank ⌈q·n⌉ - 1 in `sorted`, the one the sketch's bound is about. */
export function nearestRank(sorted: readonly number[], q: number): number {
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)];
}

/** Sorts numbers ascending (a copy). */
export function sorted(values: readonly number[]): number[] {
  return [...values].sort((a, b) => a - b);
}
