/**
 * Renders metric snapshots in the Prometheus text format 0.0.4 and in OpenMetrics 1.0.
 *
 * @module
 */

import type { SummaryValue } from "../metrics/mod.ts";
import { rawHistogram, type RawMetric } from "../metrics/metric_store.ts";
import type { Key } from "../store/mod.ts";
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

/** The constant labels, rendered once per reporter. */
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

const quantiles: readonly [string, keyof SummaryValue["quantiles"]][] = [
  ["0.5", "p50"],
  ["0.9", "p90"],
  ["0.95", "p95"],
  ["0.99", "p99"],
];

/**
 * What one family renders from: its series' keys and rows, and a cache of each series' label
 * text. A series' key stays the same object while the series exists, and the labels of a key
 * never change, so the text is built once per series, not once per scrape.
 */
export interface FamilySource {
  readonly family: PrometheusFamily;
  readonly metric: RawMetric;
  /** `a="1",b="2"` per key (constant labels first); cleared by the caller when it outgrows. */
  readonly labels: Map<Key, string>;
  /** The constant labels, rendered. */
  readonly constant: string;
}

/** The label text of a series: constant labels, then its tags (or `overflow="true"`). */
function labelsOf(source: FamilySource, key: Key): string {
  let out = source.labels.get(key);
  if (out !== undefined) return out;
  out = source.constant;
  const names = source.family.labels;
  if (key === source.metric.overflow) {
    out += `${out === "" ? "" : ","}overflow="true"`;
  } else {
    for (let i = 0; i < names.length; i++) {
      const value = names.length === 1 ? key as string : (key as readonly string[])[i];
      out += `${out === "" ? "" : ","}${names[i]}="${escapeLabelValue(value)}"`;
    }
  }
  source.labels.set(key, out);
  return out;
}

/** `{labels}` for a sample line, or nothing when there is no label. */
function braces(labels: string): string {
  return labels === "" ? "" : `{${labels}}`;
}

/** Series rendered between two yields: a large family is rendered a block at a time. */
const block = 256;

function* renderNumbers(source: FamilySource, name: string, head: string): Generator<string> {
  const { family, metric } = source;
  let out = head;
  const { series } = metric;
  for (let i = 0; i < series.length; i++) {
    const { key, row } = series[i];
    const value = metric.read(row) as number;
    out += `${name}${braces(labelsOf(source, key))} ${formatNumber(scaled(family, value))}\n`;
    if ((i + 1) % block === 0) {
      yield out;
      out = "";
    }
  }
  if (out !== "") yield out;
}

function* renderSummaries(source: FamilySource, head: string): Generator<string> {
  const { family, metric } = source;
  const { name } = family;
  let out = head;
  const { series } = metric;
  for (let i = 0; i < series.length; i++) {
    const { key, row } = series[i];
    const labels = labelsOf(source, key);
    const v = metric.read(row) as SummaryValue;
    const open = labels === "" ? `${name}{` : `${name}{${labels},`;
    for (const [q, k] of quantiles) {
      out += `${open}quantile="${q}"} ${formatNumber(scaled(family, v.quantiles[k]))}\n`;
    }
    out += `${name}_sum${braces(labels)} ${formatNumber(scaled(family, v.sum))}\n` +
      `${name}_count${braces(labels)} ${v.count}\n`;
    if ((i + 1) % block === 0) {
      yield out;
      out = "";
    }
  }
  if (out !== "") yield out;
}

function* renderHistograms(
  source: FamilySource,
  buckets: readonly number[],
  head: string,
): Generator<string> {
  const { family, metric } = source;
  const { name } = family;
  const les = buckets.map((b) => `le="${formatNumber(scaled(family, b))}"} `);
  les.push('le="+Inf"} ');
  let out = head;
  const { series } = metric;
  for (let s = 0; s < series.length; s++) {
    const { key, row } = series[s];
    const labels = labelsOf(source, key);
    const h = rawHistogram(row);
    const open = labels === "" ? `${name}_bucket{` : `${name}_bucket{${labels},`;
    let cumulative = 0;
    for (let i = 0; i < h.counts.length; i++) {
      cumulative += h.counts[i];
      out += `${open}${les[i]}${cumulative}\n`;
    }
    out += `${name}_sum${braces(labels)} ${formatNumber(scaled(family, h.sum))}\n` +
      `${name}_count${braces(labels)} ${h.count}\n`;
    if ((s + 1) % block === 0) {
      yield out;
      out = "";
    }
  }
  if (out !== "") yield out;
}

/**
 * One family: its HELP, TYPE (and UNIT in OpenMetrics) lines, then its samples, yielded a block
 * of series at a time. A family with no series yet has only its descriptors.
 */
export function renderFamily(
  source: FamilySource,
  format: ExpositionFormat,
  buckets: readonly number[],
): Generator<string> {
  const { family } = source;
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
  switch (family.type) {
    case "counter":
      return renderNumbers(source, `${family.name}_total`, out);
    case "gauge":
      return renderNumbers(source, family.name, out);
    case "summary":
      return renderSummaries(source, out);
    case "histogram":
      return renderHistograms(source, buckets, out);
  }
}
