/**
 * The options of the metric constructors, and the checks that a definition's inputs have the
 * right types, run when the definition is made rather than when events arrive.
 *
 * @module
 */

import type { Catalog } from "../catalog.ts";
import type { MeasurementFunction, Measurements, Metadata, UnitConversion } from "./definition.ts";

/** Options for `counter()`, `sum()`, `lastValue()` and `summary()`. */
export interface MetricOptions {
  /**
   * The event to listen to, overriding the one derived from the name: an array of segments
   * (`["app", "llm", "response"]`), or a dotted string (`"app.llm.response"`) split at its dots.
   * @default every segment of the name but the last
   */
  readonly event?: string | readonly string[];
  /**
   * The measurement key, or a function computing the value from the event. A counter ignores the
   * value, but when this option is given it counts only the events that carry the measurement
   * (a key that is present and neither `undefined` nor `null`, or a function that returns neither).
   * @default the last segment of the name (which a counter does not require)
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
   * Records an event only if this returns `true`. It is given the event's metadata, then its
   * measurements (as `telemetry_metrics` 1.1 does), so `(metadata) => ...` works too. Exclusive
   * with `drop`, as in `telemetry_metrics`: a definition giving both is rejected.
   * @default undefined (keep every event)
   */
  readonly keep?: (metadata: Metadata, measurements: Measurements) => boolean;
  /**
   * Skips an event if this returns `true`. Given the metadata, then the measurements, like
   * `keep`, with which it is exclusive.
   * @default undefined (drop nothing)
   */
  readonly drop?: (metadata: Metadata, measurements: Measurements) => boolean;
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
   * Free-form options for reporters: a plain object.
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

/** Describes a value for an error message without calling user code. */
export function describeValue(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(describeValue).join(", ")}]`;
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "function") return "a function";
  if (value === null) return "null";
  if (typeof value === "object") return "an object";
  return String(value);
}

/** Whether `value` is a plain object: made by `{}` or with a `null` prototype. */
function isPlainObject(value: unknown): boolean {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

const isString = (v: unknown) => typeof v === "string";
const isFunction = (v: unknown) => typeof v === "function";

/** Each option's check and what the message says it expected; `undefined` always passes. */
const checks: Readonly<Record<string, readonly [(value: unknown) => boolean, string]>> = {
  measurement: [
    (v) => (isString(v) && v !== "") || isFunction(v),
    "a measurement key or a function",
  ],
  tags: [Array.isArray, "an array of metadata keys"],
  tagValues: [isFunction, "a function"],
  keep: [isFunction, "a function"],
  drop: [isFunction, "a function"],
  unit: [
    (v) =>
      isString(v) ||
      (isPlainObject(v) && isString((v as UnitConversion).from) &&
        isString((v as UnitConversion).to)),
    'a unit name or a conversion { from: "millisecond", to: "second" }',
  ],
  description: [isString, "a string"],
  reporterOptions: [isPlainObject, "a plain object"],
  catalog: [
    (v) =>
      v === false || (typeof v === "object" && v !== null && Array.isArray((v as Catalog).events)),
    "a catalog or false",
  ],
  allowExternalEvents: [(v) => typeof v === "boolean", "a boolean"],
  buckets: [Array.isArray, "an array of numbers"],
};

/**
 * Checks the type of every option a definition is given (the event and the buckets' values are
 * checked where they are read).
 *
 * @throws {TypeError} `Invalid option <option> for metric "<name>": expected ..., got ...`.
 */
export function checkOptions(
  options: unknown,
  name: string,
): asserts options is DistributionOptions {
  if (!isPlainObject(options)) {
    throw new TypeError(
      `Invalid options for metric "${name}": expected a plain object, got ${
        describeValue(options)
      }`,
    );
  }
  for (const [option, [ok, expected]] of Object.entries(checks)) {
    const value = (options as Record<string, unknown>)[option];
    if (value !== undefined && !ok(value)) {
      throw new TypeError(
        `Invalid option ${option} for metric "${name}": expected ${expected}, got ${
          describeValue(value)
        }`,
      );
    }
  }
}
