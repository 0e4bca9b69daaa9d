/**
 * The options of the OTLP exporter, and the counts it reports.
 *
 * @module
 */

import type { MetricDefinition, MetricSnapshot, MetricStore } from "../metrics/mod.ts";
import type { Compression } from "./_config.ts";
import type { OtlpTraceContext } from "./logs.ts";
import type { OtlpAttributes } from "./resource.ts";

/** How request bodies are compressed: `"gzip"` (`Content-Encoding: gzip`) or `"none"`. */
export type OtlpCompression = Compression;

/** Where one signal goes, over the exporter's `endpoint` and `headers`. */
export interface OtlpSignalOptions {
  /**
   * The signal's full URL, used as it is.
   * @default `${endpoint}/v1/traces` (or metrics, logs), else OTEL_EXPORTER_OTLP_TRACES_ENDPOINT
   *   (METRICS, LOGS), else OTEL_EXPORTER_OTLP_ENDPOINT with the path, else http://localhost:4318
   */
  readonly url?: string;
  /** Headers of this signal's requests only, over the exporter's. @default {} */
  readonly headers?: Readonly<Record<string, string>>;
}

/** Where metrics come from and how often they are sent. */
export interface OtlpMetricsOptions extends OtlpSignalOptions {
  /**
   * The metrics: a store (`createMetricStore()`, a reporter's `store`), or a function returning
   * snapshots, such as `getMetrics` of the metrics handler.
   */
  readonly source: MetricStore | (() => readonly MetricSnapshot[]);
  /**
   * Milliseconds between two exports.
   * @default OTEL_METRIC_EXPORT_INTERVAL, else 60000
   */
  readonly intervalMs?: number;
  /**
   * The metrics' definitions, to tell sums that can go down (`reporterOptions.monotonic:
   * false`). @default the store's definitions, else []
   */
  readonly definitions?: readonly MetricDefinition[];
  /**
   * When the values started accumulating, in milliseconds since the Unix epoch (each point's
   * `startTimeUnixNano`). @default when the exporter was created
   */
  readonly startTime?: number;
}

/** How often and how long a request is retried. */
export interface OtlpRetryOptions {
  /** Attempts per request body, the first included. @default 5 */
  readonly maxAttempts?: number;
  /** The first backoff's ceiling; each attempt doubles it (full jitter). @default 1000 */
  readonly initialBackoffMs?: number;
  /** The backoff's largest ceiling. @default 5000 */
  readonly maxBackoffMs?: number;
}

/** Options of {@link createOtlpExporter}. */
export interface OtlpExporterOptions {
  /**
   * The receiver's base URL; each signal's path (`/v1/traces`, ...) is appended.
   * @default OTEL_EXPORTER_OTLP_ENDPOINT, else "http://localhost:4318"
   */
  readonly endpoint?: string;
  /**
   * Headers on every request, e.g. `{ authorization: "Bearer ..." }`, over the environment's.
   * Never written to any report.
   * @default OTEL_EXPORTER_OTLP_HEADERS and the signal's own variable
   */
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * Milliseconds one request body may take, retries and their waits included.
   * @default OTEL_EXPORTER_OTLP_TIMEOUT (or the signal's), else 10000
   */
  readonly timeoutMs?: number;
  /**
   * Whether request bodies are gzipped (`Content-Encoding: gzip`).
   * @default OTEL_EXPORTER_OTLP_COMPRESSION (or the signal's), else "none"
   */
  readonly compression?: OtlpCompression;
  /** `service.name`. @default OTEL_SERVICE_NAME, ... (see `otlpResource()`) */
  readonly serviceName?: string;
  /** More resource attributes (see `otlpResource()`). @default {} */
  readonly resource?: OtlpAttributes;
  /**
   * Whether to export every span that ends (through `onSpanEnd`), and where.
   * @default true
   */
  readonly traces?: boolean | OtlpSignalOptions;
  /** The metrics to export. @default undefined (none) */
  readonly metrics?: OtlpMetricsOptions;
  /** Where the records of {@link OtlpExporter.loggerOptions} go. @default {} */
  readonly logs?: OtlpSignalOptions;
  /**
   * The span a log record is made in, whose trace and span ids (and trace flags) the record
   * carries; `false` for none.
   * @default the current span (`currentTraceContext` of `@jido/telemetry/trace`)
   */
  readonly traceContext?: (() => OtlpTraceContext | undefined) | false;
  /** Spans or log records waiting per signal; past it the newest are dropped. @default 2048 */
  readonly maxQueueSize?: number;
  /** Spans, data points or log records per request at most. @default 512 */
  readonly maxBatchSize?: number;
  /** How long a span or log record may wait for its batch to fill, in ms. @default 1000 */
  readonly scheduleDelayMs?: number;
  /**
   * The largest request body before compression, in bytes: batches are cut to fit, and an
   * entry too large alone is dropped. @default 4194304 (4 MiB)
   */
  readonly maxBodyBytes?: number;
  /** Retries of 429, 502, 503, 504 and network errors. */
  readonly retry?: OtlpRetryOptions;
}

/** What one signal has sent and lost; every entry is in exactly one of the first four. */
export interface OtlpSignalStats {
  /** Accepted by the receiver (spans, metric data points or log records). */
  readonly sent: number;
  /**
   * Lost: the queue was full, an entry was too large or could not be encoded, the receiver
   * refused the request (a status other than 2xx, 429, 502, 503, 504), or the retries ran out.
   */
  readonly dropped: number;
  /** Answered with 2xx but reported rejected in the answer's `partialSuccess`. */
  readonly rejected: number;
  /** Waiting in the queue or in flight. */
  readonly queued: number;
  /** HTTP requests made, retries included. */
  readonly requests: number;
  /** Of which retries. */
  readonly retries: number;
  /** The last failure's message (never a header value), if any. */
  readonly lastError: string | undefined;
}

/** The counts {@link OtlpExporter.flush} resolves with: the three signals added up. */
export interface OtlpCounts {
  /** See {@link OtlpSignalStats.sent}. */
  readonly sent: number;
  /** See {@link OtlpSignalStats.dropped}. */
  readonly dropped: number;
  /** See {@link OtlpSignalStats.queued}. */
  readonly queued: number;
  /** See {@link OtlpSignalStats.rejected}. */
  readonly rejected: number;
}

/** What each signal has sent and lost. */
export interface OtlpStats {
  /** Spans. */
  readonly traces: OtlpSignalStats;
  /** Metric data points. */
  readonly metrics: OtlpSignalStats;
  /** Log records. */
  readonly logs: OtlpSignalStats;
}
