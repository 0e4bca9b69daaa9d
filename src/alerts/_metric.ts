/**
 * What an alert watches: a metric named like a definition (`event.measurement`,
 * `event.count`, or the name of one of the default definitions such as
 * `gen_ai.client.operation.duration`), or a metric definition itself, turned into the event to
 * attach to and a function giving the value of each event (converted to the metric's unit).
 *
 * @module
 */

import type { Catalog } from "../catalog.ts";
import { type CheckedSample, checkValue, compileCheckedSample } from "../metrics/checked_sample.ts";
import { defaultDefinitions, type MetricDefinition } from "../metrics/mod.ts";

/** The event an alert attaches to, and how an event becomes a sample. */
export interface WatchedMetric {
  /** The metric's name, for the alert events' metadata. */
  readonly name: string;
  /** The event to attach to. */
  readonly event: readonly string[];
  /**
   * The sample an event gives, `undefined` to skip the event, or a rejection for a value that
   * cannot be used (not a finite number, or past the float range once converted).
   */
  readonly sample: CheckedSample;
}

function fromDefinition(def: MetricDefinition): WatchedMetric {
  return { name: def.name, event: def.event, sample: compileCheckedSample(def) };
}

/**
 * Resolves what a rule names.
 *
 * @throws {TypeError} If the name is neither a catalog event's measurement (or `count`) nor a
 *   default definition's name.
 */
export function watchedMetric(
  metric: string | MetricDefinition,
  rule: string,
  catalog: Catalog | undefined,
): WatchedMetric {
  if (typeof metric !== "string") return fromDefinition(metric);
  if (catalog === undefined) {
    throw new TypeError(
      `Alert "${rule}" names its metric "${metric}": pass the catalog that declares it ` +
        "(catalog: your generated catalog, or standardCatalog), or pass a metric definition",
    );
  }
  const parts = metric.split(".");
  const eventKey = parts.slice(0, -1).join(".");
  const measurement = parts.at(-1)!;
  const spec = catalog.events.find((e) => e.key === eventKey);
  if (spec?.measurements.some((m) => m.name === measurement)) {
    return { name: metric, event: spec.name, sample: (m) => checkValue(m[measurement]) };
  }
  if (spec !== undefined && measurement === "count") {
    return { name: metric, event: spec.name, sample: () => 1 };
  }
  const defined = defaultDefinitions(catalog).find((d) => d.name === metric);
  if (defined !== undefined) return fromDefinition(defined);
  if (spec !== undefined) {
    throw new TypeError(
      `Unknown measurement "${measurement}" of event "${eventKey}" for alert "${rule}"`,
    );
  }
  throw new TypeError(`Unknown event "${eventKey}" for alert "${rule}" (metric "${metric}")`);
}
