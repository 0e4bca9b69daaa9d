/**
 * How each metric kind writes a value into its table row and reads the row back for a snapshot.
 * The table knows nothing of kinds; this file is where they meet it.
 *
 * @module
 */

import type { Slot } from "../store/slot_table.ts";
import type { MetricDefinition } from "./definition.ts";
import { ExactSum } from "./exact_sum.ts";
import { createSketch, type QuantileSketch, type SketchOptions } from "./sketch.ts";
import type { BucketCount, SeriesValue } from "./snapshot.ts";

/** Writes values of one metric into rows and reads rows back. */
export interface Aggregator {
  /** Adds one value to a series' row: `slot.value` is `undefined` for a new row. */
  write(slot: Slot, value: number): void;
  read(row: unknown): SeriesValue;
}

/**
 * A distribution series: its exact sum (the row is the sum), per-bucket counts and count in one
 * object. The counts are a plain array of small integers: a `Float64Array` of 12 costs 280
 * bytes (the view, its buffer and the buffer's memory), an array 144.
 */
class Histogram extends ExactSum {
  readonly counts: number[];
  count = 0;

  constructor(size: number) {
    super();
    this.counts = new Array<number>(size).fill(0);
  }
}

const counter: Aggregator = {
  write: (slot) => void (slot.value = ((slot.value as number | undefined) ?? 0) + 1),
  read: (row) => row as number,
};

/** Exact, so a series cannot drift or stick at Infinity (see `ExactSum`). */
const sum: Aggregator = {
  write: (slot, value) =>
    ((slot.value as ExactSum | undefined) ?? (slot.value = new ExactSum())).add(value),
  read: (row) => (row as ExactSum).value,
};

const lastValue: Aggregator = {
  write: (slot, value) => void (slot.value = value),
  read: (row) => row as number,
};

const summary: Aggregator = {
  write: (slot, value) => {
    ((slot.value as QuantileSketch | undefined) ??
      (slot.value = createSketch(summarySketch)) as QuantileSketch).add(value);
  },
  read: (row) => {
    const s = row as QuantileSketch;
    return {
      count: s.count,
      sum: s.sum,
      min: s.min,
      max: s.max,
      mean: s.mean,
      quantiles: {
        p50: s.quantile(0.5),
        p90: s.quantile(0.9),
        p95: s.quantile(0.95),
        p99: s.quantile(0.99),
      },
    };
  },
};

/**
 * The sketch of every summary series: α = 1% and no bin cap, so every quantile keeps its 1%
 * bound whatever the series has seen (see `createSketch()`); memory follows the magnitudes seen,
 * 256 bytes a page of 64 bins, each page a factor of 3.6.
 */
const summarySketch: SketchOptions = Object.freeze({ relativeAccuracy: 0.01 });

function distribution(buckets: readonly number[]): Aggregator {
  return {
    write: (slot, value) => {
      const h = (slot.value as Histogram | undefined) ??
        (slot.value = new Histogram(buckets.length + 1)) as Histogram;
      addToHistogram(h, buckets, value);
    },
    read: (row) => {
      const h = row as Histogram;
      const out: BucketCount[] = [];
      let cumulative = 0;
      for (let i = 0; i < h.counts.length; i++) {
        cumulative += h.counts[i];
        out.push({ le: i < buckets.length ? buckets[i] : "+Inf", count: cumulative });
      }
      return { buckets: out, count: h.count, sum: h.value };
    },
  };
}

function addToHistogram(h: Histogram, buckets: readonly number[], value: number): void {
  // The first bucket whose bound is >= the value (binary search); buckets.length means +Inf.
  let lo = 0;
  let hi = buckets.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (buckets[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  h.counts[lo]++;
  h.count++;
  h.add(value);
}

/** The aggregator for a definition's kind. */
export function aggregatorFor(def: MetricDefinition): Aggregator {
  switch (def.kind) {
    case "counter":
      return counter;
    case "sum":
      return sum;
    case "lastValue":
      return lastValue;
    case "summary":
      return summary;
    case "distribution":
      // A copy that is not frozen: V8 11 reads a frozen array's elements about 3 times slower,
      // and the bucket search reads them on every sample.
      return distribution(def.buckets.slice());
  }
}
