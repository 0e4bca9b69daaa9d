// Private: the options of `createOtlpExporter()` checked when it is called (a mistake in code
// throws there, naming the option; an unusable environment variable is only reported), and
// the delivery settings with their defaults.

import type { MetricDefinition, MetricSnapshot, MetricStore } from "../metrics/mod.ts";
import { maxTimerDelay } from "../timer.ts";
import { isHeaderName, isHeaderValue, isHttpUrl } from "./_config.ts";
import type { RetryPolicy } from "./_delivery.ts";
import type { OtlpExporterOptions, OtlpMetricsOptions, OtlpSignalOptions } from "./options.ts";

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
