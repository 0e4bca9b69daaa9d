/**
 * How metric definitions are exposed to Prometheus: family names derived from the dotted names,
 * types, units and label names, all checked when a reporter is created so that a scrape can
 * never be invalid.
 *
 * @module
 */

import type { MetricDefinition } from "../metrics/mod.ts";

/** A Prometheus metric type. */
export type PrometheusType = "counter" | "gauge" | "summary" | "histogram";

/** How one metric definition is exposed. */
export interface PrometheusFamily {
  /** The metric's telemetry name, e.g. `"jido_coder_lib.llm.response.duration"`. */
  readonly metric: string;
  /**
   * The family name, e.g. `"jido_coder_lib_llm_response_duration_seconds"`. A counter's sample
   * is this name with `_total`.
   */
  readonly name: string;
  /** The Prometheus type. */
  readonly type: PrometheusType;
  /** The unit suffix of the name (`"seconds"`, `"bytes"`), `""` if none (OpenMetrics' `# UNIT`). */
  readonly unit: string;
  /** The label names from the metric's tags, in order (constant labels come first on a line). */
  readonly labels: readonly string[];
  /** The help text: the definition's description, else the metric's name. */
  readonly help: string;
  /**
   * Values in the metric's unit are exposed as `value * multiply / divide` (one of the two is
   * 1), so a millisecond summary is exposed in seconds.
   */
  readonly multiply: number;
  /** See {@link PrometheusFamily.multiply}. */
  readonly divide: number;
}

/** Options of {@link planFamilies}. */
export interface PlanOptions {
  /** Prepended to every family name with `_`, e.g. `"myapp"`. @default "" */
  readonly prefix?: string;
  /** Labels on every series (e.g. `{ service: "coder" }`); checked like tags. @default {} */
  readonly labels?: Readonly<Record<string, string>>;
}

/** Time units in seconds, as fractions `[multiply, divide]`. */
const toSeconds: Readonly<Record<string, readonly [number, number]>> = {
  nanosecond: [1, 1e9],
  microsecond: [1, 1e6],
  millisecond: [1, 1e3],
  second: [1, 1],
  minute: [60, 1],
  hour: [3600, 1],
};

/** Size units in bytes. */
const toBytes: Readonly<Record<string, readonly [number, number]>> = {
  byte: [1, 1],
  kilobyte: [1e3, 1],
  megabyte: [1e6, 1],
  gigabyte: [1e9, 1],
};

const metricName = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const labelName = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/**
 * A Prometheus name for a dotted telemetry name: every character outside `[a-zA-Z0-9_]`
 * (dots, dashes, colons, which are reserved for recording rules, and anything not ASCII) becomes
 * `_`, and a leading digit gets a `_` in front.
 *
 * @param name The telemetry name, e.g. `"app.llm.response.duration"`.
 * @returns E.g. `"app_llm_response_duration"`.
 * @example
 * ```ts
 * import { prometheusName } from "@jido/telemetry/prometheus";
 *
 * console.log(prometheusName("gen_ai.client.token-usage")); // "gen_ai_client_token_usage"
 * ```
 */
export function prometheusName(name: string): string {
  const replaced = name.replace(/[^a-zA-Z0-9_]/g, "_");
  return /^[0-9]/.test(replaced) ? `_${replaced}` : replaced;
}

/** The names a family's samples use, for collision checks. */
function sampleNames(name: string, type: PrometheusType): string[] {
  switch (type) {
    case "counter":
      return [name, `${name}_total`, `${name}_created`];
    case "gauge":
      return [name];
    case "summary":
      return [name, `${name}_sum`, `${name}_count`, `${name}_created`];
    case "histogram":
      return [name, `${name}_bucket`, `${name}_sum`, `${name}_count`, `${name}_created`];
  }
}

function typeOf(def: MetricDefinition): PrometheusType {
  switch (def.kind) {
    case "counter":
      return "counter";
    case "sum":
      return def.reporterOptions.prometheusType === "gauge" ? "gauge" : "counter";
    case "lastValue":
      return "gauge";
    case "summary":
      return "summary";
    case "distribution":
      return "histogram";
  }
}

function checkLabel(name: string, what: string, reserved: readonly string[]): void {
  if (!labelName.test(name)) {
    throw new Error(
      `${what} ${JSON.stringify(name)} is not a valid Prometheus label name ` +
        "([a-zA-Z_][a-zA-Z0-9_]*); rename it with the metric's tagValues",
    );
  }
  if (name.startsWith("__")) {
    throw new Error(`${what} ${JSON.stringify(name)} starts with "__", which Prometheus reserves`);
  }
  if (reserved.includes(name)) {
    throw new Error(`${what} ${JSON.stringify(name)} is reserved by Prometheus for this type`);
  }
  if (name === "overflow") {
    throw new Error(
      `${what} "overflow" is reserved for the series past the cap (overflow="true"); rename it`,
    );
  }
}

