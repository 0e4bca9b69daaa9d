/**
 * The JSON the dashboard serves at `/api/snapshot` and pushes on `/api/events`.
 *
 * @module
 */

import type { Level } from "../levels.ts";
import type { MetricKind, SeriesValue } from "../metrics/mod.ts";

/**
 * One series of a metric on the dashboard: its tags, its latest value and, in a full snapshot,
 * its recent history.
 *
 * @example
 * ```ts
 * import type { DashboardSeries } from "@jido/telemetry/dashboard";
 *
 * const s: DashboardSeries = { key: '{"model":"gpt"}', tags: { model: "gpt" }, value: 3 };
 * ```
 */
export interface DashboardSeries {
  /** The series' identity within its metric: its tags as sorted JSON (`"{}"` without tags). */
  readonly key: string;
  /** The tag values, by tag key. */
  readonly tags: Readonly<Record<string, string>>;
  /** The latest value, as in a metric snapshot (non-finite numbers become `null` in JSON). */
  readonly value: SeriesValue;
  /**
   * Recent samples, oldest first, in a full snapshot only: `[time, value]` for counters, sums
   * and last values, `[time, p50, p95, p99]` for summaries, `[time, count]` for distributions.
   */
  readonly points?: readonly (readonly number[])[];
}

/**
 * One metric on the dashboard, with the component it is grouped under.
 *
 * @example
 * ```ts
 * import type { DashboardMetric } from "@jido/telemetry/dashboard";
 *
 * const m: DashboardMetric = {
 *   name: "app.llm.response.count",
 *   kind: "counter",
 *   unit: "",
 *   description: "",
 *   component: "llm",
 *   tags: [],
 *   series: [{ key: "{}", tags: {}, value: 1 }],
 * };
 * ```
 */
export interface DashboardMetric {
  /** The metric's name. */
  readonly name: string;
  /** The metric's kind. */
  readonly kind: MetricKind;
  /** The unit values are in; `""` if unknown. */
  readonly unit: string;
  /** The metric's description. */
  readonly description: string;
  /** The component it is drawn under: its event name's second segment (`"llm"`). */
  readonly component: string;
  /** The tag keys. */
  readonly tags: readonly string[];
  /** Every series. */
  readonly series: readonly DashboardSeries[];
}

/**
 * A log line kept for the dashboard.
 *
 * @example
 * ```ts
 * import type { DashboardLogLine } from "@jido/telemetry/dashboard";
 *
 * const line: DashboardLogLine = { seq: 1, time: 0, level: "warn", line: "Low disk" };
 * ```
 */
export interface DashboardLogLine {
  /** Its number, from 1, increasing: pages ask for the lines after the last they have. */
  readonly seq: number;
  /** When it was received, in milliseconds since the Unix epoch. */
  readonly time: number;
  /** Its level. */
  readonly level: Level;
  /** The formatted line, without terminal colour codes. */
  readonly line: string;
}

/**
 * An alert as the dashboard shows it, from `telemetry.alert.triggered` and `.resolved`.
 *
 * @example
 * ```ts
 * import type { DashboardAlert } from "@jido/telemetry/dashboard";
 *
 * const a: DashboardAlert = {
 *   rule: "llm-slow",
 *   metric: "app.llm.response.duration",
 *   condition: "mean over 60s > 12000",
 *   severity: "warning",
 *   labels: {},
 *   state: "active",
 *   value: 13000,
 *   threshold: 12000,
 *   time: 0,
 * };
 * ```
 */
export interface DashboardAlert {
  /** The rule's name. */
  readonly rule: string;
  /** The metric it watches. */
  readonly metric: string;
  /** The condition, as the alert event describes it. */
  readonly condition: string;
  /** Its severity; `""` when the rule has none. */
  readonly severity: string;
  /** Its labels. */
  readonly labels: Readonly<Record<string, string>>;
  /** `"active"` once triggered, `"resolved"` once cleared. */
  readonly state: "active" | "resolved";
  /** The value that triggered (or cleared) it. */
  readonly value: number;
  /** The rule's threshold. */
  readonly threshold: number;
  /** When the event was seen, in milliseconds since the Unix epoch. */
  readonly time: number;
}

/**
 * The cost of one model's responses.
 *
 * @example
 * ```ts
 * import type { DashboardCost } from "@jido/telemetry/dashboard";
 *
 * const c: DashboardCost = { model: "claude-sonnet-4", cost: 0.42, responses: 12 };
 * ```
 */
export interface DashboardCost {
  /** The model. */
  readonly model: string;
  /** Its cost in US dollars. */
  readonly cost: number;
  /** How many responses were priced, when the source tells. */
  readonly responses?: number;
}

/**
 * What `/api/snapshot` answers and each `/api/events` message carries.
 *
 * @example
 * ```ts
 * import { dashboardHandler, type DashboardSnapshot } from "@jido/telemetry/dashboard";
 *
 * const handler = dashboardHandler({ metrics: () => [], intervalMs: 0 });
 * const response = await handler(new Request("http://127.0.0.1/api/snapshot"));
 * const snapshot: DashboardSnapshot = await response.json();
 * console.log(snapshot.metrics.length); // 0
 * handler.close();
 * ```
 */
export interface DashboardSnapshot {
  /** When it was taken, in milliseconds since the Unix epoch. */
  readonly time: number;
  /** How often the server samples, in milliseconds (`0`: only when asked). */
  readonly intervalMs: number;
  /** How many samples each series' history keeps. */
  readonly history: number;
  /** Every metric, grouped by component (components in catalog order, then by name). */
  readonly metrics: readonly DashboardMetric[];
  /** Log lines after the one asked for (`?logsAfter=seq`); `null` without a log source. */
  readonly logs: readonly DashboardLogLine[] | null;
  /** Active alerts, and the latest alert events (newest first). */
  readonly alerts: {
    /** The alerts triggered and not resolved. */
    readonly active: readonly DashboardAlert[];
    /** The latest alert events, newest first. */
    readonly recent: readonly DashboardAlert[];
  };
  /** Cost per model, most expensive first; `null` without a cost source. */
  readonly cost: readonly DashboardCost[] | null;
}
