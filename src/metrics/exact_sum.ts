/**
 * An exact running sum of doubles, for summaries, distributions, sums and alert windows: adding
 * (and subtracting) finite values in any order loses no bit, so the sum never drifts, and it is
 * never stuck at ±Infinity (`1e308 + 1e308 - 1e308` is `1e308`). Reading rounds the exact sum,
 * or the exact mean, once to the nearest double. Not part of the public entry.
 *
 * The sum is `big + hi + lo`. The double-double `(hi, lo)` takes every addition whose exact
 * result it can hold, with three TwoSums (Knuth), which is every addition while the bits of the
 * sum span less than about 2^100 (any realistic series). What it cannot hold (a rounding error
 * past its 106 bits, or a sum past the float range) goes to `big`, a count of 2^-1074 (the
 * spacing of the smallest doubles) kept exact by BigInt; reading folds `big` back into
 * `(hi, lo)` when the total fits there again, as when an outlier leaves an alert window.
 *
 * @module
 */

const float = new Float64Array(1);
const bits = new BigUint64Array(float.buffer);

/** The finite double `x` as an exact count of 2^-1074. */
function toUnits(x: number): bigint {
  float[0] = x;
  const b = bits[0];
  const exponent = (b >> 52n) & 0x7ffn;
  const fraction = b & 0xf_ffff_ffff_ffffn;
  const magnitude = exponent === 0n
    ? fraction
    : (fraction | 0x10_0000_0000_0000n) << (exponent - 1n);
  return b >> 63n === 1n ? -magnitude : magnitude;
}

/** 2^k as a double, exactly, for `-1074 <= k`; `Infinity` past 2^1023. */
function pow2(k: number): number {
  if (k > 1023) return Infinity;
  bits[0] = k >= -1022 ? BigInt(k + 1023) << 52n : 1n << BigInt(k + 1074);
  return float[0];
}

function bitLength(n: bigint): number {
  return n === 0n ? 0 : n.toString(2).length;
}

/**
 * The double nearest to `units / divisor` × 2^-1074 (ties to even; ±Infinity past the float
 * range, as IEEE 754 rounds), for a positive `divisor`.
 */
export function roundUnits(units: bigint, divisor = 1n): number {
  if (units === 0n) return 0;
  const negative = units < 0n;
  const a = negative ? -units : units;
  // Scale so the quotient has at least 55 bits: 53 kept, a round bit and a guard bit.
  const shift = Math.max(0, 55 - bitLength(a) + bitLength(divisor));
  const scaled = a << BigInt(shift);
  const q = scaled / divisor;
  const sticky = scaled % divisor !== 0n;
  // Keep 53 significant bits, or fewer where the result is subnormal (its last bit is 2^-1074).
  const drop = Math.max(bitLength(q) - 53, shift);
  let m = q >> BigInt(drop);
  const rest = q - (m << BigInt(drop));
  const half = 1n << BigInt(drop - 1);
  if (rest > half || (rest === half && (sticky || (m & 1n) === 1n))) m++;
  const magnitude = Number(m) * pow2(drop - shift - 1074);
  return negative ? -magnitude : magnitude;
}

/** An exact running sum. */
export class ExactSum {
  #hi = 0;
  #lo = 0;
  #big = 0n;

  /** Adds the finite value `x` (a negative one subtracts), exactly. */
  add(x: number): void {
    const hi = this.#hi;
    const lo = this.#lo;
    // (s, e) = TwoSum(hi, x); (t, f) = TwoSum(lo, e); (u, g) = TwoSum(s, t). Then
    // hi + lo + x = s + e + lo = s + t + f = u + g + f exactly, unless something overflowed.
    const s = hi + x;
    const xs = s - hi;
    const e = (hi - (s - xs)) + (x - xs);
    const t = lo + e;
    const et = t - lo;
    const f = (lo - (t - et)) + (e - et);
    const u = s + t;
    const tu = u - s;
    const g = (s - (u - tu)) + (t - tu);
    if (Number.isFinite(u + g)) {
      if (f !== 0) this.#big += toUnits(f);
      this.#hi = u;
      this.#lo = g;
    } else {
      if (!Number.isFinite(x)) throw new RangeError(`Cannot add ${x} to an exact sum`);
      // Past the float range: keep every part in units, where nothing overflows.
      this.#big += toUnits(hi) + toUnits(lo) + toUnits(x);
      this.#hi = 0;
      this.#lo = 0;
    }
  }

  /** Adds every value another sum holds, exactly. */
  addSum(other: ExactSum): void {
    this.add(other.#hi);
    this.add(other.#lo);
    this.#big += other.#big;
  }

  /** Empties the sum. */
  clear(): void {
    this.#hi = 0;
    this.#lo = 0;
    this.#big = 0n;
  }

  /** The exact sum rounded to the nearest double: ±Infinity only while it is past ±1.8e308. */
  get value(): number {
    if (this.#big === 0n) return this.#hi; // hi is lo + hi rounded, as TwoSum left them
    const total = this.#big + toUnits(this.#hi) + toUnits(this.#lo);
    const rounded = roundUnits(total);
    this.#settle(total, rounded);
    return rounded;
  }

  /** The exact sum over `count` (a positive integer), rounded to the nearest double. */
  mean(count: number): number {
    // With lo and big zero, hi is the exact sum: one division rounds the exact mean.
    if (this.#big === 0n && this.#lo === 0) return this.#hi / count;
    const total = this.#big + toUnits(this.#hi) + toUnits(this.#lo);
    this.#settle(total, roundUnits(total));
    return roundUnits(total, BigInt(count));
  }

  /** Moves `big` back into `(hi, lo)` when the total is the sum of two doubles again. */
  #settle(total: bigint, hi: number): void {
    if (!Number.isFinite(hi)) return;
    const rest = total - toUnits(hi);
    const lo = roundUnits(rest);
    if (toUnits(lo) !== rest) return;
    this.#hi = hi;
    this.#lo = lo;
    this.#big = 0n;
  }
}
