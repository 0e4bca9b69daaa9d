/**
 * The recording core: definitions in, per-event recorders and snapshots out. It knows nothing
 * of the event bus; a metrics handler attaches one recorder per event.
 *
 * @module
 */

import type { Catalog } from "../catalog.ts";
import { type Key, overflowKey } from "../store/mod.ts";
import { createSlotTable } from "../store/slot_table.ts";
import { aggregatorFor } from "./_aggregate.ts";
import { checkDefinitionList } from "./_build.ts";
import {
  checkCompatible,
  type CompiledRecorder,
  compileRecorder,
  type Metric,
  rejectedCount,
} from "./_compile.ts";
import { describeEvent, dottedNameLookup, eventId, sameEvent } from "./_event_id.ts";
import { tagsOfKey } from "./_tags.ts";
import type { Measurements, Metadata, MetricDefinition } from "./definition.ts";
import type { MetricSnapshot, SeriesValue } from "./snapshot.ts";
import { validateDefinition } from "./validate.ts";

/** Records one event into every metric defined on it. */
export type Recorder = (measurements: Measurements, metadata: Metadata) => void;

/** Options for {@link createMetricStore}. */
export interface MetricStoreOptions {
  /**
   * A catalog to validate every definition against (see `validateDefinition()`).
   * @default undefined (no validation)
   */
  readonly catalog?: Catalog;
  /**
   * With `catalog`: accept events outside the catalog's app prefix, unchecked.
   * @default false
   */
  readonly allowExternalEvents?: boolean;
  /**
   * The most series (tag sets) per metric; further tag sets fold into one overflow series tagged
   * `{ overflow: "true" }`. `Infinity` disables the cap.
   * @default 10000
   */
  readonly maxSeries?: number;
  /**
   * Called when a definition's `measurement`, `tagValues`, `keep` or `drop` throws. The other
   * definitions of the event are recorded either way.
   * @default undefined (the recorder rethrows the first error after recording the others)
   */
  readonly onError?: (error: Error, definition: MetricDefinition) => void;
}

/** Holds the values of a set of metrics. Create one with {@link createMetricStore}. */
export interface MetricStore {
  /** The definitions, in the order given. */
  readonly definitions: readonly MetricDefinition[];
  /**
   * Every event some definition listens to, once each, in definition order, for attaching
   * handlers. Events are told apart by their segments: `["a.b", "c"]` and `["a", "b.c"]` are two
   * events.
   */
  readonly events: readonly (readonly string[])[];
  /**
   * The recorder for an event: records into every metric defined on it. For an event no metric
   * listens to, a function that does nothing.
   *
   * Pass the event as an array of segments (as in {@link MetricStore.events}) to name it exactly.
   * A string is taken as a dotted name and resolved against the dotted names of the store's
   * events; since a segment may contain a dot, a dotted name can be ambiguous, and then it throws.
   *
   * @throws {Error} If `event` is a string that is the dotted name of two or more events.
   */
  recorderFor(event: string | readonly string[]): Recorder;
  /** Every metric's current values, per tag set. */
  snapshot(): readonly MetricSnapshot[];
  /** Clears every metric's values. */
  reset(): void;
}

const ignore: Recorder = () => {};

/**
 * Creates the store for a set of metric definitions. Definitions sharing a name share their
 * series (they must agree on kind, unit, tags and buckets), as when two events feed one metric.
 *
 * An event missing a definition's measurement (`undefined` or `null`) is skipped for that
 * definition, except by a counter, which ignores the value and counts every event unless it was
 * given a `measurement` (then it counts the events that carry it). A value that cannot be
 * recorded (NaN, ±Infinity, not a number, or out of range once converted to the metric's unit) is
 * not recorded: it is counted in the snapshot's `rejectedCount` and the first one of each metric
 * is reported on stderr. Missing tag values are recorded as `""`.
 *
 * @param definitions The metric definitions.
 * @param options Catalog validation, the series cap and error handling.
 * @returns An empty store.
 * @throws {TypeError} If `definitions` is not an array of definitions.
 * @throws {Error} If a definition does not fit the catalog, or two definitions of one name differ.
 *
 * @example
 * ```ts
 * import { counter, createMetricStore } from "@jido/telemetry/metrics";
 *
 * const store = createMetricStore([counter("app.request.count", { tags: ["route"] })]);
 * const record = store.recorderFor("app.request");
 * record({}, { route: "/a" });
 * record({}, { route: "/a" });
 * store.snapshot()[0].series; // → [{ tags: { route: "/a" }, value: 2 }]
 * ```
 */
