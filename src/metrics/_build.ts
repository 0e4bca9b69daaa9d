/**
 * Builds and checks a frozen metric definition from a constructor's arguments.
 *
 * @module
 */

import {
  type BaseDefinition,
  type MetricDefinition,
  type MetricKind,
  metricKinds,
  type UnitConversion,
} from "./definition.ts";
import type { Catalog } from "../catalog.ts";
import {
  checkOptions,
  describeValue,
  type DistributionOptions,
  type MetricOptions,
} from "./options.ts";
import { sameEvent } from "./_event_id.ts";
import { conversionFactors } from "./_units.ts";
import { validateDefinition } from "./validate.ts";

const prometheusBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * Builds the definition of `kind`; `withBuckets` adds validated `buckets`. Every input is checked
 * here, so a mistake is an error when the definition is made, not when events arrive.
 */
export function buildDefinition<K extends MetricKind>(
  kind: K,
  name: string,
  options: DistributionOptions,
  withBuckets: boolean,
): BaseDefinition<K> & { readonly buckets?: readonly number[] } {
  const segments = checkName(name);
  checkOptions(options, name);
  const event = eventOf(options.event, segments, name);
  const measurement = options.measurement ?? segments[segments.length - 1];
  if (options.keep !== undefined && options.drop !== undefined) {
    throw new Error(`Metric "${name}" sets both keep and drop: give one or the other`);
  }
  const tags = checkTags(options.tags ?? [], name);
  const { unit, conversion } = resolveUnit(options, name, event, measurement);
  const def = {
    kind,
    name,
    event: Object.freeze([...event]),
    eventKey: event.join("."),
    measurement,
    ...(kind === "counter" ? { requiresMeasurement: options.measurement !== undefined } : {}),
    tags,
    tagValues: options.tagValues,
    keep: options.keep,
    drop: options.drop,
    unit,
    conversion,
    description: options.description ?? "",
    reporterOptions: Object.freeze({ ...options.reporterOptions }),
    ...(withBuckets ? { buckets: checkBuckets(options.buckets ?? prometheusBuckets, name) } : {}),
  };
  Object.freeze(def);
  const catalog = catalogOf(options);
  if (catalog !== undefined) {
    validateDefinition(def as MetricDefinition, catalog, {
      allowExternalEvents: options.allowExternalEvents,
    });
  }
  return def;
}

const nameExpected =
  'expected non-empty segments separated by single dots, such as "http.request.duration"';

/** The segments of a metric name: a string of non-empty segments separated by single dots. */
function checkName(name: unknown): readonly string[] {
  if (typeof name !== "string") {
    throw new TypeError(`Invalid metric name ${describeValue(name)}: ${nameExpected}`);
  }
  const segments = name.split(".");
  if (segments.some((s) => s === "")) {
    throw new Error(`Invalid metric name ${describeValue(name)}: ${nameExpected}`);
  }
  return segments;
}

/** The event: the `event` option (segments or a dotted string), else the name but its last segment. */
function eventOf(given: unknown, segments: readonly string[], name: string): readonly string[] {
  if (given === undefined) {
    if (segments.length < 2) {
      throw new Error(
        `Metric "${name}" has no event: prefix its name with the event ("http.request.${name}") ` +
          "or set the event option",
      );
    }
    return segments.slice(0, -1);
  }
  const event: unknown = typeof given === "string" ? given.split(".") : given;
  if (
    !Array.isArray(event) || event.length === 0 ||
    event.some((s) => typeof s !== "string" || s === "")
  ) {
    throw new TypeError(
      `Invalid option event for metric "${name}": expected non-empty segments, as an array or ` +
        `separated by single dots, got ${describeValue(given)}`,
    );
  }
  return event;
}

/** The catalog a definition is checked against when it is made, if any. */
function catalogOf(options: MetricOptions): Catalog | undefined {
  return options.catalog === false ? undefined : options.catalog;
}

function checkTags(tags: readonly string[], name: string): readonly string[] {
  const seen = new Set<string>();
  for (const tag of tags) {
    if (typeof tag !== "string" || tag === "") {
      throw new Error(`Invalid tag ${describeValue(tag)} for metric "${name}"`);
    }
    if (seen.has(tag)) throw new Error(`Duplicate tag "${tag}" for metric "${name}"`);
    seen.add(tag);
  }
  return Object.freeze([...tags]);
}

/** A bucket as written in a message: numbers as JavaScript writes them (`Infinity`, `NaN`). */
function describeBucket(b: unknown): string {
  return typeof b === "number" ? String(b) : JSON.stringify(b) ?? String(b);
}

function checkBuckets(buckets: readonly number[], name: string): readonly number[] {
  const ok = buckets.length > 0 &&
    buckets.every((b, i) =>
      typeof b === "number" && Number.isFinite(b) && (i === 0 || b > buckets[i - 1])
    );
  if (!ok) {
    throw new Error(
      `Invalid buckets [${
        Array.isArray(buckets) ? buckets.map(describeBucket).join(",") : String(buckets)
      }] for metric "${name}": ` +
        "expected a non-empty list of finite numbers in strictly ascending order",
    );
  }
  return Object.freeze([...buckets]);
}

function resolveUnit(
  options: DistributionOptions,
  name: string,
  event: readonly string[],
  measurement: unknown,
): { unit: string; conversion: UnitConversion | undefined } {
  const unit = options.unit;
  if (typeof unit === "object" && unit !== null) {
    conversionFactors(unit.from, unit.to, name);
    return { unit: unit.to, conversion: Object.freeze({ from: unit.from, to: unit.to }) };
  }
  if (unit !== undefined) return { unit, conversion: undefined };
  const spec = catalogOf(options)?.events
    .find((e) => sameEvent(e.name, event))?.measurements
    .find((m) => m.name === measurement);
  return { unit: spec?.unit ?? "", conversion: undefined };
}

/**
 * Checks that `definitions` is an array of definitions (objects with a known `kind` and a
 * `name`), as the store is given them.
 *
 * @throws {TypeError} Naming what was given, or the index of the first that is not one.
 */
export function checkDefinitionList(
  definitions: unknown,
): asserts definitions is readonly MetricDefinition[] {
  const expected = "metric definitions made by counter(), sum(), lastValue(), summary() or " +
    "distribution()";
  if (!Array.isArray(definitions)) {
    throw new TypeError(
      `Invalid definitions: expected an array of ${expected}, got ${describeValue(definitions)}`,
    );
  }
  definitions.forEach((def: unknown, i) => {
    const { kind, name } = (typeof def === "object" && def !== null ? def : {}) as {
      kind?: unknown;
      name?: unknown;
    };
    if (!metricKinds.includes(kind as MetricKind) || typeof name !== "string") {
      throw new TypeError(
        `Invalid definition at index ${i}: expected one of the ${expected}, got ${
          describeValue(def)
        }`,
      );
    }
  });
}
