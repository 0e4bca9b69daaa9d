/**
 * The options of the OTLP exporter, and the counts it reports.
 *
 * @module
 */

import type { MetricDefinition, MetricSnapshot, MetricStore } from "../metrics/mod.ts";
import { maxTimerDelay } from "../timer.ts";
import { type Compression, isHeaderName, isHeaderValue, isHttpUrl } from "./_config.ts";
import type { RetryPolicy } from "./_delivery.ts";
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
  /** @default OTEL_EXPORTER_OTLP_COMPRESSION (or the signal's), else "none" */
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
/** The exporter's settings, checked. */
export interface Settings {
  readonly maxQueueSize: number;
  readonly maxBatchSize: number;
  readonly scheduleDelayMs: number;
  readonly maxBodyBytes: number;
  readonly retry: RetryPolicy;
}

function checkHeaders(headers: unknown, where: string): void {
  if (headers === undefined) return;
  if (typeof headers !== "object" || headers === null) {
    throw new TypeError(`${where} must be an object of header names to string values`);
  }
  for (const [name, value] of Object.entries(headers)) {
    if (!isHeaderName(name)) throw new TypeError(`${where} has an invalid header name "${name}"`);
    // The value is a secret: the message names the header only.
    if (!isHeaderValue(value)) {
      throw new TypeError(`${where} has an invalid value for header "${name}"`);
    }
  }
}

function checkUrl(url: unknown, where: string): void {
  if (url !== undefined && !isHttpUrl(url)) {
    throw new TypeError(`${where} must be an http or https URL`);
  }
}

function int(value: number | undefined, fallback: number, where: string, min: number, max: number) {
  const v = value ?? fallback;
  if (!(Number.isInteger(v) && v >= min && v <= max)) {
    throw new RangeError(`${where} must be an integer from ${min} to ${max}, got ${String(v)}`);
  }
  return v;
}

function ms(value: number | undefined, fallback: number, where: string, min: number): number {
  const v = value ?? fallback;
  if (!(typeof v === "number" && v >= min && v <= maxTimerDelay)) {
    throw new RangeError(`${where} must be from ${min} to ${maxTimerDelay} ms, got ${String(v)}`);
  }
  return v;
}

function signalOf(value: unknown, where: string): OtlpSignalOptions {
  if (value === undefined || typeof value === "boolean") return {};
  if (typeof value !== "object" || value === null) {
    throw new TypeError(`${where} must be an object`);
  }
  const s = value as OtlpSignalOptions;
  checkUrl(s.url, `${where}.url`);
  checkHeaders(s.headers, `${where}.headers`);
  return s;
}

/**
 * Checks the options of `createOtlpExporter()` and fills in the defaults of the delivery
 * settings.
 *
 * @throws {TypeError} If a URL, header, compression or metric source is not valid.
 * @throws {RangeError} If a size, count or duration is out of range.
 */
export function checkOptions(options: OtlpExporterOptions): Settings {
  if (typeof options !== "object" || options === null) {
    throw new TypeError("createOtlpExporter() needs an options object");
  }
  checkUrl(options.endpoint, "The OTLP endpoint");
  checkHeaders(options.headers, "The OTLP headers");
  if (options.timeoutMs !== undefined) ms(options.timeoutMs, 0, "timeoutMs", 1);
  const c = options.compression;
  if (c !== undefined && c !== "gzip" && c !== "none") {
    throw new TypeError(`compression must be "gzip" or "none", got ${String(c)}`);
  }
  signalOf(options.traces, "traces");
  signalOf(options.logs, "logs");
  const metrics = options.metrics;
  if (metrics !== undefined) {
    signalOf(metrics, "metrics");
    const source = metrics.source as unknown;
    if (
      typeof source !== "function" &&
      typeof (source as MetricStore | null)?.snapshot !== "function"
    ) {
      throw new TypeError(
        "metrics.source must be a metric store or a function returning metric snapshots",
      );
    }
    if (metrics.intervalMs !== undefined) ms(metrics.intervalMs, 0, "metrics.intervalMs", 1);
  }
  const context = options.traceContext;
  if (context !== undefined && context !== false && typeof context !== "function") {
    throw new TypeError("traceContext must be a function or false");
  }
  const maxQueueSize = int(options.maxQueueSize, 2048, "maxQueueSize", 1, 1_000_000);
  const maxBatchSize = int(options.maxBatchSize, 512, "maxBatchSize", 1, maxQueueSize);
  const retry = options.retry ?? {};
  const initialBackoffMs = ms(retry.initialBackoffMs, 1000, "retry.initialBackoffMs", 0);
  return {
    maxQueueSize,
    maxBatchSize,
    scheduleDelayMs: ms(options.scheduleDelayMs, 1000, "scheduleDelayMs", 0),
    maxBodyBytes: int(options.maxBodyBytes, 4 * 1024 * 1024, "maxBodyBytes", 256, 2 ** 30),
    retry: {
      maxAttempts: int(retry.maxAttempts, 5, "retry.maxAttempts", 1, 100),
      initialBackoffMs,
      maxBackoffMs: ms(retry.maxBackoffMs, 5000, "retry.maxBackoffMs", initialBackoffMs),
    },
  };
}

/** The signal options given for `signal`, or `{}`. */
export function signalOptions(value: unknown): OtlpSignalOptions {
  return typeof value === "object" && value !== null ? value as OtlpSignalOptions : {};
}

/** What a metric source gives, in one function. */
export function snapshotsOf(
  source: MetricStore | (() => readonly MetricSnapshot[]),
): () => readonly MetricSnapshot[] {
  return typeof source === "function" ? source : () => source.snapshot();
}

/** The definitions that tell a source's sums apart, if it has them. */
export function definitionsOf(options: OtlpMetricsOptions): readonly MetricDefinition[] {
  if (options.definitions !== undefined) return options.definitions;
  const source = options.source;
  return typeof source === "function" ? [] : source.definitions ?? [];
}