export function createMetricStore(
  definitions: readonly MetricDefinition[],
  options: MetricStoreOptions = {},
): MetricStore {
  checkDefinitionList(definitions);
  const { catalog, allowExternalEvents, maxSeries = 10_000, onError } = options;
  const metrics = new Map<string, Metric>();
  /** Keyed by `eventId()`, which, unlike the dotted name, is injective. */
  const byEvent = new Map<string, { def: MetricDefinition; fn: CompiledRecorder }[]>();
  const events: (readonly string[])[] = [];
  for (const def of definitions) {
    if (catalog !== undefined) validateDefinition(def, catalog, { allowExternalEvents });
    let metric = metrics.get(def.name);
    if (metric === undefined) {
      const table = createSlotTable<Key, unknown>(def.name, {
        type: "ordered_set",
        maxRows: maxSeries,
      });
      metric = {
        definition: def,
        table,
        aggregator: aggregatorFor(def),
        unit: unitOf(def, catalog),
      };
      metrics.set(def.name, metric);
    } else {
      checkCompatible(metric.definition, def);
    }
    const id = eventId(def.event);
    let list = byEvent.get(id);
    if (list === undefined) {
      byEvent.set(id, list = []);
      events.push(def.event);
    }
    list.push({ def, fn: compileRecorder(def, metric) });
  }
  const recorders = new Map<string, Recorder>();
  for (const [id, list] of byEvent) recorders.set(id, combine(list, onError));
  const lookup = dottedNameLookup(events);
  const recorderFor = (event: string | readonly string[]): Recorder => {
    const exact = typeof event === "string" ? lookup(event) : event;
    return exact === undefined ? ignore : recorders.get(eventId(exact)) ?? ignore;
  };
  const store: MetricStore = Object.freeze({
    definitions: Object.freeze([...definitions]),
    events: Object.freeze(events),
    recorderFor,
    snapshot: () => [...metrics.values()].map(snapshotOf),
    reset: () => {
      for (const m of metrics.values()) m.table.clear();
    },
  });
  internals.set(store, metrics);
  return store;
}

/** Each store's metrics, for {@link rawSeries}. */
const internals = new WeakMap<MetricStore, ReadonlyMap<string, Metric>>();

/**
 * One series as a reporter reads it without snapshot objects: its table key (which stays the
 * same object for as long as the series exists, so a reporter may cache what it derives from it)
 * and its row.
 */
export interface RawSeries {
  /**
   * The tag values: `[]` with no tag, the value with one, a tuple with more; or
   * {@link RawMetric.overflow} for the overflow series.
   */
  readonly key: Key;
  /** The row: read it with {@link RawMetric.read}, or {@link rawHistogram} for a distribution. */
  readonly row: unknown;
}

/** A metric's series, for reporters. */
export interface RawMetric {
  /** The overflow series' key. */
  readonly overflow: Key;
  /** The series, sorted by tag values (the snapshot's order). */
  readonly series: readonly RawSeries[];
  /** A row's value as the snapshot would give it. */
  read(row: unknown): SeriesValue;
}

/**
 * Internal to the library (reporters): the series of metric `name` of `store`, without building
 * snapshot objects; `undefined` for a store not made by {@link createMetricStore} or an unknown
 * name.
 */
export function rawSeries(store: MetricStore, name: string): RawMetric | undefined {
  const metric = internals.get(store)?.get(name);
  if (metric === undefined) return undefined;
  const rows = metric.table.toList();
  const series: RawSeries[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) series[i] = { key: rows[i][0], row: rows[i][1] };
  return { overflow: overflowKey, series, read: metric.aggregator.read };
}

/** A distribution row's raw counts: per bucket (not cumulative), then past the last bucket. */
export interface RawHistogram {
  readonly counts: readonly number[];
  readonly count: number;
  readonly sum: number;
}

/** Internal to the library (reporters): a distribution row's counts, count and exact sum. */
export function rawHistogram(row: unknown): RawHistogram {
  const h = row as { counts: readonly number[]; count: number; value: number };
  return { counts: h.counts, count: h.count, sum: h.value };
}

function combine(
  list: readonly { def: MetricDefinition; fn: CompiledRecorder }[],
  onError: MetricStoreOptions["onError"],
): Recorder {
  return (measurements, metadata) => {
    let failure: Error | undefined;
    for (let i = 0; i < list.length; i++) {
      try {
        list[i].fn(measurements, metadata);
      } catch (cause) {
        const { name, event } = list[i].def;
        const error = new Error(
          `Metric "${name}" failed to record event ${describeEvent(event)}: ${
            cause instanceof Error ? cause.message : String(cause)
          }`,
          { cause },
        );
        if (onError !== undefined) onError(error, list[i].def);
        else failure ??= error;
      }
    }
    if (failure !== undefined) throw failure;
  };
}

/** The definition's unit, else its measurement's unit in the catalog, else `""`. */
function unitOf(def: MetricDefinition, catalog: Catalog | undefined): string {
  if (def.unit !== "" || catalog === undefined || typeof def.measurement !== "string") {
    return def.unit;
  }
  if (def.kind === "counter") return "1";
  const event = catalog.events.find((e) => sameEvent(e.name, def.event));
  return event?.measurements.find((m) => m.name === def.measurement)?.unit ?? "";
}

function snapshotOf({ definition: def, table, aggregator, unit }: Metric): MetricSnapshot {
  return {
    name: def.name,
    kind: def.kind,
    unit,
    description: def.description,
    tags: def.tags,
    overflowCount: table.overflowCount,
    rejectedCount: rejectedCount(table),
    series: table.toList().map(([key, row]) => ({
      tags: tagsOfKey(def.tags, key),
      value: aggregator.read(row),
    })),
  };
}
