/**
 * The OTLP/HTTP JSON exporter: spans as they end, metrics at an interval, log records from a
 * logger, each signal through the same delivery core.
 *
 * @module
 */

import { type FinishedSpan, onSpanEnd } from "../finished_span.ts";
import { onIdleExit } from "../host.ts";
import { currentTraceContext } from "../trace_context.ts";
import { envelopes } from "./_body.ts";
import { checkOptions, signalOptions } from "./_check.ts";
import { shownUrl, type Signal, signalConfig } from "./_config.ts";
import { createDelivery, type Delivery, type DeliveryStats } from "./_delivery.ts";
import { startMetricsReader } from "./_metrics_reader.ts";
import { loggerBridge, type OtlpLoggerOptions } from "./logs.ts";
import type { OtlpCounts, OtlpExporterOptions, OtlpStats } from "./options.ts";
import { resolveResource, resourceJson } from "./resource.ts";
import { spanEntry } from "./spans.ts";

/** An OTLP exporter: see {@link createOtlpExporter}. */
export interface OtlpExporter {
  /** The URL each signal is sent to (credentials and query included, as configured). */
  readonly urls: { readonly traces: string; readonly metrics: string; readonly logs: string };
  /**
   * A `format` and `sink` for `createLogger()` that send its records here:
   * `createLogger({ ...otlp.loggerOptions(), level: "info" })`. The records arrive redacted
   * and bounded, as any custom format receives them.
   */
  loggerOptions(): OtlpLoggerOptions;
  /** Queues one span (recorded elsewhere, or with `traces: false`). Never throws. */
  exportSpan(span: FinishedSpan): void;
  /**
   * Collects the metrics, sends everything queued now, and resolves once it is all settled or
   * `timeoutMs` has passed: for short-lived processes, before they exit. Never rejects.
   *
   * @returns The counts since the exporter was created, every signal added up.
   */
  flush(options?: { readonly timeoutMs?: number }): Promise<OtlpCounts>;
  /**
   * Stops listening for spans and collecting metrics, flushes, then refuses further entries
   * (counted as dropped). Calling it again returns the same promise. Never rejects.
   */
  shutdown(options?: { readonly timeoutMs?: number }): Promise<OtlpCounts>;
  /** What each signal has sent and lost so far. */
  stats(): OtlpStats;
}

/** How long flush() and shutdown() wait at most, unless told otherwise. */
const defaultFlushTimeoutMs = 30_000;

const rejectedKeys: Readonly<Record<Signal, string>> = {
  traces: "rejectedSpans",
  metrics: "rejectedDataPoints",
  logs: "rejectedLogRecords",
};

function total(stats: OtlpStats): OtlpCounts {
  let sent = 0, dropped = 0, queued = 0, rejected = 0;
  for (const s of [stats.traces, stats.metrics, stats.logs]) {
    sent += s.sent;
    dropped += s.dropped;
    queued += s.queued;
    rejected += s.rejected;
  }
  return { sent, dropped, queued, rejected };
}

function flushDeadline(options: { readonly timeoutMs?: number } | undefined): number {
  const ms = options?.timeoutMs;
  return Date.now() + (typeof ms === "number" && ms >= 0 ? ms : defaultFlushTimeoutMs);
}

