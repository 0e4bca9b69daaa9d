/**
 * Metric definitions modelled on Elixir's `telemetry_metrics`, and the recording core that turns
 * events into per-tag-set values held in capped ETS-like tables.
 *
 * ```ts
 * import { counter, createMetricStore, distribution } from "@jido/telemetry/metrics";
 *
 * const store = createMetricStore([
 *   counter("app.llm.response.count", { tags: ["model"] }),
 *   distribution("app.llm.response.duration", {
 *     unit: { from: "millisecond", to: "second" },
 *     buckets: [0.1, 1, 10],
 *   }),
 * ]);
 * store.recorderFor("app.llm.response")({ duration: 420 }, { model: "gpt" });
 * store.snapshot();
 * // → [{ name: "app.llm.response.count", series: [{ tags: { model: "gpt" }, value: 1 }], … },
 * //    { name: "app.llm.response.duration", series: [{ tags: {}, value: { buckets: [
 * //      { le: 0.1, count: 0 }, { le: 1, count: 1 }, { le: 10, count: 1 }, { le: "+Inf", count: 1 }
 * //    ], count: 1, sum: 0.42 } }], … }]
 * ```
 *
 * @module
 */

export { cacheHitRatio, type CacheHitRatioOptions, type CacheRatio } from "./cache_ratio.ts";
export { defaultDefinitions, operationDurationBuckets, tokenUsageBuckets } from "./defaults.ts";
export { counter, distribution, lastValue, sum, summary } from "./define.ts";
export type {
  BaseDefinition,
  CounterDefinition,
  DistributionDefinition,
  LastValueDefinition,
  MeasurementFunction,
  MetricDefinition,
  MetricKind,
  SumDefinition,
  SummaryDefinition,
  UnitConversion,
} from "./definition.ts";
export {
  createMetricStore,
  type MetricStore,
  type MetricStoreOptions,
  type Recorder,
} from "./metric_store.ts";
export type { DistributionOptions, MetricOptions } from "./options.ts";
export { createSketch, type QuantileSketch, type SketchOptions } from "./sketch.ts";
export type {
  BucketCount,
  DistributionValue,
  MetricSnapshot,
  Series,
  SeriesValue,
  SummaryValue,
} from "./snapshot.ts";
export { validateDefinition, type ValidateOptions } from "./validate.ts";
