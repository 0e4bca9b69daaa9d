/**
 * Compiles definitions into per-event recording functions, precomputing everything that does
 * not depend on the event: the measurement reader, the unit factors, the tag-key function, the
 * aggregator, and a cache from tag values to each series' row.
 *
 * @module
 */

import type { Key } from "../store/mod.ts";
import type { SlotTable } from "../store/slot_table.ts";
import type { Aggregator } from "./_aggregate.ts";
import { slotLookup } from "./_slot_cache.ts";
import { compileTagKey } from "./_tags.ts";
import type { Measurements, Metadata, MetricDefinition } from "./definition.ts";
import { compileSample } from "./sample.ts";

/** The storage shared by every definition with one name. */
export interface Metric {
  readonly definition: MetricDefinition;
  readonly table: SlotTable<Key, unknown>;
  readonly aggregator: Aggregator;
  /** The unit its snapshots report: the definition's, else the catalog's for its measurement. */
  readonly unit: string;
}

/** Records one event for one definition. */
export type CompiledRecorder = (measurements: Measurements, metadata: Metadata) => void;

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
