/**
 * Log records as OTLP JSON (`ExportLogsServiceRequest`), and the format and sink that take a
 * logger's records to the exporter.
 *
 * @module
 */

import type { Level } from "../levels.ts";
import type { Formatter, LogRecord, SinkFunction } from "../logger/mod.ts";
import { type Entry, entry, envelopes, writeBody } from "./_body.ts";
import { addFields, isHexId, logValue, nanos, newAttributes } from "./_json.ts";
import {
  libraryScopeJson,
  type OtlpAttributes,
  resolveResource,
  resourceJson,
} from "./resource.ts";

/** The span a record was logged in, as `currentTraceContext()` of `@jido/telemetry/trace` gives it. */
export interface OtlpTraceContext {
  /** 32 lowercase hex digits. */
  readonly traceId: string;
  /** 16 lowercase hex digits. */
  readonly spanId: string;
  /** The W3C trace flags. */
  readonly traceFlags: number;
}

/** OTLP's severity numbers for the library's levels (`SEVERITY_NUMBER_DEBUG` ... `_ERROR`). */
const severities: Readonly<Record<Level, number>> = {
  debug: 5,
  info: 9,
  warn: 13,
  error: 17,
};

/**
 * The OTLP severity number of a level: `debug` 5, `info` 9, `warn` 13, `error` 17 (the first
 * number of each of the data model's DEBUG, INFO, WARN and ERROR ranges).
 *
 * @param level A level.
 * @returns Its severity number.
 * @example
 * ```ts
 * import { severityNumber } from "@jido/telemetry/otlp";
 *
 * console.log(severityNumber("warn")); // 13
 * ```
 */
export function severityNumber(level: Level): number {
  return Object.hasOwn(severities, level) ? severities[level] : 0;
}

/** The scope of a record: the logger's module (its category), else the library. */
function scopeOf(module: string | undefined): string {
  return typeof module === "string" && module !== ""
    ? JSON.stringify({ name: module })
    : libraryScopeJson;
}

/** One record as the JSON text of an OTLP `LogRecord`. */
export function logRecordJson(
  record: LogRecord,
  observedTime: number,
  context: OtlpTraceContext | undefined,
): string {
  const attributes = newAttributes();
  addFields(attributes, new Set(), record.metadata, logValue);
  const traced = context !== undefined && isHexId(context.traceId, 32) &&
    isHexId(context.spanId, 16);
  return JSON.stringify({
    timeUnixNano: nanos(record.time),
    observedTimeUnixNano: nanos(observedTime),
    severityNumber: severityNumber(record.level),
    severityText: String(record.level),
    body: { stringValue: String(record.message) },
    attributes: attributes.list,
    droppedAttributesCount: attributes.dropped > 0 ? attributes.dropped : undefined,
    flags: traced ? context.traceFlags & 0xff : undefined,
    traceId: traced ? context.traceId : undefined,
    spanId: traced ? context.spanId : undefined,
  });
}

/** One record as a request entry, in the scope of its module. */
export function logEntry(
  record: LogRecord,
  observedTime: number,
  context: OtlpTraceContext | undefined,
): Entry {
  return entry(scopeOf(record.module), logRecordJson(record, observedTime, context));
}

/** Options of {@link encodeLogs}. */
export interface EncodeLogsOptions {
  /**
   * The resource's attributes.
   * @default otlpResource(): service.name from the environment, the telemetry.sdk.* attributes
   */
  readonly resource?: OtlpAttributes;
  /** When the records were observed, in milliseconds since the Unix epoch. @default Date.now() */
  readonly observedTime?: number;
}

/**
 * Encodes log records as the body of an OTLP/HTTP JSON logs request: the time, the severity
 * number ({@link severityNumber}) and text (the level's name), the message as a string body and
 * the metadata as attributes (nested objects as key-value lists, `null` as an empty value; past
 * 128 the rest are counted in `droppedAttributesCount`). A record with a `module` (the logger's
 * category) is sent in an instrumentation scope of that name, as OpenTelemetry names a scope
 * after its logger; the others in the library's scope.
 *
 * @param records The records, as a custom `Formatter` receives them (redacted).
 * @param options The resource and the observed time.
 * @returns The JSON text.
 * @example
 * ```ts
 * import { encodeLogs } from "@jido/telemetry/otlp";
 *
 * const body = encodeLogs([{
 *   time: 1700000000123,
 *   level: "warn",
 *   message: "Retrying",
 *   module: undefined,
 *   metadata: { attempt: 2 },
 *   units: undefined,
 *   callSite: undefined,
 * }], { resource: { "service.name": "coder" } });
 * const log = JSON.parse(body).resourceLogs[0].scopeLogs[0].logRecords[0];
 * console.log(log.severityNumber, log.body.stringValue); // 13 "Retrying"
 * ```
 */
export function encodeLogs(records: readonly LogRecord[], options: EncodeLogsOptions = {}): string {
  const resource = options.resource ?? resolveResource({}, () => {});
  const observed = options.observedTime ?? Date.now();
  return writeBody(
    envelopes.logs,
    resourceJson(resource),
    records.map((r) => logEntry(r, observed, undefined)),
  );
}

/** The `format` and `sink` of `createLogger()` options that send a logger's records to OTLP. */
export interface OtlpLoggerOptions {
  /** Turns each (redacted) record into its OTLP JSON line and holds it for the sink. */
  readonly format: Formatter;
  /** Queues the record the format made; any other line is sent as the body of a record. */
  readonly sink: SinkFunction;
}

/**
 * A format and sink pair that hands each record to `push`. The logger calls the sink with the
 * format's line right after the format, in the same call: the sink queues the entry the format
 * made when it receives that line. A line from elsewhere (the logger's JSON fallback when the
 * format failed, or the sink used with another format) becomes a record whose body is the line.
 */
export function loggerBridge(
  push: (entry: Entry) => void,
  traceContext: (() => OtlpTraceContext | undefined) | undefined,
): OtlpLoggerOptions {
  let held: Entry | undefined;
  const contextNow = (): OtlpTraceContext | undefined => {
    try {
      return traceContext?.();
    } catch {
      return undefined;
    }
  };
  const format: Formatter = (record) => {
    held = logEntry(record, Date.now(), contextNow());
    return held.json;
  };
  const sink: SinkFunction = (line, level) => {
    const made = held;
    held = undefined;
    if (made !== undefined && made.json === line) {
      push(made);
      return;
    }
    const now = Date.now();
    push(logEntry(
      {
        time: now,
        level,
        message: line,
        module: undefined,
        metadata: {},
        units: undefined,
        callSite: undefined,
      },
      now,
      contextNow(),
    ));
  };
  return Object.freeze({ format, sink });
}
