/**
 * How each metric kind writes a value into its table row and reads the row back for a snapshot.
 * The table knows nothing of kinds; this file is where they meet it.
 *
 * @module
 */

import type { Key } from "../store/key.ts";
import type { Table } from "../store/table.ts";
import type { MetricDefinition } from "./definition.ts";
import { createSketch, type QuantileSketch, type SketchOptions } from "./sketch.ts";
import type { BucketCount, SeriesValue } from "./snapshot.ts";

/** Writes values of one metric into rows and reads rows back. */
export interface Aggregator {
  /** Records `value` (ignored by counters) in the row of `key`. */
  record(table: Table<Key, unknown>, key: Key, value: number): void;
  /** The snapshot value of a row. */
  read(row: unknown): SeriesValue;
}

interface Histogram {
  readonly counts: Float64Array;
  count: number;
  sum: number;
}

// `Table.update` takes a function; these module-level slots let the update functions be static,
// so recording allocates no closure. Recording is synchronous, so they are never interleaved.
let pendingValue = 0;
let pendingBuckets: readonly number[] = [];

const counter: Aggregator = {
  record: (table, key) => void table.updateCounter(key, 1, 0),
  read: (row) => row as number,
};

const sum: Aggregator = {
  record: (table, key, value) => void table.updateCounter(key, value, 0),
  read: (row) => row as number,
};

const lastValue: Aggregator = {
  record: (table, key, value) => table.insert(key, value),
  read: (row) => row as number,
};

const summary: Aggregator = {
  record: (table, key, value) => {
    pendingValue = value;
    table.update(key, addToSketch);
  },
  read: (row) => {
    const s = row as QuantileSketch;
    return {
      count: s.count,
      sum: s.sum,
      min: s.min,
      max: s.max,
      mean: s.sum / s.count,
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
 * The sketch of every summary series: α = 1%, and 1024 bins a sign rather than the general
 * default 2048, so a series costs at most about 4 KB a sign (see `summary()`) while values down
 * to the largest over γ^1023 ≈ 7.7 × 10^8 keep the 1% guarantee.
 */
const summarySketch: SketchOptions = Object.freeze({ relativeAccuracy: 0.01, maxBins: 1024 });

function addToSketch(row: unknown): QuantileSketch {
  const sketch = (row as QuantileSketch | undefined) ?? createSketch(summarySketch);
  sketch.add(pendingValue);
  return sketch;
}

function distribution(buckets: readonly number[]): Aggregator {
  return {
    record: (table, key, value) => {
      pendingValue = value;
      pendingBuckets = buckets;
      table.update(key, addToHistogram);
    },
    read: (row) => {
      const h = row as Histogram;
      const out: BucketCount[] = [];
      let cumulative = 0;
      for (let i = 0; i < h.counts.length; i++) {
        cumulative += h.counts[i];
        out.push({ le: i < buckets.length ? buckets[i] : "+Inf", count: cumulative });
      }
      return { buckets: out, count: h.count, sum: h.sum };
    },
  };
}

function addToHistogram(row: unknown): Histogram {
  const buckets = pendingBuckets;
  const h = (row as Histogram | undefined) ??
    { counts: new Float64Array(buckets.length + 1), count: 0, sum: 0 };
  // The first bucket whose bound is >= the value (binary search); buckets.length means +Inf.
  let lo = 0;
  let hi = buckets.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (buckets[mid] < pendingValue) lo = mid + 1;
    else hi = mid;
  }
  h.counts[lo]++;
  h.count++;
  h.sum += pendingValue;
  return h;
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
      return distribution(def.buckets);
  }
}
