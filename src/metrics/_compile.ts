/**
 * Compiles definitions into per-event recording functions, precomputing everything that does
 * not depend on the event: the measurement reader, the unit factors, the tag-key function, the
 * aggregator, and a cache from tag values to each series' row.
 *
 * A value that cannot be recorded (`NaN`, ±Infinity, not a number, or past the float range
 * once converted) is never folded into a series: it is counted per metric
 * ({@link rejectedCount}, reset with the metric's values) and reported on stderr the first time
 * for each metric, naming the metric, the event and why.
 *
 * @module
 */

import type { Key } from "../store/mod.ts";
import type { SlotTable } from "../store/slot_table.ts";
import type { Aggregator } from "./_aggregate.ts";
import { describeEvent } from "./_event_id.ts";
import { slotLookup } from "./_slot_cache.ts";
import { compileTagKey } from "./_tags.ts";
import { compileCheckedSample, isRejected, type Rejected } from "./checked_sample.ts";
import type { Measurements, Metadata, MetricDefinition } from "./definition.ts";

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

/** The values a metric's table rejected since its last `clear()` (a change of generation). */
interface Rejections {
  generation: number;
  count: number;
  reported: boolean;
}

const rejections = new WeakMap<SlotTable<Key, unknown>, Rejections>();

/**
 * How many values the metric stored in `table` rejected since it was created or last cleared:
 * values that were not finite numbers, or left the float range when converted to its unit.
 */
export function rejectedCount(table: SlotTable<Key, unknown>): number {
  const r = rejections.get(table);
  return r === undefined || r.generation !== table.generation ? 0 : r.count;
}

function reject(def: MetricDefinition, table: SlotTable<Key, unknown>, why: Rejected): void {
  let r = rejections.get(table);
  if (r === undefined) rejections.set(table, r = { generation: 0, count: 0, reported: false });
  if (r.generation !== table.generation) {
    r.generation = table.generation;
    r.count = 0;
  }
  r.count++;
  if (r.reported) return;
  r.reported = true;
  try {
    console.error(
      `[telemetry] Metric "${def.name}" rejected a value of event ${describeEvent(def.event)}: ` +
        `${why.reason} (not recorded; counted in the snapshot's rejectedCount, reported once)`,
    );
  } catch {
    // Reporting must not throw into the recorder.
  }
}

/** Compiles the recorder of `def`, writing into `metric`. */
export function compileRecorder(def: MetricDefinition, metric: Metric): CompiledRecorder {
  const { table, aggregator } = metric;
  const sample = compileCheckedSample(def);
  const tagKey = compileTagKey(def);
  const slotOf = slotLookup(table, def.tags.length);
  return (measurements, metadata) => {
    const value = sample(measurements, metadata);
    if (value === undefined) return;
    if (isRejected(value)) reject(def, table, value);
    else aggregator.write(slotOf(tagKey(metadata)), value);
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
