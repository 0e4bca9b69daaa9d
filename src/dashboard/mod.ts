/**
 * A live metrics dashboard, like Phoenix LiveDashboard's metrics page: one chart per metric,
 * grouped by component (counters, sums and last values over time, summaries' p50/p95/p99,
 * distributions' buckets), recent log lines with a level filter, active and recent alerts, cost
 * per model. A web-standard handler (the page, `/api/snapshot`, server-sent events on
 * `/api/events`) and a server for Node, Bun and Deno that listens on loopback unless given a
 * token. The page is self-contained: no CDN, no inline script, data drawn as text.
 *
 * @example
 * ```ts
 * import { attachAll, getMetrics, standardCatalog } from "@jido/telemetry";
 * import { createLogger } from "@jido/telemetry/logger";
 * import { createLogRing, serveDashboard } from "@jido/telemetry/dashboard";
 *
 * const logs = createLogRing();
 * attachAll({ catalog: standardCatalog, log: { logger: createLogger({ sink: logs.sink }) } });
 * const dashboard = await serveDashboard({
 *   metrics: getMetrics,
 *   catalog: standardCatalog,
 *   logs,
 *   port: 4000,
 * });
 * console.log(`Dashboard on ${dashboard.url}`); // http://127.0.0.1:4000/
 * await dashboard.close();
 * ```
 *
 * @module
 */

export { type DashboardHandler, dashboardHandler, type SnapshotOptions } from "./handler.ts";
export { createLogRing, type LogRing, type LogRingOptions } from "./log_ring.ts";
export type { DashboardOptions, LogSource, MetricsSource, ModelCost } from "./options.ts";
export { type DashboardServer, serveDashboard, type ServeDashboardOptions } from "./serve.ts";
export type {
  DashboardAlert,
  DashboardCost,
  DashboardLogLine,
  DashboardMetric,
  DashboardSeries,
  DashboardSnapshot,
} from "./snapshot.ts";
