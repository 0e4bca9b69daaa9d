/**
 * A streaming quantile sketch in bounded memory: DDSketch (Masson, Rim and Lee, VLDB 2019).
 *
 * @module
 */

import { DenseStore } from "./_dense_store.ts";

/** Options for {@link createSketch}. */
export interface SketchOptions {
  /**
   * The relative accuracy α: every quantile is within `α × |true value|` of the true value.
   * @default 0.01
   */
  readonly relativeAccuracy?: number;
  /**
   * The most bins per sign (positive and negative values each): the widest span of bin indices
   * kept. Past it the bins nearest zero are collapsed, and only the quantiles landing in them lose
   * the guarantee. `maxBins` bins keep it for magnitudes down to the largest over `γ^(maxBins-1)`.
   * @default 2048
   */
  readonly maxBins?: number;
}

/** A quantile sketch. Create one with {@link createSketch}. */
export interface QuantileSketch {
  /** The number of values added. */
  readonly count: number;
  /** The exact sum of the values. */
  readonly sum: number;
  /** The exact minimum, `NaN` when empty. */
  readonly min: number;
  /** The exact maximum, `NaN` when empty. */
  readonly max: number;
  /** The relative accuracy α. */
  readonly relativeAccuracy: number;
  /** Adds a value; non-finite values are ignored. */
  add(value: number): void;
  /** The `q`-quantile (`0 ≤ q ≤ 1`), within the relative accuracy; `NaN` when empty. */
  quantile(q: number): number;
  /** Adds every value of another sketch with the same relative accuracy. */
  merge(other: QuantileSketch): void;
}

/**
 * Creates a DDSketch: values are counted in logarithmic bins `(γ^(i-1), γ^i]` with
 * `γ = (1 + α) / (1 - α)`, and a bin is reported as `2γ^i / (γ + 1)`, which is within relative
 * error α of every value in it. The `q`-quantile is the bin holding the nearest-rank value, of
 * rank `⌈q × count⌉ - 1` (0-based) in sorted order, as Prometheus and HdrHistogram report it
 * (so the p95 of two values is the larger), clamped to the exact min and max; so it is
 * within `α × |x|` of that value `x`. Zero is counted exactly; negatives mirror positives.
 *
 * Memory: each sign's bins are one array over the span of bin indices seen, allocated on that
 * sign's first value and grown 16 bins at a time, so at most `maxBins + 16` bins a sign. A bin
 * takes 4 bytes, or 8 once some bin's count passes 2^32 - 1; the sketch itself adds about 0.7 KB
 * on Node. With the defaults (α = 1%, 2048 bins) the counts take at most 2 × 2064 × 4 bytes
 * ≈ 16 KB, and the 1% guarantee holds over a ratio of γ^2047 ≈ 6 × 10^17 between the largest and
 * smallest magnitude. A latency series from 1 ms to 1 hour spans 755 bins, about 3 KB of counts.
 *
 * @param options The relative accuracy and bin cap.
 * @returns An empty sketch.
 * @throws {RangeError} If `relativeAccuracy` is not in (0, 1) or `maxBins` not a positive integer.
 *
 * @example
 * ```ts
 * import { createSketch } from "@jido/telemetry/metrics";
 *
 * const s = createSketch();
 * for (let i = 1; i <= 1000; i++) s.add(i);
 * s.quantile(0.5); // → 497.77... (the value at rank 499 is 500: within 1%)
 * ```
 */
export function createSketch(options: SketchOptions = {}): QuantileSketch {
  const { relativeAccuracy = 0.01, maxBins = 2048 } = options;
  if (!(relativeAccuracy > 0 && relativeAccuracy < 1)) {
    throw new RangeError(`Invalid relativeAccuracy ${relativeAccuracy}: expected 0 < α < 1`);
  }
  if (!(Number.isInteger(maxBins) && maxBins > 0)) {
    throw new RangeError(`Invalid maxBins ${maxBins}: expected a positive integer`);
  }
  return new DDSketch(relativeAccuracy, maxBins);
}

class DDSketch implements QuantileSketch {
  readonly relativeAccuracy: number;
  count = 0;
  sum = 0;
  min = NaN;
  max = NaN;
  #gamma: number;
  #invLogGamma: number;
  #positive: DenseStore;
  #negative: DenseStore;
  #zero = 0;

  constructor(relativeAccuracy: number, maxBins: number) {
    this.relativeAccuracy = relativeAccuracy;
    this.#gamma = (1 + relativeAccuracy) / (1 - relativeAccuracy);
    this.#invLogGamma = 1 / Math.log(this.#gamma);
    this.#positive = new DenseStore(maxBins);
    this.#negative = new DenseStore(maxBins);
  }

  add(value: number): void {
    if (!Number.isFinite(value)) return;
    if (value > 0) this.#positive.add(this.#index(value), 1);
    else if (value < 0) this.#negative.add(this.#index(-value), 1);
    else this.#zero++;
    this.#account(1, value, value, value);
  }

  quantile(q: number): number {
    if (this.count === 0 || !(q >= 0 && q <= 1)) return NaN;
    const rank = Math.max(0, Math.ceil(q * this.count) - 1);
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
    this.#account(other.count, other.sum, other.min, other.max);
  }

  #account(count: number, sum: number, min: number, max: number): void {
    this.min = this.count === 0 ? min : Math.min(this.min, min);
    this.max = this.count === 0 ? max : Math.max(this.max, max);
    this.count += count;
    this.sum += sum;
  }

  #index(magnitude: number): number {
    return Math.ceil(Math.log(magnitude) * this.#invLogGamma);
  }

  #value(index: number): number {
    return (2 * Math.pow(this.#gamma, index)) / (this.#gamma + 1);
  }
}
