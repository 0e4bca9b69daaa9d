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

import { errorKind, errorReason, errorStack } from "./error_info.ts";
import { findNode, shape, type TrieNode } from "./_handler_table.ts";
import { copyOwn } from "./objects.ts";
import {
  type EventChannel,
  type EventName,
  execute,
  type Measurements,
  type Metadata,
} from "./telemetry.ts";

/** What a span's function receives: its context id, and a way to add to the stop event. */
export interface Span {
  /**
   * The span's id: the `telemetry_span_context` shared by its start, stop and exception events.
   * Generated for each span, unless the start metadata carries a string `telemetry_span_context`.
   */
  readonly context: string;
  /**
   * Adds measurements to the stop (or exception) event, e.g. token counts known at the end.
   * `duration` and `monotonic_time` are always the span's own.
   */
  addMeasurements(measurements: Measurements): void;
  /** Adds metadata to the stop (or exception) event, e.g. the finish reason. */
  addMetadata(metadata: Metadata): void;
}

const processTag = Math.floor(Math.random() * 0x100000000).toString(36);
let spanCount = 0;
/** Read once: on Node the global `performance` is a getter, paid on every access. */
const clock = performance;

function newContext(given: unknown): string {
  return typeof given === "string" ? given : `${processTag}-${(++spanCount).toString(36)}`;
}

/**
 * The span a function gets when no handler listens: an id on request (the start metadata is
 * read for the caller's own then, not before), additions ignored.
 */
class QuietSpan implements Span {
  readonly #metadata: Metadata;
  #context: string | undefined = undefined;

  constructor(metadata: Metadata) {
    this.#metadata = metadata;
  }

  get context(): string {
    return this.#context ??= newContext(givenContext(this.#metadata));
  }

  addMeasurements(_measurements: Measurements): void {}

  addMetadata(_metadata: Metadata): void {}
}

/** Whether a handler listens to `[...prefix, last]`, from the prefix's trie node. */
function heard(parent: TrieNode | undefined, last: string): boolean {
  return parent?.children?.get(last)?.channel?.hasSubscribers === true;
}

class SpanState implements Span {
  /** The caller's `telemetry_span_context`, if any. */
  readonly #given: unknown;
  #context: string | undefined = undefined;
  readonly start: number;
  measurements: Measurements | undefined = undefined;
  metadata: Metadata | undefined = undefined;
  /** The start event's metadata, when one was built: the stop's too if `fn` added none. */
  startMetadata: Metadata | undefined = undefined;
  /** The prefix's trie node at the start, and the trie's shape then. */
  readonly parent: TrieNode | undefined;
  readonly shape: number;

  constructor(given: unknown = undefined, parent: TrieNode | undefined = undefined) {
    this.#given = given;
    this.parent = parent;
    this.shape = shape;
    this.start = clock.now();
  }

  /** Made on first use: a span nobody listens to and nobody asks for its id costs no id. */
  get context(): string {
    return this.#context ??= newContext(this.#given);
  }

  /** What the events carry as `telemetry_span_context`: the caller's, else `context`. */
  get contextValue(): unknown {
    return this.#given === undefined ? this.context : this.#given;
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
function endMeasurements(s: SpanState): Measurements {
  const now = clock.now();
  const m = copyOwn({}, s.measurements);
  m.duration = now - s.start;
  m.monotonic_time = now;
  return m as Measurements;
}

/** The span's metadata: the start metadata, what `fn` added, and the span's context. */
function withContext(md: Metadata, s: SpanState): Metadata {
  const out = copyOwn(copyOwn({}, md), s.metadata);
  out.telemetry_span_context = s.contextValue;
  return out;
}

function stopped(prefix: EventName, md: Metadata, s: SpanState): void {
  try {
    const ch = listening(prefix, s, "stop");
    if (ch === undefined) return;
    ch.publish(
      endMeasurements(s),
      s.metadata === undefined ? s.startMetadata ?? withContext(md, s) : withContext(md, s),
    );
  } catch {
    // Hostile metadata (a Proxy whose traps throw) must not change what the span returns.
  }
}

function failed(prefix: EventName, md: Metadata, s: SpanState, error: unknown): void {
  try {
    const ch = listening(prefix, s, "exception");
    if (ch === undefined) return;
    const m = endMeasurements(s);
    const out = copyOwn(copyOwn({}, md), s.metadata);
    out.kind = errorKind(error);
    out.reason = error;
    out.stacktrace = errorStack(error);
    out.telemetry_span_context = s.contextValue;
    ch.publish(m, out);
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
 * carries, as Erlang's `:telemetry.span/3` keeps it, else an id generated for the span.
 *
 * Handlers must not change the metadata they get: when `fn` adds none, the start and stop
 * events share one metadata object (as Erlang's events share one immutable map).
 *
 * When no handler listens to any of the three events as the span starts, `fn` runs and nothing
 * else happens: no clock is read and no event is built, so a handler attached while it runs
 * gets no stop event for it (OpenTelemetry's non-recording spans behave alike). `fn` still gets
 * a {@link Span}, whose `context` is made if asked for and whose additions are ignored.
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
  const parent = Array.isArray(eventPrefix) ? findNode(eventPrefix) : undefined;
  if (!heard(parent, "start") && !heard(parent, "stop") && !heard(parent, "exception")) {
    return fn(new QuietSpan(startMetadata));
  }
  const s = new SpanState(givenContext(startMetadata), parent);
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
    result = fn(s);
  } catch (error) {
    failed(eventPrefix, startMetadata, s, error);
    throw error;
  }
  if (!isThenable(result)) {
    stopped(eventPrefix, startMetadata, s);
    return result;
  }
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
  const s = new SpanState();
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
