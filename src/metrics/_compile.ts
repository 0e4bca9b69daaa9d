/**
 * Compiles definitions into per-event recording functions, precomputing everything that does
 * not depend on the event: the measurement reader, the unit factors, the tag-key function, the
 * aggregator, and a cache from tag values to each series' row.
 *
 * @module
 */

import type { Key } from "../store/key.ts";
import type { TableImpl } from "../store/_table.ts";
import type { Aggregator } from "./_aggregate.ts";
import { slotLookup } from "./_slot_cache.ts";
import { compileTagKey } from "./_tags.ts";
import { conversionFactors } from "./_units.ts";
import type { Measurements, Metadata, MetricDefinition } from "./definition.ts";

/** The storage shared by every definition with one name. */
export interface Metric {
  readonly definition: MetricDefinition;
  readonly table: TableImpl<Key, unknown>;
  readonly aggregator: Aggregator;
}

/** Records one event for one definition. */
export type CompiledRecorder = (measurements: Measurements, metadata: Metadata) => void;

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

/** Compiles the recorder of `def`, writing into `metric`. */
export function compileRecorder(def: MetricDefinition, metric: Metric): CompiledRecorder {
  const { table, aggregator } = metric;
  const sample = compileSample(def);
  const tagKey = compileTagKey(def);
  const slotOf = slotLookup(table, def.tags.length);
  return (measurements, metadata) => {
    const value = sample(measurements, metadata);
    if (value !== undefined) aggregator.write(slotOf(tagKey(metadata)), value);
  };
}

/**
 * Checks that a definition can share storage with the first definition of the same name: same
 * kind, unit, tags and buckets.
 *
 * @throws {Error} Naming the metric and the field that differs.
 */
export function checkCompatible(first: MetricDefinition, def: MetricDefinition): void {
  const differs = (field: string, a: unknown, b: unknown) =>
    new Error(
      `Metric "${def.name}" is defined twice with different ${field}: ` +
        `${JSON.stringify(a)} and ${JSON.stringify(b)}`,
    );
  if (first.kind !== def.kind) throw differs("kind", first.kind, def.kind);
  if (first.unit !== def.unit) throw differs("unit", first.unit, def.unit);
  if (JSON.stringify(first.tags) !== JSON.stringify(def.tags)) {
    throw differs("tags", first.tags, def.tags);
  }
  const a = first.kind === "distribution" ? first.buckets : [];
  const b = def.kind === "distribution" ? def.buckets : [];
  if (a.join() !== b.join()) throw differs("buckets", a, b);
}
