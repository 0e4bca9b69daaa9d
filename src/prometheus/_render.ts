/**
 * Renders metric snapshots in the Prometheus text format 0.0.4 and in OpenMetrics 1.0.
 *
 * @module
 */

import type {
  DistributionValue,
  MetricSnapshot,
  SeriesValue,
  SummaryValue,
} from "../metrics/mod.ts";
import type { PrometheusFamily } from "./names.ts";

/** The exposition formats. */
export type ExpositionFormat = "text" | "openmetrics";

/** The content type of each format. */
export const contentTypes: Readonly<Record<ExpositionFormat, string>> = {
  text: "text/plain; version=0.0.4; charset=utf-8",
  openmetrics: "application/openmetrics-text; version=1.0.0; charset=utf-8",
};

/**
 * A sample value as both formats spell it: `NaN`, `+Inf`, `-Inf`, else JavaScript's shortest
 * round-tripping form (`1e+21`, `5e-324`), which Prometheus parses back to the same double.
 *
 * @param value The value.
 * @returns Its text.
 * @example
 * ```ts
 * import { formatNumber } from "@jido/telemetry/prometheus";
 *
 * console.log(formatNumber(Infinity), formatNumber(0.1), formatNumber(1e21)); // "+Inf 0.1 1e+21"
 * ```
 */
export function formatNumber(value: number): string {
  if (value === Infinity) return "+Inf";
  if (value === -Infinity) return "-Inf";
  return String(value); // NaN → "NaN"; -0 → "0"; 1e21 → "1e+21", which both parsers read
}

/**
 * A label value as it goes between double quotes: backslash, double quote and line feed escaped,
 * as both formats require; everything else, unicode included, is kept as it is.
 *
 * @param value The label value.
 * @returns The escaped value.
 * @example
 * ```ts
 * import { escapeLabelValue } from "@jido/telemetry/prometheus";
 *
 * console.log(escapeLabelValue('a "b"\n')); // a \"b\"\n
 * ```
 */
export function escapeLabelValue(value: string): string {
  return /[\\"\n]/.test(value)
    ? value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")
    : value;
}

/** HELP text: backslash and line feed escaped, and in OpenMetrics the double quote too. */
function escapeHelp(value: string, format: ExpositionFormat): string {
  const escaped = value.replace(/\\/g, "\\\\").replace(/\n/g, "\\n");
  return format === "openmetrics" ? escaped.replace(/"/g, '\\"') : escaped;
}

/** `{a="1",b="2"` without the closing brace (empty when there is no label), so `le` can follow. */
function openLabels(
  constant: string,
  family: PrometheusFamily,
  tags: Readonly<Record<string, string>>,
): string {
  let out = constant;
  // The overflow series carries `{ overflow: "true" }` instead of the metric's tags.
  const names = Object.hasOwn(tags, "overflow") && !family.labels.includes("overflow")
    ? ["overflow"]
    : family.labels;
  for (const name of names) {
    const value = tags[name] ?? "";
    out += `${out === "" ? "" : ","}${name}="${escapeLabelValue(value)}"`;
  }
  return out;
}

/** The constant labels, rendered once per scrape. */
export function renderConstantLabels(labels: Readonly<Record<string, string>>): string {
  let out = "";
  for (const [name, value] of Object.entries(labels)) {
    out += `${out === "" ? "" : ","}${name}="${escapeLabelValue(value)}"`;
  }
  return out;
}

function scaled(family: PrometheusFamily, value: number): number {
  return family.multiply !== 1
    ? value * family.multiply
    : family.divide !== 1
    ? value / family.divide
    : value;
}

function line(name: string, labels: string, value: number): string {
  return labels === ""
    ? `${name} ${formatNumber(value)}\n`
    : `${name}{${labels}} ${formatNumber(value)}\n`;
}

const quantiles: readonly [string, keyof SummaryValue["quantiles"]][] = [
  ["0.5", "p50"],
  ["0.9", "p90"],
  ["0.95", "p95"],
  ["0.99", "p99"],
];

function renderSeries(
  family: PrometheusFamily,
  labels: string,
  value: SeriesValue,
): string {
  const name = family.name;
  const sep = labels === "" ? "" : ",";
  switch (family.type) {
    case "counter":
      return line(`${name}_total`, labels, scaled(family, value as number));
    case "gauge":
      return line(name, labels, scaled(family, value as number));
    case "summary": {
      const v = value as SummaryValue;
      let out = "";
      for (const [q, key] of quantiles) {
        out += line(name, `${labels}${sep}quantile="${q}"`, scaled(family, v.quantiles[key]));
      }
      return out + line(`${name}_sum`, labels, scaled(family, v.sum)) +
        line(`${name}_count`, labels, v.count);
    }
    case "histogram": {
      const v = value as DistributionValue;
      let out = "";
      for (const bucket of v.buckets) {
        const le = bucket.le === "+Inf" ? "+Inf" : formatNumber(scaled(family, bucket.le));
        out += line(`${name}_bucket`, `${labels}${sep}le="${le}"`, bucket.count);
      }
      return out + line(`${name}_sum`, labels, scaled(family, v.sum)) +
        line(`${name}_count`, labels, v.count);
    }
  }
}

/**
 * One family: its HELP, TYPE (and UNIT in OpenMetrics) lines, then its samples. A family with
 * no series yet has only its descriptors.
 */
export function renderFamily(
  family: PrometheusFamily,
  snapshot: MetricSnapshot,
  format: ExpositionFormat,
  constantLabels: string,
): string {
  // In the text format a counter's descriptors name the sample (`x_total`); in OpenMetrics,
  // the family (`x`).
  const described = format === "text" && family.type === "counter"
    ? `${family.name}_total`
    : family.name;
  let out = `# HELP ${described} ${escapeHelp(family.help, format)}\n` +
    `# TYPE ${described} ${family.type}\n`;
  if (format === "openmetrics" && family.unit !== "") {
    out += `# UNIT ${family.name} ${family.unit}\n`;
  }
  for (const series of snapshot.series) {
    out += renderSeries(family, openLabels(constantLabels, family, series.tags), series.value);
  }
  return out;
}
