/**
 * A streaming quantile sketch in bounded memory: DDSketch (Masson, Rim and Lee, VLDB 2019).
 *
 * @module
 */

import { DenseStore } from "./_dense_store.ts";
import { ExactSum } from "./exact_sum.ts";

/** Options for {@link createSketch}. */
export interface SketchOptions {
  /**
   * The relative accuracy α: every quantile is within `α × |true value|` of the true value.
   * @default 0.01
   */
  readonly relativeAccuracy?: number;
  /**
   * The most bins per sign (positive and negative values each), allocated in pages where values
   * fall: pages of 64 bins, or larger below α ≈ 0.56% so that at most 2048 pages cover every
   * finite double. Past the cap the lowest pages are folded into the next one up, and the
   * quantiles landing in them lose the guarantee. `Infinity` never folds, and is bounded anyway
   * by the pages that finite doubles can reach (at α = 1%, 1,137 pages, 291 KB a sign, if every
   * magnitude from 5e-324 to 1.8e308 is seen).
   * @default Infinity
   */
  readonly maxBins?: number;
}

/** A quantile sketch. Create one with {@link createSketch}. */
export interface QuantileSketch {
  /** The number of values added. */
  readonly count: number;
  /**
   * The exact sum of the values, rounded once to the nearest double: ±Infinity only while that
   * sum is beyond the float range (it comes back when values of the other sign are added).
   */
  readonly sum: number;
  /** The exact mean, `sum / count` computed before rounding; `NaN` when empty. */
  readonly mean: number;
  /** The exact minimum, `NaN` when empty. */
  readonly min: number;
  /** The exact maximum, `NaN` when empty. */
  readonly max: number;
  /** The relative accuracy α. */
  readonly relativeAccuracy: number;
  /** Adds a value; values that are not finite numbers are ignored. */
  add(value: number): void;
  /** The `q`-quantile (`0 ≤ q ≤ 1`), within the relative accuracy; `NaN` when empty. */
  quantile(q: number): number;
  /** Adds every value of another sketch with the same relative accuracy. */
  merge(other: QuantileSketch): void;
}

/**
 * Creates a DDSketch: values are counted in logarithmic bins `(γ^(i-1), γ^i]`, and a bin is
 * reported as `2γ^i / (γ + 1)`, within relative error `(γ - 1) / (γ + 1)` of every value in it.
 * The `q`-quantile is the bin holding the nearest-rank value x, of rank `⌈q × count⌉ - 1`
 * (0-based, `q × count` computed as a double) in sorted order, as Prometheus and HdrHistogram
 * report it (so the p95 of two values is the larger), clamped to the exact min and max; the
 * first and last ranks are the exact min and max.
 *
 * The bound, whatever else the sketch has seen (a timestamp among milliseconds, values near the
 * float limits, magnitudes 10^600 apart), unless a `maxBins` cap has folded x's bin:
 * - `|quantile(q) - x| ≤ α × |x|` for every x of magnitude at least 2^-1022 ≈ 2.2e-308, up to
 *   ±`Number.MAX_VALUE`; negative values mirror positive ones;
 * - zero (and `-0`) is counted exactly and reported as 0;
 * - a subnormal x (below 2^-1022) is reported as the double nearest to a value within α × |x|,
 *   so at most half of 2^-1074 further off.
 * Bins are laid out for α × (1 - 2^-20), so the rounding of logarithms and powers (under
 * 10^-12 relative) stays inside α.
 *
 * Memory: each sign's bins live in pages of 64 (256 bytes; 512 once a bin's count passes
 * 2^32 - 1), allocated where values fall, so a far outlier costs one page and collapses nothing.
 * At α = 1% a page spans a factor of 3.6: a latency series from 1 ms to 1 hour takes 12 pages
 * (3 KB of counts; about 3.1 KB in all on Node, 1.1 KB for a constant value), and one stray
 * timestamp one more page. Values at every magnitude take at most 1,137 pages a sign.
 *
 * @param options The relative accuracy and bin cap.
 * @returns An empty sketch.
 * @throws {RangeError} If `relativeAccuracy` is not in [10^-6, 1) (finer bins could not be
 *   indexed) or `maxBins` not a positive integer or `Infinity`.
 *
 * @example
 * ```ts
 * import { createSketch } from "@jido/telemetry/metrics";
 *
 * const s = createSketch();
 * for (let i = 1; i <= 1000; i++) s.add(i);
 * s.add(1.7e12); // a timestamp passed as a duration
 * s.quantile(0.5); // → 497.77... (the value at rank 500 is 501: within 1%)
 * s.mean; // → 1698302697.3026974
 * ```
 */
