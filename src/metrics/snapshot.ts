/**
 * The JSON-friendly shape `MetricStore.snapshot()` returns.
 *
 * @module
 */

import type { MetricKind } from "./definition.ts";

/** A summary's value for one tag set. */
export interface SummaryValue {
  /** The number of values recorded. */
  readonly count: number;
  /**
   * Their exact sum, rounded once to the nearest double: it never drifts, and is ±Infinity only
   * while the exact sum is past the float range.
   */
  readonly sum: number;
  /** The smallest value. */
  readonly min: number;
  /** The largest value. */
  readonly max: number;
  /** The exact sum over `count`, rounded once: finite even when `sum` is past the float range. */
  readonly mean: number;
  /**
   * Quantiles from the sketch (nearest rank), each within 1% of the true value x (`|p - x| ≤
   * 0.01 × |x|`) whatever else the series has seen; for a subnormal x (below 2.2e-308), the
   * double nearest to such a value (see `createSketch()`).
   */
  readonly quantiles: {
    /** The median. */
    readonly p50: number;
    /** The 90th percentile. */
    readonly p90: number;
    /** The 95th percentile. */
    readonly p95: number;
    /** The 99th percentile. */
    readonly p99: number;
  };
}

/** One bucket of a distribution: how many values were at most `le` (cumulative). */
export interface BucketCount {
  /** The bucket's inclusive upper bound; `"+Inf"` for the last. */
  readonly le: number | "+Inf";
  /** The number of values at most `le`, as in Prometheus (so the `+Inf` count is the total). */
  readonly count: number;
}

/** A distribution's value for one tag set. */
export interface DistributionValue {
  /** Cumulative counts per bucket, ending with `+Inf`. */
  readonly buckets: readonly BucketCount[];
  /** The number of values recorded. */
  readonly count: number;
  /** Their exact sum, rounded once to the nearest double (see {@link SummaryValue.sum}). */
  readonly sum: number;
}

/**
 * The value of one series: a number for counter, sum (the exact sum, rounded once) and
 * lastValue.
 */
export type SeriesValue = number | SummaryValue | DistributionValue;

/** One series: a tag set and its value. */
export interface Series {
  /**
   * The tag values, by tag key. The overflow series, which holds every tag set past the cap, has
   * the tags `{ overflow: "true" }` instead.
   */
  readonly tags: Readonly<Record<string, string>>;
  /** The value: a number, a {@link SummaryValue} or a {@link DistributionValue} by kind. */
  readonly value: SeriesValue;
}

/** One metric in a snapshot. */
export interface MetricSnapshot {
  /** The metric's name. */
  readonly name: string;
  /** The metric's kind. */
  readonly kind: MetricKind;
  /** The unit values are in; `""` if unknown. */
  readonly unit: string;
  /** The metric's description. */
  readonly description: string;
  /** The tag keys. */
  readonly tags: readonly string[];
  /** How many recordings were folded into the overflow series because of the series cap. */
  readonly overflowCount: number;
  /**
   * How many values were rejected since the store was created or reset, and so recorded in no
   * series: `NaN`, ±Infinity, a measurement that is not a number, or a value past the float
   * range once converted to the metric's unit. The first one is also reported on stderr.
   */
  readonly rejectedCount: number;
  /** Every series, sorted by tag values. */
  readonly series: readonly Series[];
}
