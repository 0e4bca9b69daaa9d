/**
 * The metrics handler (the original design's `TelemetryHandlers` counters and timings): attaches
 * to the events that metric definitions name and records them into ETS-like tables.
 *
 * @module
 */

import type { Catalog } from "../catalog.ts";
import { catalog as standardCatalog } from "../events.generated.ts";
import { defaultDefinitions } from "../metrics/defaults.ts";
import type { MetricDefinition } from "../metrics/definition.ts";
import { createMetricStore, type MetricStore } from "../metrics/metric_store.ts";
import { createSketch, type QuantileSketch } from "../metrics/sketch.ts";
import type { MetricSnapshot } from "../metrics/snapshot.ts";
import { createTable, type Table } from "../store/table.ts";
import { attach, detach, type Measurements, type Metadata } from "../telemetry.ts";
import { TelemetryError } from "../errors.ts";

/** Options of {@link attachMetricsHandler}. */
export interface MetricsHandlerOptions {
  /** The catalog definitions are checked against. @default the generated catalog */
  readonly catalog?: Catalog;
  /** Accept definitions on events outside the catalog's app, unchecked. @default false */
  readonly allowExternalEvents?: boolean;
  /** Most series (tag sets) per metric before they fold into one overflow series. @default 10000 */
  readonly maxSeries?: number;
}

/** Duration statistics of one event, in milliseconds, as {@link getDurationStats} returns them. */
export interface DurationStats {
  /** How many durations were recorded. */
  readonly count: number;
  /** Their sum. */
  readonly sum: number;
  /** The smallest. */
  readonly min: number;
  /** The largest. */
  readonly max: number;
  /** `sum / count`. */
  readonly mean: number;
  /** Median, within 1% relative error (DDSketch). */
  readonly p50: number;
  /** 95th percentile, within 1% relative error. */
  readonly p95: number;
  /** 99th percentile, within 1% relative error. */
  readonly p99: number;
}

interface State {
  readonly ids: readonly string[];
  readonly store: MetricStore;
}

const counters: Table<string, number> = createTable("telemetry_counters", {
  type: "set",
  maxRows: 10_000,
});
/** Per event, a holder whose sketch {@link resetCounters} drops; handlers keep the holder. */
const durations = new Map<string, { sketch: QuantileSketch | undefined }>();
let state: State | undefined;
let errorsReported = new WeakSet<MetricDefinition>();

function reportOnce(error: Error, definition: MetricDefinition): void {
  if (errorsReported.has(definition)) return;
  errorsReported.add(definition);
  console.error(`[telemetry] Metric "${definition.name}" skipped an event: ${error.message}`);
}

/**
 * Attaches the metrics handler: one bus handler per event that a definition names (ids
 * `metrics:<event>`), each precompiled to record only that event's metrics. Every handled event
 * is also counted for {@link getCounters}, and its `duration` measurement, if any, kept for
 * {@link getDurationStats}. A definition function that throws skips that metric for that event
 * (reported once on stderr); the other metrics still record.
 *
 * @param definitions The metrics. @default defaultDefinitions(catalog)
 * @param options The catalog, external events and the series cap.
 * @throws {TelemetryError} With code `"already_exists"` if the handler is attached.
 * @throws {Error} If a definition names an event or measurement not in the catalog.
 * @example
 * ```ts
 * import { attachMetricsHandler, emitSessionStart, getCounters } from "@jido/telemetry";
 *
 * attachMetricsHandler();
 * emitSessionStart({ system_time: Date.now() }, { session_id: "s-1" });
 * console.log(getCounters()); // { "jido_coder_lib.session.start": 1 }
 * ```
 */