export function createSketch(options: SketchOptions = {}): QuantileSketch {
  const { relativeAccuracy = 0.01, maxBins = Infinity } = options;
  if (!(relativeAccuracy >= 1e-6 && relativeAccuracy < 1)) {
    throw new RangeError(
      `Invalid relativeAccuracy ${relativeAccuracy}: expected 1e-6 ≤ α < 1`,
    );
  }
  if (!((Number.isInteger(maxBins) || maxBins === Infinity) && maxBins > 0)) {
    throw new RangeError(`Invalid maxBins ${maxBins}: expected a positive integer or Infinity`);
  }
  return new DDSketch(relativeAccuracy, maxBins);
}

/** ln(2^128): values whose bin lies below e^-700 are computed 2^128 higher, then scaled once. */
const lift = 128 * Math.LN2;

class DDSketch implements QuantileSketch {
  readonly relativeAccuracy: number;
  count = 0;
  min = NaN;
  max = NaN;
  #sum = new ExactSum();
  /** ln γ, its inverse, and 2 / (γ + 1): a bin's value over its upper bound. */
  #logGamma: number;
  #invLogGamma: number;
  #scale: number;
  #positive: DenseStore;
  #negative: DenseStore;
  #zero = 0;

  constructor(relativeAccuracy: number, maxBins: number) {
    this.relativeAccuracy = relativeAccuracy;
    const alpha = relativeAccuracy * (1 - 2 ** -20);
    const gamma = (1 + alpha) / (1 - alpha);
    this.#logGamma = Math.log(gamma);
    this.#invLogGamma = 1 / this.#logGamma;
    this.#scale = 2 / (gamma + 1);
    // Pages of 64 bins, or larger where that would take more than 2048 pages for every double.
    const bins = this.#index(Number.MAX_VALUE) - this.#index(Number.MIN_VALUE) + 1;
    const pageShift = Math.max(6, Math.ceil(Math.log2(bins / 2048)));
    this.#positive = new DenseStore(maxBins, pageShift);
    this.#negative = new DenseStore(maxBins, pageShift);
  }

  get sum(): number {
    return this.#sum.value;
  }

  get mean(): number {
    return this.count === 0 ? NaN : this.#sum.mean(this.count);
  }

  add(value: number): void {
    if (!Number.isFinite(value)) return;
    if (value > 0) this.#positive.add(this.#index(value), 1);
    else if (value < 0) this.#negative.add(this.#index(-value), 1);
    else this.#zero++;
    this.#sum.add(value);
    this.#account(1, value, value);
  }

  quantile(q: number): number {
    if (this.count === 0 || !(q >= 0 && q <= 1)) return NaN;
    const rank = Math.max(0, Math.ceil(q * this.count) - 1);
    if (rank === 0) return this.min;
    if (rank >= this.count - 1) return this.max;
    let seen = 0;
    let found = NaN;
    this.#negative.forEach((i, c) => {
      seen += c;
      if (seen > rank) found = -this.#value(i);
      return seen > rank;
    }, true);
    if (Number.isNaN(found)) {
      seen += this.#zero;
      if (seen > rank) found = 0;
    }
    if (Number.isNaN(found)) {
      this.#positive.forEach((i, c) => {
        seen += c;
        if (seen > rank) found = this.#value(i);
        return seen > rank;
      });
    }
    if (Number.isNaN(found)) found = this.max;
    return Math.min(Math.max(found, this.min), this.max);
  }

  merge(other: QuantileSketch): void {
    if (!(other instanceof DDSketch) || other.relativeAccuracy !== this.relativeAccuracy) {
      throw new TypeError(
        `Cannot merge a sketch of relative accuracy ${other.relativeAccuracy} into one of ` +
          `${this.relativeAccuracy}`,
      );
    }
    if (other.count === 0) return;
    other.#positive.forEach((i, c) => this.#positive.add(i, c));
    other.#negative.forEach((i, c) => this.#negative.add(i, c));
    this.#zero += other.#zero;
    this.#sum.addSum(other.#sum);
    this.#account(other.count, other.min, other.max);
  }

  #account(count: number, min: number, max: number): void {
    this.min = this.count === 0 ? min : Math.min(this.min, min);
    this.max = this.count === 0 ? max : Math.max(this.max, max);
    this.count += count;
  }

  #index(magnitude: number): number {
    return Math.ceil(Math.log(magnitude) * this.#invLogGamma);
  }

  /** The value reported for bin `index`: `2γ^index / (γ + 1)`, `Infinity` past the float range. */
  #value(index: number): number {
    const log = index * this.#logGamma;
    if (log > -700) return this.#scale * Math.exp(log);
    // A subnormal result would be rounded twice: compute it 2^128 higher, then scale it once.
    return this.#scale * Math.exp(log + lift) * 2 ** -128;
  }
}
