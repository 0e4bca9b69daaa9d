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
   * The catalog the definition is checked against when it is made (see `validateDefinition()`):
   * an event or measurement it does not declare is an error then. `false` skips the check.
   * @default the generated catalog of `events.yaml`
   */
  readonly catalog?: Catalog | false;
  /**
   * Accept events whose first segment is not the catalog's app prefix (your own events),
   * unchecked. Events under the app prefix are always checked.
   * @default true with the generated catalog, false with a catalog given in `catalog`
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
