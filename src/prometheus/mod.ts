/**
 * Prometheus exposition of metric definitions: a reporter with its own store, the text format
 * 0.0.4 and OpenMetrics 1.0 chosen by the scrape's `Accept` header, a web-standard handler, a
 * `/metrics` server for Node, Bun and Deno (loopback by default), and Pushgateway pushes for
 * short-lived processes.
 *
 * @example
 * ```ts
 * import { standardCatalog } from "@jido/telemetry";
 * import { createPrometheusReporter, servePrometheus } from "@jido/telemetry/prometheus";
 *
 * const prometheus = createPrometheusReporter({ catalog: standardCatalog });
 * const server = await servePrometheus(prometheus, { port: 9464 });
 * // scrape http://127.0.0.1:9464/metrics
 * await server.close();
 * prometheus.detach();
 * ```
 *
 * @module
 */

export { escapeLabelValue, type ExpositionFormat, formatNumber } from "./_render.ts";
export {
  planFamilies,
  type PlanOptions,
  type PrometheusFamily,
  prometheusName,
  type PrometheusType,
} from "./names.ts";
export { type PushgatewayOptions, pushgatewayUrl } from "./push.ts";
export {
  createPrometheusReporter,
  negotiateFormat,
  type PrometheusReporter,
  type PrometheusReporterOptions,
} from "./reporter.ts";
export { type PrometheusServer, servePrometheus, type ServePrometheusOptions } from "./serve.ts";