export function attachMetricsHandler(
  definitions?: readonly MetricDefinition[],
  options: MetricsHandlerOptions = {},
): void {
  if (state !== undefined) {
    throw new TelemetryError("already_exists", "The metrics handler is already attached");
  }
  const catalog = options.catalog ?? standardCatalog;
  const store = createMetricStore(definitions ?? defaultDefinitions(catalog), {
    catalog,
    allowExternalEvents: options.allowExternalEvents,
    maxSeries: options.maxSeries,
    onError: reportOnce,
  });
  errorsReported = new WeakSet();
  const ids: string[] = [];
  for (const event of store.events) {
    const key = event.join(".");
    const record = store.recorderFor(event);
    let holder = durations.get(key);
    if (holder === undefined) durations.set(key, holder = { sketch: undefined });
    const durationOf = holder;
    const handler = (_e: unknown, m: Measurements, md: Metadata): void => {
      counters.updateCounter(key, 1, 0);
      try {
        const d = m.duration;
        if (typeof d === "number" && Number.isFinite(d)) {
          (durationOf.sketch ??= createSketch()).add(d);
        }
      } catch {
        // Missing or hostile measurements: nothing to time, the event is still counted.
      }
      record(m ?? {}, md ?? {});
    };
    // Dotted names identify events for getCounters(); two events whose segments join to the
    // same dotted name share it (and a handler id spelled with the exact segments).
    const id = ids.includes(`metrics:${key}`)
      ? `metrics:${JSON.stringify(event)}`
      : `metrics:${key}`;
    try {
      attach(id, event, handler);
    } catch (error) {
      for (const done of ids) detach(done);
      throw error;
    }
    ids.push(id);
  }
  state = { ids, store };
}

/**
 * Detaches the metrics handler. The values stay readable until {@link resetCounters}.
 *
 * @returns `true` if it was attached, else `false`.
 * @example
 * ```ts
 * import { attachMetricsHandler, detachMetricsHandler } from "@jido/telemetry";
 *
 * attachMetricsHandler();
 * console.log(detachMetricsHandler(), detachMetricsHandler()); // true false
 * ```
 */
export function detachMetricsHandler(): boolean {
  if (state === undefined) return false;
  for (const id of state.ids) detach(id);
  state = undefined;
  return true;
}

/**
 * How many times each handled event was seen, keyed by dotted event name.
 *
 * @returns E.g. `{ "jido_coder_lib.session.start": 3 }`; events not seen are absent.
 * @example
 * ```ts
 * import { getCounters } from "@jido/telemetry";
 *
 * console.log(getCounters()["jido_coder_lib.llm.response"] ?? 0);
 * ```
 */
export function getCounters(): Readonly<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const [key, value] of counters.toList()) out[String(key)] = value;
  return out;
}

/**
 * Duration statistics per dotted event name, for every handled event with a `duration`
 * measurement, in milliseconds.
 *
 * @returns E.g. `{ "jido_coder_lib.llm.response": { count: 2, sum: 30, min: 10, ... } }`.
 * @example
 * ```ts
 * import { getDurationStats } from "@jido/telemetry";
 *
 * const llm = getDurationStats()["jido_coder_lib.llm.response"];
 * if (llm) console.log(`p95 ${llm.p95} ms over ${llm.count} calls`);
 * ```
 */
export function getDurationStats(): Readonly<Record<string, DurationStats>> {
  const out: Record<string, DurationStats> = {};
  for (const [key, { sketch: s }] of durations) {
    if (s === undefined || s.count === 0) continue;
    out[key] = {
      count: s.count,
      sum: s.sum,
      min: s.min,
      max: s.max,
      mean: s.sum / s.count,
      p50: s.quantile(0.5),
      p95: s.quantile(0.95),
      p99: s.quantile(0.99),
    };
  }
  return out;
}

/**
 * Every defined metric's current values, per tag set; `[]` when the handler is not attached.
 *
 * @returns One snapshot per metric name, in definition order.
 * @example
 * ```ts
 * import { getMetrics } from "@jido/telemetry";
 *
 * for (const m of getMetrics()) console.log(m.name, m.series.length);
 * ```
 */
export function getMetrics(): readonly MetricSnapshot[] {
  return state?.store.snapshot() ?? [];
}

/**
 * Clears the counters, the duration statistics and every metric's values.
 *
 * @example
 * ```ts
 * import { getCounters, resetCounters } from "@jido/telemetry";
 *
 * resetCounters();
 * console.log(getCounters()); // {}
 * ```
 */
export function resetCounters(): void {
  counters.clear();
  for (const holder of durations.values()) holder.sketch = undefined;
  state?.store.reset();
}
