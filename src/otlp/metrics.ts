/**
 * Metric snapshots as OTLP JSON (`ExportMetricsServiceRequest`): cumulative sums, gauges,
 * explicit-bucket histograms and summaries.
 *
 * @module
 */

import type {
  DistributionValue,
  MetricDefinition,
  MetricSnapshot,
  Series,
  SummaryValue,
} from "../metrics/mod.ts";
import { type Entry, entry, envelopes, type MetricHead, writeBody } from "./_body.ts";
import { double, type KeyValue, nanos } from "./_json.ts";
import {
  libraryScopeJson,
  type OtlpAttributes,
  resolveResource,
  resourceJson,
} from "./resource.ts";

/** Catalog units with a UCUM spelling, as OpenTelemetry writes units. */
const ucum: Readonly<Record<string, string>> = {
  nanosecond: "ns",
  microsecond: "us",
  millisecond: "ms",
  second: "s",
  minute: "min",
  hour: "h",
  byte: "By",
  kilobyte: "kBy",
  megabyte: "MBy",
  gigabyte: "GBy",
  percent: "%",
  "1": "1",
  "": "",
};

/**
 * A catalog unit as OpenTelemetry writes units (UCUM): `millisecond` → `"ms"`, `second` →
 * `"s"`, `byte` → `"By"`, `kilobyte` → `"kBy"`, `"1"` → `"1"`, `""` → `""`; any other unit is
 * an annotation in braces, `token` → `"{token}"`, `usd` → `"{usd}"` (a unit already in braces
 * is kept).
 *
 * @param unit A unit name, as in `events.yaml` or a metric definition.
 * @returns The UCUM unit.
 * @example
 * ```ts
 * import { ucumUnit } from "@jido/telemetry/otlp";
 *
 * console.log(ucumUnit("millisecond"), ucumUnit("byte"), ucumUnit("token")); // "ms" "By" "{token}"
 * ```
 */
export function ucumUnit(unit: string): string {
  if (Object.hasOwn(ucum, unit)) return ucum[unit];
  return /^\{[^{}]*\}$/.test(unit) ? unit : `{${unit.replace(/[{}]/g, "")}}`;
}

/** Options of {@link encodeMetrics}. */
export interface EncodeMetricsOptions {
  /**
   * The resource's attributes.
   * @default otlpResource(): service.name from the environment, the telemetry.sdk.* attributes
   */
  readonly resource?: OtlpAttributes;
  /** When the values started accumulating (the store's creation), in ms since the Unix epoch. */
  readonly startTime: number;
  /** When they were read, in milliseconds since the Unix epoch. @default Date.now() */
  readonly time?: number;
  /**
   * The definitions of the metrics, to tell which sums can go down (see {@link encodeMetrics}).
   * @default [] (every sum is monotonic)
   */
  readonly definitions?: readonly MetricDefinition[];
}

/** Whether a sum never decreases: unless its definition says it can. */
function isMonotonic(name: string, definitions: readonly MetricDefinition[]): boolean {
  const def = definitions.find((d) => d.name === name);
  if (def === undefined) return true;
  const options = def.reporterOptions;
  return options.monotonic !== false && options.prometheusType !== "gauge";
}

function headOf(metric: MetricSnapshot, definitions: readonly MetricDefinition[]): MetricHead {
  const named = JSON.stringify({
    name: metric.name,
    description: metric.description,
    unit: ucumUnit(metric.unit),
  }).slice(0, -1);
  switch (metric.kind) {
    case "counter":
    case "sum": {
      const monotonic = metric.kind === "counter" || isMonotonic(metric.name, definitions);
      return {
        open:
          `${named},"sum":{"aggregationTemporality":2,"isMonotonic":${monotonic},"dataPoints":[`,
        close: "]}}",
      };
    }
    case "lastValue":
      return { open: `${named},"gauge":{"dataPoints":[`, close: "]}}" };
    case "distribution":
      return {
        open: `${named},"histogram":{"aggregationTemporality":2,"dataPoints":[`,
        close: "]}}",
      };
    case "summary":
      return { open: `${named},"summary":{"dataPoints":[`, close: "]}}" };
  }
}

