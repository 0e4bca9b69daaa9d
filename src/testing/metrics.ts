/**
 * Metric snapshots as plain objects to compare whole, and a matcher for one series.
 *
 * @module
 */

import type { MetricSnapshot, SeriesValue } from "../metrics/mod.ts";
import { TelemetryAssertionError } from "./assertion_error.ts";
import { copyData, matches, show } from "./_values.ts";

/** Where metrics are read: a store (anything with `snapshot()`) or snapshots already taken. */
export type MetricsSource =
  | { snapshot(): readonly MetricSnapshot[] }
  | readonly MetricSnapshot[];

/** Metric values by name, then by tag set written `key=value,key=value` (`""` for none). */
export type PlainMetrics = Record<string, Record<string, SeriesValue>>;

/** Options of {@link metricsSnapshot}. */
export interface MetricsSnapshotOptions {
  /**
   * Whether to keep metrics that have no series yet (as `{}`).
   * @default false
   */
  readonly empty?: boolean;
}

/** What {@link assertMetric} expects of one series. */
export interface MetricExpectation {
  /**
   * The series' tags, all of them.
   * @default {} (the series without tags)
   */
  readonly tags?: Readonly<Record<string, string>>;
  /** Its value: a number, or some fields of a summary or distribution value. */
  readonly value: number | Readonly<Record<string, unknown>>;
}

function snapshotsOf(source: MetricsSource): readonly MetricSnapshot[] {
  return Array.isArray(source)
    ? source as readonly MetricSnapshot[]
    : (source as { snapshot(): readonly MetricSnapshot[] }).snapshot();
}

/** A tag set as `key=value,key=value`, in the metric's tag order. */
function tagKey(order: readonly string[], tags: Readonly<Record<string, string>>): string {
  const keys = [...order.filter((k) => Object.hasOwn(tags, k))];
  for (const k of Object.keys(tags)) if (!keys.includes(k)) keys.push(k);
  // `,`, `=` and `\` in names and values escaped, so two tag sets never share a key.
  const esc = (s: string) => String(s).replace(/[\\,=]/g, (c) => `\\${c}`);
  return keys.map((k) => `${esc(k)}=${esc(tags[k])}`).join(",");
}

/**
 * Turns a store's snapshot (or `getMetrics()`) into a plain object, easy to compare whole:
 * `{ "<metric name>": { "<tag=value,…>": value } }`.
 *
 * @param source A metric store, or snapshots such as `getMetrics()` returns.
 * @param options Whether to keep metrics without series.
 * @returns Values by metric name and tag set; counters, sums and last values as numbers.
 * @example
 * ```ts
 * import { counter, createMetricStore } from "@jido/telemetry/metrics";
 * import { metricsSnapshot } from "@jido/telemetry/testing";
 *
 * const store = createMetricStore([counter("app.job.done.count", { tags: ["queue"] })]);
 * store.recorderFor("app.job.done")({}, { queue: "mail" });
 * console.log(metricsSnapshot(store)); // { "app.job.done.count": { "queue=mail": 1 } }
 * ```
 */
export function metricsSnapshot(
  source: MetricsSource,
  options: MetricsSnapshotOptions = {},
): PlainMetrics {
  const out: PlainMetrics = {};
  for (const metric of snapshotsOf(source)) {
    if (metric.series.length === 0 && options.empty !== true) continue;
    const series: Record<string, SeriesValue> = {};
    for (const s of metric.series) series[tagKey(metric.tags, s.tags)] = copyData(s.value);
    out[metric.name] = series;
  }
  return out;
}

/**
 * Throws unless metric `name` has a series with exactly these tags and this value (for a
 * summary or distribution, the fields given, e.g. `{ count: 2 }`).
 *
 * @param source A metric store, or snapshots such as `getMetrics()` returns.
 * @param name The metric's name.
 * @param expected The series' tags and value.
 * @throws {TelemetryAssertionError} Showing the metric's series, or the metrics there are.
 * @example
 * ```ts
 * import { counter, createMetricStore } from "@jido/telemetry/metrics";
 * import { assertMetric } from "@jido/telemetry/testing";
 *
 * const store = createMetricStore([counter("app.job.done.count", { tags: ["queue"] })]);
 * store.recorderFor("app.job.done")({}, { queue: "mail" });
 * assertMetric(store, "app.job.done.count", { tags: { queue: "mail" }, value: 1 });
 * ```
 */
export function assertMetric(
  source: MetricsSource,
  name: string,
  expected: MetricExpectation,
): void {
  const all = snapshotsOf(source);
  const metric = all.find((m) => m.name === name);
  if (metric === undefined) {
    const names = all.map((m) => m.name);
    throw new TelemetryAssertionError(
      `Expected metric ${name}, but there is none; metrics: ${
        names.length === 0 ? "none" : names.join(", ")
      }`,
    );
  }
  const key = tagKey(metric.tags, expected.tags ?? {});
  const series = metric.series.find((s) => tagKey(metric.tags, s.tags) === key);
  const want = `Expected ${name}{${key}} to be ${show(expected.value)}`;
  const listed = metric.series.length === 0
    ? `${name} has no series`
    : `${name} series:\n${
      metric.series.map((s) => `  {${tagKey(metric.tags, s.tags)}} ${show(s.value)}`).join("\n")
    }`;
  if (series === undefined) {
    throw new TelemetryAssertionError(`${want}, but it has no such series\n${listed}`);
  }
  if (!matches(series.value, expected.value)) {
    throw new TelemetryAssertionError(`${want}, got ${show(series.value)}\n${listed}`);
  }
}
