/**
 * Builds and checks a frozen metric definition from a constructor's arguments.
 *
 * @module
 */

import type { BaseDefinition, MetricDefinition, MetricKind, UnitConversion } from "./definition.ts";
import type { Catalog } from "../catalog.ts";
import type { DistributionOptions, MetricOptions } from "./options.ts";
import { sameEvent } from "./_event_id.ts";
import { conversionFactors } from "./_units.ts";
import { validateDefinition } from "./validate.ts";

const prometheusBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Builds the definition of `kind`; `withBuckets` adds validated `buckets`. */
export function buildDefinition<K extends MetricKind>(
  kind: K,
  name: string,
  options: DistributionOptions,
  withBuckets: boolean,
): BaseDefinition<K> & { readonly buckets?: readonly number[] } {
  if (typeof name !== "string") throw new TypeError(`Invalid metric name ${String(name)}`);
  const segments = name.split(".");
  const event = options.event ?? segments.slice(0, -1);
  const measurement = options.measurement ?? segments[segments.length - 1];
  if (event.length === 0 || event.some((s) => typeof s !== "string" || s === "")) {
    throw new Error(
      `Invalid event ${JSON.stringify(event)} for metric "${name}": expected non-empty segments`,
    );
  }
  if (measurement === "" && kind !== "counter") {
    throw new Error(`Missing measurement for metric "${name}"`);
  }
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

/** The catalog a definition is checked against when it is made, if any. */
function catalogOf(options: MetricOptions): Catalog | undefined {
  return options.catalog === false ? undefined : options.catalog;
}

function checkTags(tags: readonly string[], name: string): readonly string[] {
  const seen = new Set<string>();
  for (const tag of tags) {
    if (typeof tag !== "string" || tag === "") {
      throw new Error(`Invalid tag ${JSON.stringify(tag)} for metric "${name}"`);
    }
    if (seen.has(tag)) throw new Error(`Duplicate tag "${tag}" for metric "${name}"`);
    seen.add(tag);
  }
  return Object.freeze([...tags]);
}

function checkBuckets(buckets: readonly number[], name: string): readonly number[] {
  const ok = buckets.length > 0 &&
    buckets.every((b, i) =>
      typeof b === "number" && Number.isFinite(b) && (i === 0 || b > buckets[i - 1])
    );
  if (!ok) {
    throw new Error(
      `Invalid buckets ${JSON.stringify(buckets)} for metric "${name}": ` +
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
