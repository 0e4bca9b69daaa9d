/**
 * Finished spans as OTLP JSON (`ExportTraceServiceRequest`), field for field as the
 * OpenTelemetry JavaScript SDK's exporter writes them.
 *
 * @module
 */

import type { FinishedSpan, SpanKind } from "../finished_span.ts";
import { type Entry, entry, envelopes, writeBody } from "./_body.ts";
import {
  addAttribute,
  addFields,
  anyValueJson,
  attributeValue,
  isHexId,
  nanos,
  newAttributes,
  numberValue,
  quote,
} from "./_json.ts";
import {
  libraryScopeJson,
  type OtlpAttributes,
  resolveResource,
  resourceJson,
} from "./resource.ts";

/** OTLP's numbers for the span kinds. */
const kinds: Readonly<Record<SpanKind, number>> = {
  internal: 1,
  server: 2,
  client: 3,
  producer: 4,
  consumer: 5,
};

/** `SpanFlags`: the W3C trace flags, "the parent's remoteness is known", "the parent is remote". */
const hasIsRemote = 0x100;
const isRemote = 0x200;

function measurementValue(value: unknown) {
  return typeof value === "number" ? numberValue(value) : attributeValue(value);
}

/**
 * One span as the JSON text of an OTLP `Span`.
 *
 * @throws {Error} If its trace id or span id is not lowercase hex of the right length, not all
 *   zero, or its parent id is given and is not (such a span cannot be sent).
 */
export function spanJson(span: FinishedSpan): string {
  if (!isHexId(span.traceId, 32)) throw new Error("The span's traceId is not 32 hex digits");
  if (!isHexId(span.spanId, 16)) throw new Error("The span's spanId is not 16 hex digits");
  const parent = span.parentSpanId;
  if (parent !== undefined && !isHexId(parent, 16)) {
    throw new Error("The span's parentSpanId is not 16 hex digits");
  }
  const attributes = newAttributes();
  const seen = new Set<string>();
  addFields(attributes, seen, span.attributes, attributeValue);
  const error = span.status === "error";
  if (error && typeof span.errorType === "string") {
    addAttribute(attributes, seen, "error.type", { stringValue: span.errorType });
  }
  addFields(attributes, seen, span.metadata, attributeValue);
  addFields(attributes, seen, span.measurements, measurementValue);
  const flags = (span.traceFlags & 0xff) | hasIsRemote | (span.remoteParent ? isRemote : 0);
  // Written by hand, not through JSON.stringify of an object: on V8 11 that halves a span's
  // cost. The same text JSON.stringify would write (key order included); the encoder tests and
  // the protobuf round trip hold it.
  let list = "";
  for (const { key, value } of attributes.list) {
    list += `${list === "" ? "" : ","}{"key":${quote(key)},"value":${anyValueJson(value)}}`;
  }
  const dropped = attributes.dropped > 0 ? `,"droppedAttributesCount":${attributes.dropped}` : "";
  const status = !error
    ? "{}"
    : typeof span.errorMessage === "string"
    ? `{"code":2,"message":${quote(span.errorMessage)}}`
    : `{"code":2}`;
  return `{"traceId":"${span.traceId}","spanId":"${span.spanId}"${
    parent === undefined ? "" : `,"parentSpanId":"${parent}"`
  },"name":${
    quote(String(span.name))
  },"kind":${(Object.hasOwn(kinds, span.kind) ? kinds[span.kind] : 1)},"startTimeUnixNano":"${
    nanos(span.startTime)
  }","endTimeUnixNano":"${
    nanos(span.endTime)
  }","attributes":[${list}]${dropped},"status":${status},"flags":${flags}}`;
}

export function spanEntry(span: FinishedSpan): Entry {
  return entry(libraryScopeJson, spanJson(span));
}

/** Options of {@link encodeSpans}. */
export interface EncodeSpansOptions {
  /**
   * The resource's attributes.
   * @default otlpResource(): service.name from the environment, the telemetry.sdk.* attributes
   */
  readonly resource?: OtlpAttributes;
}

/**
 * Encodes finished spans as the body of an OTLP/HTTP JSON traces request: trace and span ids
 * in hex, kind and status code as numbers (`internal` 1 to `consumer` 5; an error's status is
 * code 2 with its message, an ok span's is left unset), times as decimal strings of
 * nanoseconds, and `flags` with the W3C trace flags and whether the parent is remote (`0x100`,
 * plus `0x200` for a remote parent), as the OpenTelemetry SDK sends them.
 *
 * The attributes are the span's `attributes`, then `error.type` for an error, then its metadata
 * and measurements; the first of two equal keys wins. A value that is an array of mixed types
 * or an object is sent as its JSON text; `null`, `undefined`, functions and symbols are left
 * out. Past 128 attributes, the rest are counted in `droppedAttributesCount`.
 *
 * @param spans The spans.
 * @param options The resource.
 * @returns The JSON text.
 * @throws {Error} If a span's ids are not valid hex.
 * @example
 * ```ts
 * import { encodeSpans } from "@jido/telemetry/otlp";
 *
 * const body = encodeSpans([{
 *   traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
 *   spanId: "00f067aa0ba902b7",
 *   parentSpanId: undefined,
 *   remoteParent: false,
 *   traceFlags: 1,
 *   name: "chat gpt-4o",
 *   kind: "client",
 *   eventPrefix: ["app", "llm"],
 *   startTime: 1700000000000.25,
 *   endTime: 1700000000420.5,
 *   duration: 420.25,
 *   metadata: { model: "gpt-4o" },
 *   measurements: {},
 *   attributes: { "gen_ai.operation.name": "chat" },
 *   status: "ok",
 *   errorType: undefined,
 *   errorMessage: undefined,
 * }], { resource: { "service.name": "coder" } });
 * const span = JSON.parse(body).resourceSpans[0].scopeSpans[0].spans[0];
 * console.log(span.kind, span.startTimeUnixNano, span.flags); // 3 "1700000000000250000" 257
 * ```
 */
export function encodeSpans(
  spans: readonly FinishedSpan[],
  options: EncodeSpansOptions = {},
): string {
  const resource = options.resource ?? resolveResource({}, () => {});
  return writeBody(envelopes.traces, resourceJson(resource), spans.map(spanEntry));
}