/** The quantiles a summary point carries: OTLP's 0 and 1 are the minimum and maximum. */
function quantileValues(v: SummaryValue): { quantile: number; value: number | string }[] {
  return [
    { quantile: 0, value: double(v.min) },
    { quantile: 0.5, value: double(v.quantiles.p50) },
    { quantile: 0.9, value: double(v.quantiles.p90) },
    { quantile: 0.95, value: double(v.quantiles.p95) },
    { quantile: 0.99, value: double(v.quantiles.p99) },
    { quantile: 1, value: double(v.max) },
  ];
}

function pointJson(
  kind: MetricSnapshot["kind"],
  series: Series,
  start: string,
  time: string,
): string {
  const attributes: KeyValue[] = [];
  for (const [key, value] of Object.entries(series.tags)) {
    attributes.push({ key, value: { stringValue: String(value) } });
  }
  const base = { attributes, startTimeUnixNano: start, timeUnixNano: time };
  switch (kind) {
    case "counter":
      return JSON.stringify({ ...base, asInt: String(series.value as number) });
    case "sum":
    case "lastValue":
      return JSON.stringify({ ...base, asDouble: double(series.value as number) });
    case "distribution": {
      const h = series.value as DistributionValue;
      const bucketCounts: string[] = [];
      const explicitBounds: number[] = [];
      let below = 0;
      for (const b of h.buckets) {
        bucketCounts.push(String(b.count - below));
        below = b.count;
        if (b.le !== "+Inf") explicitBounds.push(b.le);
      }
      return JSON.stringify({
        ...base,
        count: String(h.count),
        sum: double(h.sum),
        bucketCounts,
        explicitBounds,
      });
    }
    case "summary": {
      const s = series.value as SummaryValue;
      return JSON.stringify({
        ...base,
        count: String(s.count),
        sum: double(s.sum),
        quantileValues: quantileValues(s),
      });
    }
  }
}

/** One entry per data point (series) of every metric, in the library's scope. */
export function metricEntries(
  metrics: readonly MetricSnapshot[],
  options: EncodeMetricsOptions,
): Entry[] {
  const start = nanos(options.startTime);
  const time = nanos(options.time ?? Date.now());
  const definitions = options.definitions ?? [];
  const out: Entry[] = [];
  for (const metric of metrics) {
    if (metric.series.length === 0) continue;
    const head = headOf(metric, definitions);
    for (const series of metric.series) {
      out.push(entry(libraryScopeJson, pointJson(metric.kind, series, start, time), head));
    }
  }
  return out;
}

/**
 * Encodes metric snapshots (`MetricStore.snapshot()`, or `getMetrics()` of the metrics
 * handler) as the body of an OTLP/HTTP JSON metrics request, with cumulative temporality
 * (`aggregationTemporality` 2), the series' tags as attributes and units in UCUM
 * ({@link ucumUnit}):
 *
 * - a counter is a monotonic `sum` of integers (`asInt`);
 * - a sum is a `sum` of doubles, monotonic unless its definition's `reporterOptions` has
 *   `monotonic: false` (or `prometheusType: "gauge"`, the Prometheus reporter's way of saying it
 *   can go down);
 * - a last value is a `gauge`;
 * - a distribution is a `histogram`: its bounds, a count per bucket (not cumulative, the last
 *   one past the last bound), count and sum (the store keeps no minimum or maximum);
 * - a summary is a `summary`: count, sum, and quantiles 0 (the minimum), 0.5, 0.9, 0.95, 0.99
 *   and 1 (the maximum).
 *
 * Metrics with no series yet are left out.
 *
 * @param metrics The snapshots.
 * @param options When the values started and were read, the resource, the definitions.
 * @returns The JSON text.
 * @example
 * ```ts
 * import { counter, createMetricStore } from "@jido/telemetry/metrics";
 * import { encodeMetrics } from "@jido/telemetry/otlp";
 *
 * const store = createMetricStore([counter("app.request.count", { tags: ["route"] })]);
 * store.recorderFor("app.request")({}, { route: "/a" });
 * const body = encodeMetrics(store.snapshot(), { startTime: 1700000000000, time: 1700000060000 });
 * const metric = JSON.parse(body).resourceMetrics[0].scopeMetrics[0].metrics[0];
 * console.log(metric.sum.dataPoints[0].asInt); // "1"
 * ```
 */
export function encodeMetrics(
  metrics: readonly MetricSnapshot[],
  options: EncodeMetricsOptions,
): string {
  const resource = options.resource ?? resolveResource({}, () => {});
  return writeBody(envelopes.metrics, resourceJson(resource), metricEntries(metrics, options));
}
