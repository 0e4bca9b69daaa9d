/**
 * Options shared by the metric constructors.
 *
 * @module
 */

import type { Catalog } from "../catalog.ts";
import type { MeasurementFunction, Metadata, UnitConversion } from "./definition.ts";

/** Options for `counter()`, `sum()`, `lastValue()` and `summary()`. */
export interface MetricOptions {
  /**
   * The event to listen to, overriding the one derived from the name.
   * @default every segment of the name but the last
   */
  readonly event?: readonly string[];
  /**
   * The measurement key, or a function computing the value from the event. Ignored by counters.
   * @default the last segment of the name
   */
  readonly measurement?: string | MeasurementFunction;
  /**
   * Metadata keys whose values split the metric into series. Only own properties are read, so a
   * missing, `undefined` or `null` value becomes `""` even for a key such as `constructor` that
   * every object inherits; other non-strings are stringified (objects as JSON). Any key is
   * allowed, `__proto__` included.
   * @default []
   */
  readonly tags?: readonly string[];
  /**
   * Maps the metadata before tags are read.
   * @default undefined (tags are read from the metadata as is)
   */
  readonly tagValues?: (metadata: Metadata) => Readonly<Record<string, unknown>>;
  /**
   * Records an event only if this returns `true` for its metadata. Exclusive with `drop`, as in
   * `telemetry_metrics`: a definition giving both is rejected.
   * @default undefined (keep every event)
   */
  readonly keep?: (metadata: Metadata) => boolean;
  /**
   * Skips an event if this returns `true` for its metadata. Exclusive with `keep`.
   * @default undefined (drop nothing)
   */
  readonly drop?: (metadata: Metadata) => boolean;
  /**
   * The unit, or a conversion `{ from, to }` between two of: nanosecond, microsecond,
   * millisecond, second, minute, hour; or byte, kilobyte, megabyte, gigabyte (powers of 1000).
   * @default the measurement's catalog unit when `catalog` is given, else `""`
   */
  readonly unit?: string | UnitConversion;
  /**
   * What the metric means.
   * @default ""
   */
  readonly description?: string;
  /**
   * Free-form options for reporters.
   * @default {}
   */
  readonly reporterOptions?: Readonly<Record<string, unknown>>;
  /**
   * A catalog to check the definition against when it is made (see `validateDefinition()`), so
   * an event or measurement it does not declare is an error at once rather than when the
   * definitions are attached. Also supplies the default `unit`. `false` or absent: no check now
   * (`attachMetricsHandler()` and `createMetricStore()` check against their catalog).
   * @default undefined
   */
  readonly catalog?: Catalog | false;
  /**
   * With `catalog`: accept events outside the catalog's apps (your own events), unchecked.
   * Events under one of the catalog's apps are always checked.
   * @default false
   */
  readonly allowExternalEvents?: boolean;
}

/** Options for `distribution()`. */
export interface DistributionOptions extends MetricOptions {
  /**
   * The buckets' inclusive upper bounds: finite, strictly ascending. `+Inf` is implied.
   * @default [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] (Prometheus' defaults)
   */
  readonly buckets?: readonly number[];
}
