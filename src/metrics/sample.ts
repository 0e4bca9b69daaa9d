/**
 * What one event is worth to a metric definition, shared by the recorders and by alerts that
 * watch a definition. Not part of the public entry.
 *
 * @module
 */

import { conversionFactors } from "./_units.ts";
import type {
  CounterDefinition,
  MeasurementFunction,
  Measurements,
  Metadata,
  MetricDefinition,
} from "./definition.ts";

/**
 * Compiles what one event is worth to `def`: its `keep`/`drop` filters (given the metadata, then
 * the measurements), its measurement checked finite and converted to the metric's unit, or for a
 * counter 1 (when it requires its measurement, only if the event carries it); `undefined` skips
 * the event. Shared by recorders and by alerts that watch a definition.
 */
export function compileSample(
  def: MetricDefinition,
): (measurements: Measurements, metadata: Metadata) => number | undefined {
  const { keep, drop } = def;
  const { mul, div } = def.conversion === undefined
    ? { mul: 1, div: 1 }
    : conversionFactors(def.conversion.from, def.conversion.to, def.name);
  const read = def.kind === "counter" ? counted(def) : valueOf(def.measurement);
  return (measurements, metadata) => {
    if (keep !== undefined && !keep(metadata, measurements)) return undefined;
    if (drop !== undefined && drop(metadata, measurements)) return undefined;
    const raw = read(measurements, metadata);
    return typeof raw === "number" && Number.isFinite(raw) ? (raw * mul) / div : undefined;
  };
}

type Read = (measurements: Measurements, metadata: Metadata) => unknown;

/** Reads a measurement: the key's value (inherited ones are not numbers), or the function's. */
function valueOf(measurement: string | MeasurementFunction): Read {
  return typeof measurement === "string"
    ? (measurements) => measurements[measurement]
    : measurement;
}

/** 1 for every event, or only for those carrying the measurement when the counter requires it. */
function counted(def: CounterDefinition): Read {
  if (def.requiresMeasurement !== true) return () => 1;
  const { measurement } = def;
  if (typeof measurement !== "string") {
    return (measurements, metadata) => measurement(measurements, metadata) == null ? undefined : 1;
  }
  return (measurements) =>
    Object.hasOwn(measurements, measurement) && measurements[measurement] != null ? 1 : undefined;
}
