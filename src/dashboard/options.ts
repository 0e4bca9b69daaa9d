/**
 * What the dashboard reads: the options of {@link dashboardHandler}.
 *
 * @module
 */

import type { Catalog } from "../catalog.ts";
import type { MetricSnapshot } from "../metrics/mod.ts";
import type { DashboardLogLine } from "./snapshot.ts";

/**
 * Where the dashboard reads metrics: anything with a `snapshot()` (a metric store, a
 * reporter's store) or a function returning snapshots (`getMetrics`).
 *
 * @example
 * ```ts
 * import { getMetrics } from "@jido/telemetry";
 * import type { MetricsSource } from "@jido/telemetry/dashboard";
 *
 * const source: MetricsSource = getMetrics;
 * ```
 */
export type MetricsSource =
  | { snapshot(): readonly MetricSnapshot[] }
  | (() => readonly MetricSnapshot[]);

/**
 * Where the dashboard reads recent log lines: a {@link LogRing}, or anything giving the lines
 * after a sequence number.
 *
 * @example
 * ```ts
 * import { createLogRing, type LogSource } from "@jido/telemetry/dashboard";
 *
 * const source: LogSource = createLogRing();
 * ```
 */
export interface LogSource {
  /** The lines whose `seq` is greater than `after`, oldest first. */
  lines(after?: number): readonly DashboardLogLine[];
}

/**
 * The cost of one model, as `CostAccounting.byModel()` gives it.
 *
 * @example
 * ```ts
 * import type { ModelCost } from "@jido/telemetry/dashboard";
 *
 * const c: ModelCost = { cost: 0.42, responses: 12 };
 * ```
 */
export interface ModelCost {
  /** The cost in US dollars. */
  readonly cost: number;
  /** How many responses were priced. */
  readonly responses?: number;
}

/** Options of {@link dashboardHandler}. */
export interface DashboardOptions {
  /** The metrics shown: a metric store or a function such as `getMetrics`. */
  readonly metrics: MetricsSource;
  /**
   * The catalog the metrics come from: charts are grouped by component (an event name's second
   * segment) in its order. Without one, by the metric name's second segment, alphabetically.
   * @default none
   */
  readonly catalog?: Catalog;
  /** Recent log lines to show, e.g. a {@link createLogRing} ring. @default none */
  readonly logs?: LogSource;
  /**
   * Show alerts: listen to `telemetry.alert.triggered` and `.resolved` from the handler's
   * creation until `close()`.
   * @default true
   */
  readonly alerts?: boolean;
  /** How many alert events are kept as recent. @default 50 */
  readonly recentAlerts?: number;
  /** Cost per model, e.g. `() => costs.byModel()` from `attachCostAccounting`. @default none */
  readonly cost?: () => Readonly<Record<string, ModelCost>>;
  /** How many samples each series keeps (the charts' width). @default 120 */
  readonly history?: number;
  /**
   * How often, in milliseconds, the metrics are sampled and pushed to open pages (an unref'd
   * timer); `0` samples only when `sample()` is called.
   * @default 1000
   */
  readonly intervalMs?: number;
  /**
   * A secret every request for the page and its API must carry, as `Authorization: Bearer
   * <token>` or `?token=<token>` (compared in constant time); others get 401. The page's
   * static script and style need none.
   * @default none (no check)
   */
  readonly token?: string;
  /** The path the dashboard is mounted at, e.g. `"/dashboard"`. @default "" (the root) */
  readonly basePath?: string;
  /** The clock, in milliseconds since the Unix epoch. @default Date.now */
  readonly clock?: () => number;
}
