/**
 * Checks a metric definition against the event catalog.
 *
 * @module
 */

import type { Catalog } from "../catalog.ts";
import type { MetricDefinition } from "./definition.ts";
import { describeEvent, sameEvent } from "./_event_id.ts";

/** Options for {@link validateDefinition}. */
export interface ValidateOptions {
  /**
   * Accept, unchecked, events whose first segment is none of the catalog's apps (the catalog's
   * `app` and the first segment of each of its events, which differ when it includes the
   * standard catalog), e.g. the library's own `telemetry.handler.failure`. A first segment that
   * starts with an app and a dot (`"jido_coder_lib.llm"`) is still checked: it is an app event
   * with its dots misplaced.
   * @default false
   */
  readonly allowExternalEvents?: boolean;
}

/**
 * Checks that a definition fits the catalog: its event exists; its measurement, when a key, is
 * one the event declares (measurement functions are exempt, and so are counters that count every
 * event, whose measurement is only the end of their name); a unit conversion starts from the
 * measurement's catalog unit; and its tags are metadata fields of the event (unless `tagValues`
 * derives them).
 *
 * @param definition The definition to check.
 * @param catalog The event catalog.
 * @param options Whether events outside the app prefix are accepted.
 * @throws {Error} Naming the metric and what does not fit.
 *
 * @example
 * ```ts
 * import { standardCatalog } from "@jido/telemetry";
 * import { summary, validateDefinition } from "@jido/telemetry/metrics";
 *
 * validateDefinition(summary("jido_coder_lib.llm.respons.duration"), standardCatalog);
 * // throws Error: Unknown event "jido_coder_lib.llm.respons" for metric
 * //   "jido_coder_lib.llm.respons.duration"
 * ```
 */
export function validateDefinition(
  definition: MetricDefinition,
  catalog: Catalog,
  options: ValidateOptions = {},
): void {
  const { name, measurement, kind } = definition;
  const event = catalog.events.find((e) => sameEvent(e.name, definition.event));
  const eventName = describeEvent(definition.event);
  if (event === undefined) {
    const first = definition.event[0];
    const apps = new Set([catalog.app, ...catalog.events.map((e) => e.name[0])]);
    const external = ![...apps].some((app) => first === app || first.startsWith(app + "."));
    if (options.allowExternalEvents === true && external) return;
    throw new Error(
      external
        ? `Unknown event ${eventName} for metric "${name}": outside the catalog's app "${catalog.app}" (pass allowExternalEvents: true to accept it unchecked)`
        : `Unknown event ${eventName} for metric "${name}"`,
    );
  }
  const checksMeasurement = definition.kind !== "counter" ||
    definition.requiresMeasurement === true;
  if (checksMeasurement && typeof measurement === "string") {
    const spec = event.measurements.find((m) => m.name === measurement);
    if (spec === undefined) {
      const known = event.measurements.map((m) => `"${m.name}"`).join(", ") || "none";
      throw new Error(
        `Unknown measurement "${measurement}" of event ${eventName} for metric "${name}" ` +
          `(the event declares: ${known})`,
      );
    }
    const from = definition.conversion?.from;
    if (kind !== "counter" && from !== undefined && from !== spec.unit) {
      throw new Error(
        `Metric "${name}" converts from "${from}" but measurement "${measurement}" ` +
          `of event ${eventName} is in "${spec.unit}"`,
      );
    }
  }
  if (definition.tagValues !== undefined) return;
  for (const tag of definition.tags) {
    if (!event.metadata.some((m) => m.name === tag)) {
      throw new Error(
        `Unknown tag "${tag}" for metric "${name}": event ${eventName} has no metadata "${tag}"`,
      );
    }
  }
}
