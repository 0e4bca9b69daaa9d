/**
 * The shape of metric definitions, modelled on Elixir's `telemetry_metrics`. Build them with
 * `counter()`, `sum()`, `lastValue()`, `summary()` and `distribution()`.
 *
 * @module
 */

/** What a metric aggregates: a count of events, a sum, the last value, a summary or a histogram. */
export type MetricKind = "counter" | "sum" | "lastValue" | "summary" | "distribution";

/** Every kind once: the compiler rejects this record if a kind is missing or unknown. */
const kinds: Readonly<Record<MetricKind, true>> = {
  counter: true,
  sum: true,
  lastValue: true,
  summary: true,
  distribution: true,
};

/** The kinds of metric, for the run-time checks, derived from {@link MetricKind}. */
export const metricKinds: readonly MetricKind[] = Object.freeze(
  Object.keys(kinds) as MetricKind[],
);

import type { Measurements, Metadata } from "../telemetry.ts";

export type { Measurements, Metadata };

/**
 * Computes a metric's value from an event. Returning `undefined` or `null` skips the event for
 * this metric; anything else that is not a finite number is rejected (counted in the snapshot's
 * `rejectedCount`, reported once on stderr).
 */
export type MeasurementFunction = (
  measurements: Measurements,
  metadata: Metadata,
) => number | undefined;

/** A unit conversion applied to every value before it is recorded. */
export interface UnitConversion {
  /** The unit the event measures in, e.g. `"millisecond"`. */
  readonly from: string;
  /** The unit the metric records, e.g. `"second"`. */
  readonly to: string;
}

/** The fields every metric definition has. */
export interface BaseDefinition<K extends MetricKind> {
  /** The kind of metric; the discriminant of {@link MetricDefinition}. */
  readonly kind: K;
  /** The metric's name, e.g. `"jido_coder_lib.llm.response.duration"`. */
  readonly name: string;
  /** The event the metric listens to, e.g. `["jido_coder_lib", "llm", "response"]`. */
  readonly event: readonly string[];
  /**
   * The event name joined with dots, e.g. `"jido_coder_lib.llm.response"`, for display. It does
   * not identify the event: a segment may contain a dot, so `["a.b", "c"]` and `["a", "b.c"]`
   * share it. Compare `event` arrays instead.
   */
  readonly eventKey: string;
  /**
   * The measurement key, or a function computing the value. A counter ignores the value; see
   * {@link CounterDefinition.requiresMeasurement} for when it requires the measurement.
   */
  readonly measurement: string | MeasurementFunction;
  /** The metadata keys whose values split the metric into series. */
  readonly tags: readonly string[];
  /** Maps the metadata before tags are read, to derive or rename tag values. */
  readonly tagValues: ((metadata: Metadata) => Readonly<Record<string, unknown>>) | undefined;
  /** Records an event only if this returns `true` for its metadata and measurements. */
  readonly keep: ((metadata: Metadata, measurements: Measurements) => boolean) | undefined;
  /** Skips an event if this returns `true` for its metadata and measurements. */
  readonly drop: ((metadata: Metadata, measurements: Measurements) => boolean) | undefined;
  /** The unit values are recorded in (after conversion), e.g. `"second"`; `""` if unknown. */
  readonly unit: string;
  /** The conversion applied to values, if the `unit` option was `{ from, to }`. */
  readonly conversion: UnitConversion | undefined;
  /** What the metric means, for reporters' help text. */
  readonly description: string;
  /** Free-form options for reporters, passed through untouched. */
  readonly reporterOptions: Readonly<Record<string, unknown>>;
}

/** Counts events. */
export interface CounterDefinition extends BaseDefinition<"counter"> {
  /**
   * Whether the counter counts only the events that carry its measurement (a key present and
   * neither `undefined` nor `null`, or a function returning neither), as `telemetry_metrics`
   * documents for its counter: `true` when the `measurement` option was given. `false` when the
   * measurement is only the last segment of the name (`"app.request.count"`): it counts every
   * event, as `telemetry_metrics`' Prometheus and StatsD reporters do.
   */
  readonly requiresMeasurement: boolean;
}
/** Sums a measurement. */
export type SumDefinition = BaseDefinition<"sum">;
/** Keeps the last value of a measurement. */
export type LastValueDefinition = BaseDefinition<"lastValue">;
/** Count, sum, min, max, mean and quantiles of a measurement, from a streaming sketch. */
export type SummaryDefinition = BaseDefinition<"summary">;

/** A histogram of a measurement over fixed buckets, Prometheus-style. */
export interface DistributionDefinition extends BaseDefinition<"distribution"> {
  /** The buckets' upper bounds (inclusive), ascending and finite; `+Inf` is implied. */
  readonly buckets: readonly number[];
}

/** Any metric definition. */
export type MetricDefinition =
  | CounterDefinition
  | SumDefinition
  | LastValueDefinition
  | SummaryDefinition
  | DistributionDefinition;
