/**
 * StatsD and DogStatsD reporting of metric definitions over UDP (IPv4 and IPv6), as Elixir's
 * `telemetry_metrics_statsd` does: one line per metric per event, batched into datagrams that
 * are never split, with failures counted and never thrown into the application.
 *
 * @example
 * ```ts
 * import { standardCatalog } from "@jido/telemetry";
 * import { createStatsdReporter } from "@jido/telemetry/statsd";
 *
 * const statsd = createStatsdReporter({ catalog: standardCatalog, port: 8125 });
 * // ... the application emits events ...
 * await statsd.close();
 * ```
 *
 * @module
 */

export {
  formatValue,
  sanitizeStatsd,
  type StatsdFormat,
  statsdLine,
  type StatsdType,
} from "./lines.ts";
export {
  createStatsdReporter,
  type StatsdReporter,
  type StatsdReporterOptions,
  type StatsdStats,
} from "./reporter.ts";
