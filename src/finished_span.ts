/**
 * The shape of a finished span: what `span()` hands to span recorders (the in-memory buffer of
 * `@jido/telemetry/trace`, the OTLP exporter) once a span has ended.
 *
 * @module
 */

import type { Measurements, Metadata } from "./telemetry.ts";

/** The role of a span, as OpenTelemetry's `SpanKind` (OTLP numbers it 1 to 5). */
export type SpanKind = "internal" | "server" | "client" | "producer" | "consumer";

/** One ended span. Times are milliseconds since the Unix epoch, with sub-millisecond digits. */
export interface FinishedSpan {
  /** The trace's id: 32 lowercase hex digits. */
  readonly traceId: string;
  /** The span's id: 16 lowercase hex digits. */
  readonly spanId: string;
  /** The parent span's id (16 hex digits), `undefined` for a root span. */
  readonly parentSpanId: string | undefined;
  /** Whether the parent came from another process (a `traceparent` header). */
  readonly remoteParent: boolean;
  /** The W3C trace flags (bit 0: sampled). */
  readonly traceFlags: number;
  /**
   * The span's name: `{gen_ai.operation.name} {target}` for GenAI spans (`"chat gpt-4o"`,
   * `"invoke_agent planner"`, `"execute_tool read_file"`), else the event prefix joined with dots
   * (`"jido_coder_lib.session"`).
   */
  readonly name: string;
  /** The span's role. */
  readonly kind: SpanKind;
  /** The event prefix the span ran under, e.g. `["jido_coder_lib", "session"]`. */
  readonly eventPrefix: readonly string[];
  /** When the span started: milliseconds since the Unix epoch. */
  readonly startTime: number;
  /** When it ended: milliseconds since the Unix epoch. */
  readonly endTime: number;
  /** `endTime - startTime`, in milliseconds, from the monotonic clock. */
  readonly duration: number;
  /** The start metadata and what the function added (no `telemetry_*` or trace keys). */
  readonly metadata: Metadata;
  /** What the function added with `addMeasurements()`. */
  readonly measurements: Measurements;
  /**
   * OpenTelemetry attributes: `gen_ai.*` set by the GenAI helpers, and `error.type` on any
   * failed span. Exporters add the metadata and measurements beside them.
   */
  readonly attributes: Readonly<Record<string, string | number | boolean | readonly string[]>>;
  /** `"ok"` when the function returned, `"error"` when it threw or its promise rejected. */
  readonly status: "ok" | "error";
  /** For an error: the error's class (`error.type`), e.g. `"TypeError"`. */
  readonly errorType: string | undefined;
  /** For an error: its message. */
  readonly errorMessage: string | undefined;
}

/** Called with each span as it ends. Must not throw (what it throws is swallowed). */
export type SpanListener = (span: FinishedSpan) => void;

/** A span as it starts: its ids, name and start metadata. */
export interface StartedSpan {
  /** The trace's id. */
  readonly traceId: string;
  /** The span's id. */
  readonly spanId: string;
  /** The parent's id, `undefined` for a root span. */
  readonly parentSpanId: string | undefined;
  /** The span's name (see {@link FinishedSpan.name}). */
  readonly name: string;
  /** The event prefix the span runs under. */
  readonly eventPrefix: readonly string[];
  /** The start metadata. */
  readonly metadata: Readonly<Record<string, unknown>>;
}

/**
 * Follows spans from start to end (the diagnostics_channel bridge). Internal: users register
 * with {@link onSpanEnd}.
 */
export interface SpanObserver {
  /** Called as a recorded span starts, before its function runs. */
  readonly start?: (span: StartedSpan) => void;
  /**
   * Called as it ends, with what it threw (`undefined` when it returned) and whether its
   * function returned a promise.
   */
  readonly end?: (
    span: FinishedSpan,
    error: { readonly value: unknown } | undefined,
    async: boolean,
  ) => void;
}

/** The observers, replaced on change (copy on write); `span()` reads the length on each call. */
export let spanObservers: readonly SpanObserver[] = [];

/** Whether an observer wants to hear spans start: `span()` builds a {@link StartedSpan} then. */
export let observingStarts = false;

/**
 * Registers an observer of every recorded span's start and end.
 *
 * @returns A function that removes it.
 */
export function observeSpans(observer: SpanObserver): () => void {
  spanObservers = [...spanObservers, observer];
  observingStarts = spanObservers.some((o) => o.start !== undefined);
  return () => {
    spanObservers = spanObservers.filter((o) => o !== observer);
    observingStarts = spanObservers.some((o) => o.start !== undefined);
  };
}

/**
 * Calls `listener` with every span that ends from now on, in the order spans end. A span is
 * recorded (given ids, timed, handed here) whenever a listener is registered, even if no
 * handler listens to its events.
 *
 * @param listener Receives each finished span.
 * @returns A function that removes the listener.
 * @example
 * ```ts
 * import { span } from "@jido/telemetry";
 * import { onSpanEnd } from "@jido/telemetry/trace";
 *
 * const stop = onSpanEnd((s) => console.log(s.name, s.status));
 * span(["app", "work"], {}, () => 1); // app.work ok
 * stop();
 * ```
 */
export function onSpanEnd(listener: SpanListener): () => void {
  return observeSpans({ end: (span) => listener(span) });
}