/**
 * Creates an OTLP/HTTP exporter sending JSON (`application/json`, optionally gzipped) to an
 * OpenTelemetry Collector or any OTLP receiver:
 *
 * - **traces**: every span that ends (`onSpanEnd`) and is sampled (trace flags bit 0), encoded
 *   when it ends (see {@link encodeSpans});
 * - **metrics**: the `metrics.source` read every `intervalMs`, cumulative (see
 *   {@link encodeMetrics}); a reading is skipped while the previous one is still being sent,
 *   as the next carries the same totals;
 * - **logs**: the records of every logger made with {@link OtlpExporter.loggerOptions} (see
 *   {@link encodeLogs}).
 *
 * Spans and log records wait in a queue per signal (at most `maxQueueSize`; past it the newest
 * are dropped and counted, as the OpenTelemetry SDK's batch processor does) and leave in
 * batches of `maxBatchSize`, after `scheduleDelayMs` at the latest. A batch is cut into request
 * bodies of at most `maxBodyBytes`. A request is retried on 429, 502, 503, 504 and network
 * errors (after `Retry-After` when the receiver sends one, else exponential backoff with full
 * jitter), up to `retry.maxAttempts` and within `timeoutMs`; any other status drops it. A 2xx
 * whose answer reports a `partialSuccess` counts the rejected entries. Failures are counted
 * (see {@link OtlpExporter.stats}), and each kind is reported once on stderr, never with a
 * header value. Nothing is ever thrown into the application, and no timer keeps the process
 * alive; when the process runs out of work (Node's and Bun's `beforeExit`, Deno's
 * `beforeunload`) what is queued is sent. Call `flush()` or `shutdown()` before an explicit
 * `process.exit()`.
 *
 * Settings come from the options, else from the OpenTelemetry environment variables:
 * `OTEL_EXPORTER_OTLP_ENDPOINT` (a base URL; `/v1/traces`, `/v1/metrics`, `/v1/logs` are
 * appended), `OTEL_EXPORTER_OTLP_{TRACES,METRICS,LOGS}_ENDPOINT` (used as they are),
 * `OTEL_EXPORTER_OTLP_HEADERS` and the signal's `_HEADERS` (`key=value` pairs,
 * percent-decoded), `OTEL_EXPORTER_OTLP_TIMEOUT` (and the signal's), `OTEL_EXPORTER_OTLP_COMPRESSION`
 * (and the signal's), `OTEL_METRIC_EXPORT_INTERVAL`, and for the resource `OTEL_SERVICE_NAME`
 * and `OTEL_RESOURCE_ATTRIBUTES` (see {@link otlpResource}). A variable that cannot be read is
 * reported once and its default used.
 *
 * @param options Where to send, what, and how.
 * @returns The exporter.
 * @throws {TypeError} If a URL, a header, the compression or the metric source is not valid.
 * @throws {RangeError} If a size, count or duration is out of range.
 * @example
 * ```ts
 * import { attachMetricsHandler, getMetrics, span, standardCatalog } from "@jido/telemetry";
 * import { createLogger } from "@jido/telemetry/logger";
 * import { createOtlpExporter } from "@jido/telemetry/otlp";
 *
 * attachMetricsHandler({ catalog: standardCatalog });
 * const otlp = createOtlpExporter({
 *   endpoint: "http://127.0.0.1:4318",
 *   serviceName: "coder",
 *   metrics: { source: getMetrics, intervalMs: 30_000 },
 * });
 * const log = createLogger({ ...otlp.loggerOptions(), level: "info" });
 * span(["app", "task"], {}, () => log.info("Working", { step: 1 }));
 * const { sent, dropped } = await otlp.shutdown();
 * console.log(sent, dropped); // 2 0: the span and the log record (no metric has a series yet)
 * ```
 */
