/**
 * Spans: run a function between a `start` event and a `stop` or `exception` event, like
 * Erlang's `:telemetry.span/3`, plus the two helpers of the original design.
 *
 * Units: `duration` and `monotonic_time` are milliseconds as floats from `performance.now()`
 * (`monotonic_time` counts from the process's time origin); `system_time` is milliseconds
 * since the Unix epoch from `Date.now()`.
 *
 * @module
 */

import { errorKind, errorReason, errorStack, errorType } from "./error_info.ts";
import {
  type FinishedSpan,
  observingStarts,
  type SpanKind,
  spanObservers,
} from "./finished_span.ts";
import { findNode, shape, type TrieNode } from "./_handler_table.ts";
import { copyOwn, readSafely } from "./objects.ts";
import {
  type EventChannel,
  type EventName,
  execute,
  type Measurements,
  type Metadata,
} from "./telemetry.ts";
import {
  currentTraceContext,
  formatTraceparent,
  isTraceId,
  newSpanId,
  newTraceId,
  parseTraceparent,
  type TraceContext,
  withTraceContext,
} from "./trace_context.ts";

/** What a span's function receives: its ids, and a way to add to the stop event. */
export interface Span {
  /**
   * The span's id: the `telemetry_span_context` shared by its start, stop and exception events.
   * The span id (16 hex digits), unless the start metadata carries a string
   * `telemetry_span_context`.
   */
  readonly context: string;
  /** The trace's id (32 hex digits): the parent's, else a new one. */
  readonly traceId: string;
  /** The span's own id (16 hex digits). */
  readonly spanId: string;
  /** The W3C trace flags, the parent's (bit 0, `1`: sampled); `1` for a new trace. */
  readonly traceFlags: number;
  /**
   * A W3C `traceparent` header naming this span as the parent: send it with a request so the
   * receiving process continues the trace (there, pass it as `traceparent` in a span's start
   * metadata).
   */
  readonly traceparent: string;
  /**
   * Adds measurements to the stop (or exception) event, e.g. token counts known at the end.
   * `duration` and `monotonic_time` are always the span's own.
   */
  addMeasurements(measurements: Measurements): void;
  /** Adds metadata to the stop (or exception) event, e.g. the finish reason. */
  addMetadata(metadata: Metadata): void;
}

/**
 * How a span is named when it is recorded (the GenAI helpers give one): its name, its kind and
 * OpenTelemetry attributes known when it starts.
 */
export interface SpanDescriptor {
  /** The span's name, e.g. `"chat gpt-4o"`. */
  readonly name: string;
  /** Its role. */
  readonly kind: SpanKind;
  /** Attributes such as `gen_ai.operation.name`. */
  readonly attributes: Readonly<Record<string, string | number | boolean | readonly string[]>>;
  /**
   * Called when the span ends with the measurements and metadata it finished with; returns
   * attributes to add (token usage known at the end).
   */
  readonly end?: (
    measurements: Measurements,
    metadata: Metadata,
  ) => Readonly<Record<string, string | number | boolean | readonly string[]>>;
}

/** Read once: on Node the global `performance` is a getter, paid on every access. */
const clock = performance;
const origin = clock.timeOrigin;

/** The parent a span's start metadata names (`traceparent`), else the current span. */
function parentOf(metadata: Metadata): TraceContext | undefined {
  try {
    if (Object.hasOwn(metadata, "traceparent")) {
      const remote = parseTraceparent(metadata.traceparent);
      if (remote !== undefined) return remote;
    }
  } catch {
    // A hostile metadata object: no remote parent.
  }
  return currentTraceContext();
}

/**
 * The span a function gets when nobody records it and no handler listens: ids made on request
 * (from the parent in effect, read then), additions ignored.
 */
class QuietSpan implements Span {
  readonly #metadata: Metadata;
  #spanId: string | undefined = undefined;
  #traceId: string | undefined = undefined;
  #flags = 1;
  readonly #parent: TraceContext | undefined;

  constructor(metadata: Metadata, parent: TraceContext | undefined = undefined) {
    this.#metadata = metadata;
    this.#parent = parent;
  }

