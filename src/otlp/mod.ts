/**
 * OTLP/HTTP JSON export of spans, metrics and log records to an OpenTelemetry Collector or any
 * OTLP receiver, with no dependency: batching, a bounded queue, gzip, retries with
 * `Retry-After`, partial-success accounting, and the OpenTelemetry environment variables. The
 * encoders are exported too, for tests and for sending bodies yourself.
 *
 * @example
 * ```ts
 * import { span } from "@jido/telemetry";
 * import { createLogger } from "@jido/telemetry/logger";
 * import { createOtlpExporter } from "@jido/telemetry/otlp";
 *
 * const otlp = createOtlpExporter({ serviceName: "coder" }); // http://localhost:4318 by default
 * const log = createLogger({ ...otlp.loggerOptions(), level: "info" });
 * span(["app", "task"], {}, () => log.info("Working"));
 * await otlp.shutdown(); // before the process exits
 * ```
 *
 * @module
 */

// src/otlp, one concept per file (`_name.ts` files are private to this folder):
//   exporter.ts   createOtlpExporter(): the three signals wired to their delivery
//   options.ts    the exporter's options and counts, checked
//   spans.ts      encodeSpans(): FinishedSpan → OTLP Span
//   metrics.ts    encodeMetrics(), ucumUnit(): metric snapshots → OTLP metrics
//   logs.ts       encodeLogs(), severityNumber(), the logger's format and sink
//   resource.ts   otlpResource(), otlpScope: the service and the library
//   _json.ts      the OTLP JSON encoding: AnyValue, nanoseconds, doubles, limits
//   _body.ts      request bodies from encoded entries, cut to the size cap
//   _delivery.ts  the queue, batches and counts of one signal
//   _send.ts      one body POSTed: gzip, retries, Retry-After, partial success
//   _config.ts    endpoints, headers, timeout and compression from options and environment

export { createOtlpExporter, type OtlpExporter } from "./exporter.ts";
export {
  type OtlpCompression,
  type OtlpCounts,
  type OtlpExporterOptions,
  type OtlpMetricsOptions,
  type OtlpRetryOptions,
  type OtlpSignalOptions,
  type OtlpSignalStats,
  type OtlpStats,
} from "./options.ts";
export { encodeSpans, type EncodeSpansOptions } from "./spans.ts";
export { encodeMetrics, type EncodeMetricsOptions, ucumUnit } from "./metrics.ts";
export {
  encodeLogs,
  type EncodeLogsOptions,
  type OtlpLoggerOptions,
  type OtlpTraceContext,
  severityNumber,
} from "./logs.ts";
export {
  type OtlpAttributes,
  type OtlpAttributeValue,
  otlpResource,
  type OtlpResourceOptions,
  otlpScope,
} from "./resource.ts";