export function createOtlpExporter(options: OtlpExporterOptions): OtlpExporter {
  const settings = checkOptions(options);
  const reported = new Set<string>();
  const warn = (message: string): void => {
    if (reported.has(message)) return;
    reported.add(message);
    console.error(`[telemetry] OTLP: ${message}`);
  };
  const resource = resourceJson(resolveResource({
    serviceName: options.serviceName,
    attributes: options.resource,
  }, warn));
  const transport = {
    endpoint: options.endpoint,
    headers: options.headers,
    timeoutMs: options.timeoutMs,
    compression: options.compression,
  };
  const deliveries = {} as Record<Signal, Delivery>;
  const urls = {} as Record<Signal, string>;
  for (const signal of ["traces", "metrics", "logs"] as const) {
    const own = signalOptions(options[signal]);
    const config = signalConfig(signal, {
      ...transport,
      url: own.url,
      signalHeaders: own.headers,
    }, warn);
    urls[signal] = config.url;
    const where = shownUrl(config.url);
    const once = new Set<string>();
    deliveries[signal] = createDelivery({
      envelope: envelopes[signal],
      resource,
      config,
      rejectedKey: rejectedKeys[signal],
      maxQueueSize: signal === "metrics" ? Infinity : settings.maxQueueSize,
      maxBatchSize: settings.maxBatchSize,
      scheduleDelayMs: settings.scheduleDelayMs,
      maxBodyBytes: settings.maxBodyBytes,
      retry: settings.retry,
      report: (key, message) => {
        if (once.has(key)) return;
        once.add(key);
        console.error(
          `[telemetry] OTLP ${signal} to ${where}: ${message} (counted in stats(); reported once)`,
        );
      },
    });
  }

  const encodeFailed = (signal: Signal, error: unknown): void => {
    const message = error instanceof Error ? error.message : String(error);
    const what = signal === "traces" ? "a span could not be encoded" : "reading the metrics failed";
    // Once per kind of failure, whatever the message.
    if (reported.has(what)) return;
    reported.add(what);
    console.error(`[telemetry] OTLP: ${what}: ${message} (reported once)`);
  };
  /** Spans that could not be encoded: dropped before reaching a queue. */
  let unencodable = 0;

  const exportSpan = (span: FinishedSpan): void => {
    try {
      deliveries.traces.push(spanEntry(span));
    } catch (error) {
      unencodable++;
      encodeFailed("traces", error);
    }
  };
  const stopSpans = options.traces === false ? () => {} : onSpanEnd((span) => {
    // Spans whose trace is not sampled are not exported, as in the OpenTelemetry SDK.
    if ((span?.traceFlags & 1) === 1) exportSpan(span);
  });

  const metrics = options.metrics === undefined ? undefined : startMetricsReader(
    options.metrics,
    deliveries.metrics,
    warn,
    (error) => encodeFailed("metrics", error),
  );

  const stats = (): OtlpStats => {
    const traces: DeliveryStats = deliveries.traces.stats();
    return {
      traces: unencodable === 0 ? traces : { ...traces, dropped: traces.dropped + unencodable },
      metrics: deliveries.metrics.stats(),
      logs: deliveries.logs.stats(),
    };
  };

  const flushAll = async (deadline: number, final: boolean): Promise<void> => {
    await Promise.all([
      deliveries.traces.flush(deadline),
      metrics?.flush(deadline, final),
      deliveries.logs.flush(deadline),
    ]);
  };
  const flush = async (flushOptions?: { readonly timeoutMs?: number }): Promise<OtlpCounts> => {
    try {
      await flushAll(flushDeadline(flushOptions), false);
    } catch {
      // flush() never rejects; the counts tell what happened.
    }
    return total(stats());
  };

  // When the process runs out of work, flush (the metrics read one last time): the requests
  // keep it alive. Later exits flush only what is still queued, and only while a pass settles
  // something, so the process always gets to exit.
  let lastSettled: number | undefined;
  const stopWatching = onIdleExit(() => {
    const counts = total(stats());
    const settledNow = counts.sent + counts.dropped + counts.rejected;
    const first = lastSettled === undefined;
    if (first ? counts.queued === 0 && metrics === undefined : counts.queued === 0) return;
    if (settledNow === lastSettled) return;
    lastSettled = settledNow;
    void flush();
  });

  const traceContext = options.traceContext === false
    ? undefined
    : options.traceContext ?? currentTraceContext;

  let closing: Promise<OtlpCounts> | undefined;
  return Object.freeze({
    urls: Object.freeze(urls),
    loggerOptions: () => loggerBridge((entry) => deliveries.logs.push(entry), traceContext),
    exportSpan,
    flush,
    shutdown: (shutdownOptions?: { readonly timeoutMs?: number }) =>
      closing ??= (async () => {
        stopSpans();
        metrics?.stop();
        stopWatching();
        try {
          await flushAll(flushDeadline(shutdownOptions), true);
        } catch {
          // shutdown() never rejects either.
        }
        for (const d of Object.values(deliveries)) d.close();
        return total(stats());
      })(),
    stats,
  });
}
