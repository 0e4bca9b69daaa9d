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
  /** Their sum. */
  readonly sum: number;
  /** The smallest value. */
  readonly min: number;
  /** The largest value. */
  readonly max: number;
  /** `sum / count`. */
  readonly mean: number;
  /**
   * Quantiles from the sketch, each within 1% relative error for values down to the largest
   * magnitude over about 7.7 × 10^8 (see `summary()`).
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
  /** Their sum. */
  readonly sum: number;
}

/** The value of one series: a number for counter, sum and lastValue. */
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
  /** Every series, sorted by tag values. */
  readonly series: readonly Series[];
}