/**
 * Plans how each metric is exposed, and checks that the exposition will be valid: names,
 * label names (no `__` prefix; `le` is reserved on histograms, `quantile` on summaries,
 * `overflow` everywhere, for the series past the cap), and no two metrics sharing a sample name. Definitions sharing a metric name are one family.
 *
 * Names: the dotted name with {@link prometheusName}; a time unit is exposed in seconds and
 * suffixed `_seconds`, a size unit in bytes and suffixed `_bytes` (unless the name ends so
 * already). A counter drops a trailing `_count` or `_total` from its family name, since its
 * sample is `<family>_total`: `app.request.count` is exposed as `app_request_total`. A `sum` is a
 * counter, unless its `reporterOptions.prometheusType` is `"gauge"` (for sums that can go down).
 *
 * @param definitions The metric definitions.
 * @param options A name prefix and constant labels.
 * @param unitOf The unit each metric records in (a store knows it from the catalog when the
 *   definition has none). @default the definition's `unit`
 * @returns One family per metric name, in definition order.
 * @throws {Error} Naming the metric, if a name or label cannot be exposed or two metrics collide.
 * @example
 * ```ts
 * import { counter, summary } from "@jido/telemetry/metrics";
 * import { planFamilies } from "@jido/telemetry/prometheus";
 *
 * const [count, duration] = planFamilies([
 *   counter("app.request.count", { tags: ["route"] }),
 *   summary("app.request.duration", { unit: "millisecond" }),
 * ]);
 * console.log(count.name, duration.name); // "app_request" "app_request_duration_seconds"
 * ```
 */
export function planFamilies(
  definitions: readonly MetricDefinition[],
  options: PlanOptions = {},
  unitOf: (definition: MetricDefinition) => string = (definition) => definition.unit,
): readonly PrometheusFamily[] {
  const prefix = options.prefix ?? "";
  if (typeof prefix !== "string" || (prefix !== "" && !metricName.test(prefix))) {
    throw new TypeError(
      `The prefix must be a Prometheus name ([a-zA-Z_:][a-zA-Z0-9_:]*), got ${
        JSON.stringify(prefix)
      }`,
    );
  }
  const constant = Object.keys(options.labels ?? {});
  for (const key of constant) {
    checkLabel(key, "Constant label", ["le", "quantile"]);
    if (typeof options.labels![key] !== "string") {
      throw new TypeError(`Constant label "${key}" must have a string value`);
    }
  }
  const families: PrometheusFamily[] = [];
  const byMetric = new Set<string>();
  const claimed = new Map<string, string>();
  for (const def of definitions) {
    if (byMetric.has(def.name)) continue;
    byMetric.add(def.name);
    const type = typeOf(def);
    let base = prometheusName(def.name);
    if (prefix !== "") base = `${prefix}_${base}`;
    if (!/[a-zA-Z0-9]/.test(base)) {
      throw new Error(
        `Metric "${def.name}" cannot be exposed to Prometheus: its name has no letter or digit`,
      );
    }
    if (base.startsWith("__")) {
      throw new Error(
        `Metric "${def.name}" cannot be exposed to Prometheus: "${base}" starts with "__", which Prometheus reserves`,
      );
    }
    let multiply = 1;
    let divide = 1;
    let unit = "";
    const defUnit = unitOf(def);
    const time = Object.hasOwn(toSeconds, defUnit) ? toSeconds[defUnit] : undefined;
    const size = Object.hasOwn(toBytes, defUnit) ? toBytes[defUnit] : undefined;
    if (def.kind !== "counter" && (time !== undefined || size !== undefined)) {
      [multiply, divide] = time ?? size!;
      unit = time !== undefined ? "seconds" : "bytes";
    }
    if (type === "counter") base = base.replace(/_(count|total)$/, "");
    if (unit !== "" && !base.endsWith(`_${unit}`)) base = `${base}_${unit}`;
    if (base === "" || !metricName.test(base)) {
      throw new Error(`Metric "${def.name}" cannot be exposed to Prometheus as "${base}"`);
    }
    const reserved = type === "histogram" ? ["le"] : type === "summary" ? ["quantile"] : [];
    for (const tag of def.tags) {
      checkLabel(tag, `Tag of metric "${def.name}"`, reserved);
      if (constant.includes(tag)) {
        throw new Error(
          `Tag of metric "${def.name}" "${tag}" is also a constant label; rename one of them`,
        );
      }
    }
    for (const sample of sampleNames(base, type)) {
      const other = claimed.get(sample);
      if (other !== undefined) {
        throw new Error(
          `Metrics "${other}" and "${def.name}" would both be exposed to Prometheus as "${sample}"; rename one of them`,
        );
      }
    }
    for (const sample of sampleNames(base, type)) claimed.set(sample, def.name);
    families.push(Object.freeze({
      metric: def.name,
      name: base,
      type,
      unit,
      labels: Object.freeze([...def.tags]),
      help: def.description !== "" ? def.description : def.name,
      multiply,
      divide,
    }));
  }
  return Object.freeze(families);
}