  get context(): string {
    const given = givenContext(this.#metadata);
    return typeof given === "string" ? given : this.spanId;
  }

  get spanId(): string {
    return this.#spanId ??= newSpanId();
  }

  get traceId(): string {
    if (this.#traceId === undefined) {
      const parent = this.#parent ?? parentOf(this.#metadata);
      this.#traceId = parent?.traceId ?? newTraceId();
      this.#flags = parent?.traceFlags ?? 1;
    }
    return this.#traceId;
  }

  get traceFlags(): number {
    void this.traceId; // reads the parent's flags
    return this.#flags;
  }

  get traceparent(): string {
    return formatTraceparent({
      traceId: this.traceId,
      spanId: this.spanId,
      traceFlags: this.#flags,
      remote: false,
    });
  }

  addMeasurements(_measurements: Measurements): void {}

  addMetadata(_metadata: Metadata): void {}
}

/**
 * The remote parent a quiet span's metadata names, if any: its children must still continue
 * that trace (an own `traceparent` that parses), else `undefined`.
 */
function namedParent(metadata: Metadata): TraceContext | undefined {
  try {
    // A property read first: the common case (no traceparent) costs a miss, not hasOwn.
    return metadata.traceparent !== undefined && Object.hasOwn(metadata, "traceparent")
      ? parseTraceparent(metadata.traceparent)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a handler listens to `[...prefix, last]`, from the prefix's trie node. */
function heard(parent: TrieNode | undefined, last: string): boolean {
  return parent?.children?.get(last)?.channel?.hasSubscribers === true;
}

class SpanState implements Span {
  /** The caller's `telemetry_span_context`, if any. */
  readonly #given: unknown;
  readonly start: number;
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string | undefined;
  readonly traceFlags: number;
  readonly remoteParent: boolean;
  /** What `currentTraceContext()` returns inside the span. */
  readonly own: TraceContext;
  readonly descriptor: SpanDescriptor | undefined;
  /** Whether `fn` returned a promise. */
  async = false;
  measurements: Measurements | undefined = undefined;
  metadata: Metadata | undefined = undefined;
  /** The start event's metadata, when one was built: the stop's too if `fn` added none. */
  startMetadata: Metadata | undefined = undefined;
  /** The prefix's trie node at the start, and the trie's shape then. */
  readonly parent: TrieNode | undefined;
  readonly shape: number;
  /**
   * What turns `start` and end times into epoch milliseconds: the time origin for the
   * monotonic clock, 0 for a span timed on the caller's clock (`startSpan({ startTime })`).
   */
  readonly epoch: number;

  constructor(
    startMetadata: Metadata | undefined,
    parent: TrieNode | undefined = undefined,
    descriptor: SpanDescriptor | undefined = undefined,
    explicitParent: TraceContext | undefined = undefined,
    startTime: number | undefined = undefined,
  ) {
    this.#given = startMetadata === undefined ? undefined : givenContext(startMetadata);
    this.parent = parent;
    this.shape = shape;
    this.descriptor = descriptor;
    const from = explicitParent ??
      (startMetadata === undefined ? currentTraceContext() : parentOf(startMetadata));
    this.traceId = from?.traceId ?? newTraceId();
    this.spanId = newSpanId();
    this.parentSpanId = from?.spanId;
    this.traceFlags = from?.traceFlags ?? 1;
    this.remoteParent = from?.remote ?? false;
    this.own = {
      traceId: this.traceId,
      spanId: this.spanId,
      traceFlags: this.traceFlags,
      remote: false,
    };
    this.epoch = startTime === undefined ? origin : 0;
    this.start = startTime ?? clock.now();
  }

  get context(): string {
    return typeof this.#given === "string" ? this.#given : this.spanId;
  }

  /** What the events carry as `telemetry_span_context`: the caller's, else the span id. */
  get contextValue(): unknown {
    return this.#given === undefined ? this.spanId : this.#given;
  }

  get traceparent(): string {
    return formatTraceparent(this.own);
  }

  addMeasurements(measurements: Measurements): void {
    this.measurements = copyOwn(copyOwn({}, this.measurements), measurements) as Measurements;
  }

  addMetadata(metadata: Metadata): void {
    this.metadata = copyOwn(copyOwn({}, this.metadata), metadata);
  }
}

/**
 * The channel of `[...prefix, last]` if a handler listens to it now; nothing is built otherwise.
 * The prefix's node found at the start serves while the trie has kept its shape.
 */
function listening(prefix: EventName, s: SpanState, last: string): EventChannel | undefined {
  const parent = s.shape === shape ? s.parent : findNode(prefix);
  const ch = parent?.children?.get(last)?.channel;
  return ch !== undefined && ch.hasSubscribers ? ch : undefined;
}

/** The stop or exception event's measurements: what `fn` added, the duration, the clock. */
function endMeasurements(s: SpanState, now: number): Measurements {
  const m = copyOwn({}, s.measurements);
  m.duration = now - s.start;
  m.monotonic_time = now;
  return m as Measurements;
}

/** The span's ids, as its events carry them beside `telemetry_span_context`. */
function addIds(out: Record<string, unknown>, s: SpanState): Record<string, unknown> {
  out.telemetry_span_context = s.contextValue;
  out.trace_id = s.traceId;
  out.span_id = s.spanId;
  if (s.parentSpanId !== undefined) out.parent_span_id = s.parentSpanId;
  return out;
}

/** The span's metadata: the start metadata, what `fn` added, and the span's ids. */
function withContext(md: Metadata, s: SpanState): Metadata {
  return addIds(copyOwn(copyOwn({}, md), s.metadata), s);
}

type Attributes = Record<string, string | number | boolean | readonly string[]>;

/** Tells the observers that want it that a span starts (each isolated). */
function started(prefix: EventName, md: Metadata, s: SpanState): void {
  const metadata = copyOwn({}, md);
  delete metadata.traceparent;
  const span = {
    traceId: s.traceId,
    spanId: s.spanId,
    parentSpanId: s.parentSpanId,
    name: s.descriptor?.name ?? prefix.join("."),
    eventPrefix: prefix.slice(),
    metadata,
  };
  for (const o of spanObservers) {
    try {
      o.start?.(span);
    } catch {
      // An observer must not stop the span.
    }
  }
}

/** Hands the ended span to the span observers (each isolated: one that throws is skipped). */
function record(
  prefix: EventName,
  md: Metadata,
  s: SpanState,
  now: number,
  error: { readonly value: unknown } | undefined,
): void {
  const observers = spanObservers;
  // Each part read on its own: metadata that throws (a revoked Proxy) costs the span its
  // metadata, not its record.
  let metadata: Record<string, unknown> = {};
  try {
    metadata = copyOwn(copyOwn({}, md), s.metadata);
    delete metadata.traceparent;
    delete metadata.telemetry_span_context;
  } catch {
    metadata = {};
  }
  const measurements = copyOwn({}, s.measurements) as Measurements;
  const d = s.descriptor;
  const attributes: Attributes = d === undefined ? {} : copyOwn({}, d.attributes) as Attributes;
  try {
    if (d?.end !== undefined) copyOwn(attributes, d.end(measurements, metadata));
  } catch {
    // The attributes known at the start stand.
  }
  const type = error === undefined ? undefined : errorType(error.value);
  if (type !== undefined) attributes["error.type"] = type;
  const finished: FinishedSpan = {
    traceId: s.traceId,
    spanId: s.spanId,
    parentSpanId: s.parentSpanId,
    remoteParent: s.remoteParent,
    traceFlags: s.traceFlags,
    name: d?.name ?? prefix.join("."),
    kind: d?.kind ?? "internal",
    eventPrefix: prefix.slice(),
    startTime: s.epoch + s.start,
    endTime: s.epoch + now,
    duration: now - s.start,
    metadata,
    measurements,
    attributes,
    status: error === undefined ? "ok" : "error",
    errorType: type,
    errorMessage: error === undefined ? undefined : errorReason(error.value),
  };
  for (const o of observers) {
    try {
      o.end?.(finished, error, s.async);
    } catch {
      // An observer must not change what the span returns.
    }
  }
}

function stopped(prefix: EventName, md: Metadata, s: SpanState, now = clock.now()): void {
  try {
    if (spanObservers.length > 0) record(prefix, md, s, now, undefined);
  } catch {
    // Hostile metadata must not change what the span returns.
  }
  try {
    const ch = listening(prefix, s, "stop");
    if (ch === undefined) return;
    ch.publish(
      endMeasurements(s, now),
      s.metadata === undefined ? s.startMetadata ?? withContext(md, s) : withContext(md, s),
    );
  } catch {
    // Hostile metadata (a Proxy whose traps throw) must not change what the span returns.
  }
}

function failed(
  prefix: EventName,
  md: Metadata,
  s: SpanState,
  error: unknown,
  now = clock.now(),
): void {
  try {
    if (spanObservers.length > 0) record(prefix, md, s, now, { value: error });
  } catch {
    // The original error is rethrown whatever happens here.
  }
  try {
    const ch = listening(prefix, s, "exception");
    if (ch === undefined) return;
    const m = endMeasurements(s, now);
    const out = copyOwn(copyOwn({}, md), s.metadata);
    out.kind = errorKind(error);
    out.reason = error;
    out.stacktrace = errorStack(error);
    ch.publish(m, addIds(out, s));
  } catch {
    // The original error is rethrown whatever happens here.
  }
}

/** The caller's own `telemetry_span_context`, if any (`undefined` when reading it throws). */
function givenContext(metadata: Metadata): unknown {
  try {
    return Object.hasOwn(metadata, "telemetry_span_context")
      ? metadata.telemetry_span_context
      : undefined;
  } catch {
    return undefined;
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  try {
    return value != null && typeof (value as PromiseLike<unknown>).then === "function";
  } catch {
    return false;
  }
}

/**
 * Runs `fn` as a span: executes `[...prefix, "start"]` (measurements `monotonic_time`,
 * `system_time`), then `[...prefix, "stop"]` (`duration`, `monotonic_time`, and what `fn`
 * added) or, if `fn` throws or its promise rejects, `[...prefix, "exception"]` (`duration`,
 * `monotonic_time`; metadata `kind`, `reason`, `stacktrace`) and rethrows the original error.
 * All three carry the same `telemetry_span_context` in their metadata: the one `startMetadata`
 * carries, as Erlang's `:telemetry.span/3` keeps it, else the span id.
 *
 * Spans form trees: the three events also carry `trace_id`, `span_id` and, under a parent,
 * `parent_span_id` (W3C hex ids). The parent is the span the caller runs in (followed across
 * `await` where the host has `AsyncLocalStorage`: Node, Deno, Bun), or the one a `traceparent`
 * string in `startMetadata` names (a trace continued from another process). When span listeners
 * are registered (`onSpanEnd`, the buffer and the exporter of `@jido/telemetry/trace` and
 * `/otlp`), each ended span is handed to them.
 *
 * Handlers must not change the metadata they get: when `fn` adds none, the start and stop
 * events share one metadata object (as Erlang's events share one immutable map).
 *
 * When no handler listens to any of the three events as the span starts and no span listener
 * is registered, `fn` runs and nothing else happens: no clock is read, no event is built and
 * the span does not become the current one (its children take its parent), so a handler
 * attached while it runs gets no stop event for it (OpenTelemetry's non-recording spans behave
 * alike). `fn` still gets a {@link Span}, whose ids are made if asked for and whose additions
 * are ignored.
 *
 * @param eventPrefix The events' common prefix, e.g. `["app", "llm", "request"]`.
 * @param startMetadata Metadata for all three events.
 * @param fn The work; it receives a {@link Span} to add stop measurements and metadata.
 * @returns What `fn` returns (a promise for an async `fn`).
 * @example
 * ```ts
 * import { span } from "@jido/telemetry";
 *
 * const text = await span(["app", "llm", "call"], { model: "gpt-4o" }, async (s) => {
 *   s.addMeasurements({ output_tokens: 42 });
 *   return "hello";
 * });
 * console.log(text); // "hello"
 * ```
 */
export function span<T>(
  eventPrefix: EventName,
  startMetadata: Metadata,
  fn: (span: Span) => T,
): T {
  return describedSpan(eventPrefix, startMetadata, fn, undefined);
}

/**
 * {@link span} with a descriptor that names the span when it is recorded (the GenAI helpers of
 * `@jido/telemetry/trace`). Not part of the root entry.
 */
export function describedSpan<T>(
  eventPrefix: EventName,
  startMetadata: Metadata,
  fn: (span: Span) => T,
  descriptor: SpanDescriptor | undefined,
): T {
  const parent = Array.isArray(eventPrefix) ? findNode(eventPrefix) : undefined;
  if (
    spanObservers.length === 0 && !heard(parent, "start") && !heard(parent, "stop") &&
    !heard(parent, "exception")
  ) {
    const remote = namedParent(startMetadata);
    const quiet = new QuietSpan(startMetadata, remote);
    return remote === undefined ? fn(quiet) : withTraceContext(remote, () => fn(quiet));
  }
  const s = new SpanState(startMetadata, parent, descriptor);
  try {
    if (observingStarts) started(eventPrefix, startMetadata, s);
  } catch {
    // Hostile metadata must not stop `fn` from running.
  }
  try {
    const ch = parent?.children?.get("start")?.channel;
    if (ch !== undefined && ch.hasSubscribers) {
      s.startMetadata = withContext(startMetadata, s);
      ch.publish({ monotonic_time: s.start, system_time: Date.now() }, s.startMetadata);
    }
  } catch {
    // Telemetry must not stop `fn` from running.
  }
  let result: T;
  try {
    result = withTraceContext(s.own, () => fn(s));
  } catch (error) {
    failed(eventPrefix, startMetadata, s, error);
    throw error;
  }
  if (!isThenable(result)) {
    stopped(eventPrefix, startMetadata, s);
    return result;
  }
  s.async = true;
  return Promise.resolve(result).then(
    (value) => {
      stopped(eventPrefix, startMetadata, s);
      return value;
    },
    (error: unknown) => {
      failed(eventPrefix, startMetadata, s, error);
      throw error;
    },
  ) as T;
}

/** A span started by {@link startSpan}: ended by the caller. */
export interface SpanHandle extends Span {
  /**
   * Ends the span: executes `[...prefix, "stop"]`, or `[...prefix, "exception"]` when `error` is
   * given (it is not thrown). Only the first call counts.
   */
  end(options?: EndSpanOptions): void;
  /** Runs `fn` with this span as the current one: spans started inside become its children. */
  run<R>(fn: () => R): R;
}

/** Options of {@link SpanHandle.end}. */
export interface EndSpanOptions {
  /**
   * What failed: the span ends with an exception event and status error. `undefined` and `null`
   * mean it did not fail (so `end({ error: stream.errored })` reads right).
   */
  readonly error?: unknown;
  /**
   * When the span ended, in milliseconds since the Unix epoch, for a span started with a
   * `startTime` (no earlier than it; ignored for a span on the real clock). Default: the start
   * time plus the time elapsed since.
   */
  readonly endTime?: number;
}

/** Options of {@link startSpan}. */
export interface StartSpanOptions {
  /**
   * The parent: a span (what a span's function got, or a handle) or a context (e.g. a parsed
   * `traceparent`). Default: a `traceparent` in the start metadata, else the current span.
   */
  readonly parent?: Pick<TraceContext, "traceId" | "spanId"> & Partial<TraceContext>;
  /**
   * When the span started, in milliseconds since the Unix epoch, to time spans on a clock of
   * your own (a simulation, a replay, an import); end it with an `endTime` on the same clock.
   * Its events then carry that clock's times (`system_time`, `monotonic_time`, `duration`).
   */
  readonly startTime?: number;
}

/**
 * The handle of a span nobody records: ids on request, nothing else. Its parent is read when it
 * starts, and `run()` keeps that parent current, as a recorded span would be for its children.
 */
class QuietHandle extends QuietSpan implements SpanHandle {
  readonly #parent: TraceContext | undefined;

  constructor(metadata: Metadata, parent: TraceContext | undefined) {
    const from = parent ?? namedParent(metadata) ?? currentTraceContext();
    super(metadata, from);
    this.#parent = from;
  }

  end(_options?: EndSpanOptions): void {}

  run<R>(fn: () => R): R {
    return this.#parent === undefined ? fn() : withTraceContext(this.#parent, fn);
  }
}

class Handle implements SpanHandle {
  readonly #prefix: EventName;
  readonly #metadata: Metadata;
  readonly #s: SpanState;
  /** The real clock at the start, for a span on the caller's clock ended without `endTime`. */
  readonly #began: number;
  #ended = false;

  constructor(prefix: EventName, metadata: Metadata, s: SpanState) {
    this.#prefix = prefix;
    this.#metadata = metadata;
    this.#s = s;
    this.#began = clock.now();
  }

  get context(): string {
    return this.#s.context;
  }

  get traceId(): string {
    return this.#s.traceId;
  }

  get spanId(): string {
    return this.#s.spanId;
  }

  get traceFlags(): number {
    return this.#s.traceFlags;
  }

  get traceparent(): string {
    return this.#s.traceparent;
  }

  addMeasurements(measurements: Measurements): void {
    this.#s.addMeasurements(measurements);
  }

  addMetadata(metadata: Metadata): void {
    this.#s.addMetadata(metadata);
  }

  end(options: EndSpanOptions = {}): void {
    if (this.#ended) return;
    this.#ended = true;
    const s = this.#s;
    let now: number;
    let error: { readonly value: unknown } | undefined;
    // On the caller's clock: the time given, else the start plus the time elapsed since.
    const elapsed = s.epoch === 0 ? s.start + clock.now() - this.#began : clock.now();
    try {
      const given = options?.endTime;
      now = s.epoch === 0 && typeof given === "number" && Number.isFinite(given)
        ? Math.max(given, s.start)
        : elapsed;
      const failure = options?.error;
      error = failure === undefined || failure === null ? undefined : { value: failure };
    } catch {
      now = elapsed;
      error = undefined;
    }
    if (error === undefined) stopped(this.#prefix, this.#metadata, s, now);
    else failed(this.#prefix, this.#metadata, s, error.value, now);
  }

  run<R>(fn: () => R): R {
    return withTraceContext(this.#s.own, fn);
  }
}

/**
 * Starts a span that the caller ends, for work that does not fit one function: a stream, an
 * event-driven flow, a generator, a span timed on a clock of the caller's own. Executes
 * `[...prefix, "start"]` now and `[...prefix, "stop"]` or `"exception"` at `end()`, with the
 * measurements and metadata {@link span} gives them, and records the span like {@link span}.
 * The span does not become the current one (it has no function to wrap): pass it as `parent`
 * to its children, or run code in it with `run()`.
 *
 * @param eventPrefix The events' common prefix.
 * @param startMetadata Metadata for the start, stop and exception events.
 * @param options The parent, and a start time on the caller's clock.
 * @returns The span's handle.
 * @example
 * ```ts
 * import { startSpan } from "@jido/telemetry";
 *
 * const stream = startSpan(["app", "llm", "stream"], { model: "gpt-4o" });
 * stream.addMeasurements({ output_tokens: 42 });
 * stream.end();
 * ```
 */
export function startSpan(
  eventPrefix: EventName,
  startMetadata: Metadata,
  options: StartSpanOptions = {},
): SpanHandle {
  return startDescribedSpan(eventPrefix, startMetadata, options, undefined);
}

/** The parent `startSpan()` was given, if its ids are valid W3C ids; else `undefined`. */
function parentContext(parent: unknown): TraceContext | undefined {
  try {
    if (typeof parent !== "object" || parent === null) return undefined;
    const { traceId, spanId, traceFlags, remote } = parent as Partial<TraceContext>;
    if (!isTraceId(traceId, 32) || !isTraceId(spanId, 16)) return undefined;
    return {
      traceId,
      spanId,
      traceFlags: Number.isInteger(traceFlags) ? (traceFlags as number) & 0xff : 1,
      remote: remote === true,
    };
  } catch {
    return undefined;
  }
}

/** {@link startSpan} with a descriptor (the GenAI helpers). Not part of the root entry. */
export function startDescribedSpan(
  eventPrefix: EventName,
  startMetadata: Metadata,
  options: StartSpanOptions,
  descriptor: SpanDescriptor | undefined,
): SpanHandle {
  const parent = Array.isArray(eventPrefix) ? findNode(eventPrefix) : undefined;
  if (
    spanObservers.length === 0 && !heard(parent, "start") && !heard(parent, "stop") &&
    !heard(parent, "exception")
  ) {
    return new QuietHandle(startMetadata, parentContext(readSafely(options ?? {}, "parent")));
  }
  let startTime: number | undefined;
  let explicit: TraceContext | undefined;
  try {
    startTime = typeof options.startTime === "number" && Number.isFinite(options.startTime)
      ? options.startTime
      : undefined;
    explicit = parentContext(options.parent);
  } catch {
    // Hostile options: a span of the real clock, under the current parent.
  }
  const s = new SpanState(startMetadata, parent, descriptor, explicit, startTime);
  try {
    if (observingStarts) started(eventPrefix, startMetadata, s);
    const ch = parent?.children?.get("start")?.channel;
    if (ch !== undefined && ch.hasSubscribers) {
      s.startMetadata = withContext(startMetadata, s);
      ch.publish(
        { monotonic_time: s.start, system_time: startTime ?? Date.now() },
        s.startMetadata,
      );
    }
  } catch {
    // Telemetry must not fail the caller.
  }
  return new Handle(eventPrefix, startMetadata, s);
}

/**
 * The original design's `execute_with_telemetry/3`: a {@link span} under `eventPrefix`.
 *
 * @param eventPrefix The events' common prefix.
 * @param metadata Metadata for the start, stop and exception events.
 * @param fn The work.
 * @returns What `fn` returns.
 * @example
 * ```ts
 * import { executeWithTelemetry } from "@jido/telemetry";
 *
 * const n = executeWithTelemetry(["app", "parse"], { file: "a.ts" }, () => 42);
 * console.log(n); // 42
 * ```
 */
export function executeWithTelemetry<T>(
  eventPrefix: EventName,
  metadata: Metadata,
  fn: (span: Span) => T,
): T {
  return span(eventPrefix, metadata, fn);
}

/**
 * The original design's `execute_with_start_complete/4`: executes `startEvent` (measurement
 * `system_time`), runs `fn`, then executes `completeEvent` with `duration` (plus what `fn`
 * added) and metadata `status: "ok"`, or, if `fn` fails,
 * `status: "error"`, `kind`, `reason` (the error's message as a string) and `stacktrace`, and
 * rethrows the original error. These are the measurements and metadata that the catalog's
 * `agent.dispatch` and `agent.complete` declare, so the pair fits them.
 *
 * @param startEvent The event executed first.
 * @param completeEvent The event executed when `fn` returns or fails.
 * @param metadata Metadata for both events.
 * @param fn The work.
 * @returns What `fn` returns (a promise for an async `fn`).
 * @example
 * ```ts
 * import { executeWithStartComplete } from "@jido/telemetry";
 *
 * await executeWithStartComplete(
 *   ["jido_coder_lib", "agent", "dispatch"],
 *   ["jido_coder_lib", "agent", "complete"],
 *   { agent: "planner", action: "plan" },
 *   async () => "planned",
 * );
 * ```
 */
export function executeWithStartComplete<T>(
  startEvent: EventName,
  completeEvent: EventName,
  metadata: Metadata,
  fn: (span: Span) => T,
): T {
  const s = new SpanState(undefined);
  execute(startEvent, { system_time: Date.now() }, metadata);
  const complete = (extra: Metadata): void => {
    const ch = Array.isArray(completeEvent) ? findNode(completeEvent)?.channel : undefined;
    if (ch === undefined || !ch.hasSubscribers) return;
    try {
      const m = copyOwn({}, s.measurements);
      m.duration = clock.now() - s.start;
      ch.publish(m, copyOwn(copyOwn(copyOwn({}, metadata), s.metadata), extra));
    } catch {
      // Hostile metadata must not change what `fn` returns or throws.
    }
  };
  const fail = (error: unknown): void =>
    complete({
      status: "error",
      kind: errorKind(error),
      reason: errorReason(error),
      stacktrace: errorStack(error),
    });
  let result: T;
  try {
    result = fn(s);
  } catch (error) {
    fail(error);
    throw error;
  }
  if (!isThenable(result)) {
    complete({ status: "ok" });
    return result;
  }
  return Promise.resolve(result).then((value) => {
    complete({ status: "ok" });
    return value;
  }, (error: unknown) => {
    fail(error);
    throw error;
  }) as T;
}
