/**
 * The metrics handler (the original design's `TelemetryHandlers` counters and timings): attaches
 * to the events that metric definitions name and records them into ETS-like tables.
 *
 * @module
 */

import type { Catalog } from "../catalog.ts";
import { TelemetryError } from "../errors.ts";
import {
  createMetricStore,
  defaultDefinitions,
  type MetricDefinition,
  type MetricSnapshot,
  type MetricStore,
  type SummaryValue,
} from "../metrics/mod.ts";
import { attach, detach } from "../telemetry.ts";

/** Options of {@link attachMetricsHandler}. */
export interface MetricsHandlerOptions {
  /**
   * The catalog of the events to measure: your generated `catalog`, or `standardCatalog`.
   * Definitions are checked against it, and the default definitions derive from it.
   */
  readonly catalog: Catalog;
  /** The metrics. @default defaultDefinitions(catalog) */
  readonly definitions?: readonly MetricDefinition[];
  /** Accept definitions on events outside the catalog's apps, unchecked. @default false */
  readonly allowExternalEvents?: boolean;
  /** Most series (tag sets) per metric before they fold into one overflow series. @default 10000 */
  readonly maxSeries?: number;
}

interface State {
  readonly ids: readonly string[];
  readonly store: MetricStore;
}

/** The attached handler's ids and store; `undefined` while detached. */
let state: State | undefined;
/** The store of the last attachment: values stay readable after detaching, until reset. */
let lastStore: MetricStore | undefined;
let errorsReported = new WeakSet<MetricDefinition>();

/** One line on stderr the first time a definition fails; its message names metric and event. */
function reportOnce(error: Error, definition: MetricDefinition): void {
  if (errorsReported.has(definition)) return;
  errorsReported.add(definition);
  const message = error.message.replace(/\r?\n/g, "\\n");
  console.error(`[telemetry] ${message} (the metric skips such events; reported once)`);
}

/**
 * Attaches the metrics handler: one bus handler per event that a definition names (ids
 * `metrics:<event>`), each precompiled to record only that event's metrics into one store. The
 * seed's accessors read that store: {@link getCounters} the `<event>.count` counters and
 * {@link getDurationStats} the `<event>.duration` summaries of the default definitions. A
 * definition function that throws skips that metric for that event (reported once on stderr);
 * the other metrics still record.
 *
 * @param options The catalog, the definitions, external events and the series cap.
 * @throws {TelemetryError} With code `"already_exists"` if the handler is attached.
 * @throws {TypeError} If `options.catalog` is missing.
 * @throws {Error} If a definition names an event or measurement not in the catalog.
 * @example
 * ```ts
 * import {
 *   attachMetricsHandler,
 *   emitSessionStart,
 *   getCounters,
 *   standardCatalog,
 * } from "@jido/telemetry";
 *
 * attachMetricsHandler({ catalog: standardCatalog });
 * emitSessionStart({ system_time: Date.now() }, { session_id: "s-1" });
 * console.log(getCounters()["jido_coder_lib.session.start"]); // 1
 * ```
 */
export function attachMetricsHandler(options: MetricsHandlerOptions): void {
  if (state !== undefined) {
    throw new TelemetryError("already_exists", "The metrics handler is already attached");
  }
  const catalog = options?.catalog;
  if (catalog === undefined || catalog === null || !Array.isArray(catalog.events)) {
    throw new TypeError(
      "attachMetricsHandler() needs options.catalog: your generated catalog, or standardCatalog",
    );
  }
  const store = createMetricStore(options.definitions ?? defaultDefinitions(catalog), {
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
    // Dotted names identify events for getCounters(); two events whose segments join to the
    // same dotted name share it (and a handler id spelled with the exact segments).
    const id = ids.includes(`metrics:${key}`)
      ? `metrics:${JSON.stringify(event)}`
      : `metrics:${key}`;
    try {
      attach(id, event, (_e, m, md) => record(m ?? {}, md ?? {}));
    } catch (error) {
      for (const done of ids) detach(done);
      throw error;
    }
    ids.push(id);
  }
  state = { ids, store };
  lastStore = store;
}

/**
 * Detaches the metrics handler. The values stay readable until {@link resetCounters} or the
 * next attachment.
 *
 * @returns `true` if it was attached, else `false`.
 * @example
 * ```ts
 * import { attachMetricsHandler, detachMetricsHandler, standardCatalog } from "@jido/telemetry";
 *
 * attachMetricsHandler({ catalog: standardCatalog });
 * console.log(detachMetricsHandler(), detachMetricsHandler()); // true false
 * ```
 */
export function detachMetricsHandler(): boolean {
  if (state === undefined) return false;
  for (const id of state.ids) detach(id);
  state = undefined;
  return true;
}

/** The sum of every series of a counter (or sum) metric. */
function total(metric: MetricSnapshot): number {
  let n = 0;
  for (const series of metric.series) n += series.value as number;
  return n;
}

/**
 * How many times each event was seen, keyed by dotted event name: the totals of the
 * `<event>.count` counters (one per catalog event in the default definitions), so an event that
 * a counter's `keep`/`drop` excludes is not counted. Readable after detaching, until
 * {@link resetCounters}.
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
  for (const metric of metricsNamed("counter", ".count")) {
    const n = total(metric.snapshot);
    if (n > 0) out[metric.eventKey] = (out[metric.eventKey] ?? 0) + n;
  }
  return out;
}

/**
 * Duration statistics per dotted event name, from the untagged `<event>.duration` summaries (one
 * per event with a `duration` measurement in the default definitions), in the measurement's
 * unit (milliseconds in the standard catalog). Readable after detaching, until
 * {@link resetCounters}.
 *
 * @returns E.g. `{ "jido_coder_lib.llm.response": { count: 2, sum: 30, ..., quantiles } }`.
 * @example
 * ```ts
 * import { getDurationStats } from "@jido/telemetry";
 *
 * const llm = getDurationStats()["jido_coder_lib.llm.response"];
 * if (llm) console.log(`p95 ${llm.quantiles.p95} ms over ${llm.count} calls`);
 * ```
 */
export function getDurationStats(): Readonly<Record<string, SummaryValue>> {
  const out: Record<string, SummaryValue> = {};
  for (const { eventKey, snapshot } of metricsNamed("summary", ".duration")) {
    const series = snapshot.series;
    if (series.length === 1 && snapshot.tags.length === 0) {
      out[eventKey] = series[0].value as SummaryValue;
    }
  }
  return out;
}

/** The metrics of `kind` named `<event><suffix>`, with their event's dotted name. */
function metricsNamed(
  kind: "counter" | "summary",
  suffix: string,
): { readonly eventKey: string; readonly snapshot: MetricSnapshot }[] {
  if (lastStore === undefined) return [];
  const wanted = new Map<string, string>();
  for (const def of lastStore.definitions) {
    if (def.kind === kind && def.name === def.eventKey + suffix) wanted.set(def.name, def.eventKey);
  }
  const out: { eventKey: string; snapshot: MetricSnapshot }[] = [];
  for (const snapshot of lastStore.snapshot()) {
    const eventKey = wanted.get(snapshot.name);
    if (eventKey !== undefined) out.push({ eventKey, snapshot });
  }
  return out;
}

/**
 * Every defined metric's current values, per tag set; `[]` before the handler was first
 * attached. Readable after detaching, until {@link resetCounters}.
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
  return lastStore?.snapshot() ?? [];
}

/**
 * Clears every metric's values (the counters and duration statistics with them).
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
  lastStore?.reset();
}
