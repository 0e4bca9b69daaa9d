/**
 * What one event is worth to a metric definition, shared by the recorders and by alerts that
 * watch a definition. Not part of the public entry.
 *
 * @module
 */

import { conversionFactors } from "./_units.ts";
import type { Measurements, Metadata, MetricDefinition } from "./definition.ts";

/**
 * Compiles what one event is worth to `def`: its `keep`/`drop` filters, its measurement (1 for
 * a counter), checked finite and converted to the metric's unit; `undefined` skips the event.
 * Shared by recorders and by alerts that watch a definition.
 */
export function compileSample(
  def: MetricDefinition,
): (measurements: Measurements, metadata: Metadata) => number | undefined {
  const { keep, drop, measurement } = def;
  const { mul, div } = def.conversion === undefined
    ? { mul: 1, div: 1 }
    : conversionFactors(def.conversion.from, def.conversion.to, def.name);
  const read = def.kind === "counter"
    ? () => 1
    : typeof measurement === "string"
    ? (measurements: Measurements) => measurements[measurement]
    : measurement;
  return (measurements, metadata) => {
    if (keep !== undefined && !keep(metadata)) return undefined;
    if (drop !== undefined && drop(metadata)) return undefined;
    const raw = read(measurements, metadata);
    return typeof raw === "number" && Number.isFinite(raw) ? (raw * mul) / div : undefined;
  };
}
