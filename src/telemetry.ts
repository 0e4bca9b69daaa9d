/**
 * The event bus, with the semantics of Erlang's `:telemetry`: handlers attach to exact event
 * names, `execute` calls them synchronously in attach order and never throws, and a handler
 * that throws is detached and reported as a `["telemetry", "handler", "failure"]` event.
 *
 * @module
 */

import {
  describe,
  ensureNode,
  findNode,
  freezeName,
  isEventName,
  prune,
  type TrieNode,
} from "./_handler_table.ts";
import { errorKind, errorStack, errorSummary } from "./error_info.ts";
import { TelemetryError } from "./errors.ts";

/** An event name: a non-empty array of non-empty strings, e.g. `["app", "llm", "response"]`. */
export type EventName = readonly string[];

/** The numbers an event carries, e.g. `{ duration: 12.5, input_tokens: 300 }`. */
export type Measurements = Readonly<Record<string, number>>;

/** The context an event carries, e.g. `{ session_id: "s-1", model: "gpt-4o" }`. */
export type Metadata = Readonly<Record<string, unknown>>;

/**
 * A handler, called as `handler(eventName, measurements, metadata, config)`. It may be async;
 * a returned promise that rejects counts as a failure, like a throw.
 */
export type Handler<C = unknown> = (
  eventName: EventName,
  measurements: Measurements,
  metadata: Metadata,
  config: C,
) => void | PromiseLike<void>;

/** One attached handler, as {@link listHandlers} returns it. */
export interface HandlerInfo {
  /** The handler id given to `attach` or `attachMany`. */
  readonly id: string;
  /** The exact event name the handler is attached to. */
  readonly eventName: EventName;
  /** The handler function. */
  readonly handler: Handler<unknown>;
  /** The config given at attach time, passed as the handler's fourth argument. */
  readonly config: unknown;
}

/**
 * The event executed when a handler fails: `["telemetry", "handler", "failure"]`, with metadata
 * `handler_id`, `handler_config`, `event_name`, `kind`, `reason` and `stacktrace`.
 *
 * @example
 * ```ts
 * import { attach, HANDLER_FAILURE } from "@jido/telemetry";
 *
 * attach("failures", HANDLER_FAILURE, (_event, _m, md) => {
 *   console.error(`handler ${String(md.handler_id)} failed and was detached`);
 * });
 * ```
 */
export const HANDLER_FAILURE: readonly ["telemetry", "handler", "failure"] = Object.freeze(
  ["telemetry", "handler", "failure"] as const,
);

/** @internal One `attach`/`attachMany` call. */
export interface Attachment {
  readonly id: string;
  readonly eventNames: readonly EventName[];
  readonly handler: Handler<unknown>;
  readonly config: unknown;
}

/** A handler's failure, waiting to be handled: detached and reported. */
interface Failure {
  readonly attachment: Attachment;
  readonly eventName: EventName;
  readonly error: unknown;
}

const registry = new Map<string, Attachment>();
/** Failures not handled yet, oldest first: they met a stack with no room to handle them. */
const pending: Failure[] = [];
let retryScheduled = false;
/**
 * A channel's handlers are replaced, never changed (copy on write), and are not frozen: V8 11
 * reads a frozen array's elements several times slower, on every publish.
 */
const empty: readonly Attachment[] = [];
/** The metadata of an event executed without any: shared and frozen, so nothing is allocated. */
const noMetadata: Metadata = Object.freeze({});
let failureDepth = 0;

/**
 * The handlers of one exact event name, like a `node:diagnostics_channel` channel. Generated
 * emitters hold one per event, so emitting with nobody listening costs one property read.
 *
 * @example
 * ```ts
 * import { attach, channel } from "@jido/telemetry";
 *
 * const done = channel(["app", "job", "done"]);
 * attach("printer", ["app", "job", "done"], (_e, m) => console.log(m.duration));
 * if (done.hasSubscribers) done.publish({ duration: 3 }, {}); // prints 3
 * ```
 */
export interface EventChannel {
  /** The exact event name, frozen. */
  readonly eventName: EventName;
  /** Whether any handler is attached to this event. */
  readonly hasSubscribers: boolean;
  /**
   * Calls every handler attached to this event, in attach order; never throws. The same as
   * {@link execute} without the name lookup.
   *
   * @param measurements The event's numbers.
   * @param metadata The event's context.
   */
  publish(measurements: object, metadata: object): void;
}

/** @internal The bus's implementation of {@link EventChannel}; not exported from `mod.ts`. */
export class Channel implements EventChannel {
  readonly eventName: EventName;
  handlers: readonly Attachment[] = empty;
  /** Set once `channel()` handed this channel out: it must never be pruned and replaced. */
  pinned = false;

  constructor(eventName: EventName) {
    this.eventName = eventName;
  }

  get hasSubscribers(): boolean {
    return this.handlers.length !== 0;
  }

  publish(measurements: object, metadata: object): void {
    const handlers = this.handlers;
    // One handler, the common case, without a loop: about a quarter less time on Node 20.
    if (handlers.length === 1) invokeHandler(handlers[0], this.eventName, measurements, metadata);
    else {
      for (let i = 0; i < handlers.length; i++) {
        invokeHandler(handlers[i], this.eventName, measurements, metadata);
      }
    }
    // Failures that met an exhausted stack are handled by the first publish, on the way out,
    // with room for it (see handlerFailed). The try is here, not in a helper: with no stack
    // left, calling the helper would throw before its own try.
    if (pending.length !== 0) {
      try {
        settle();
      } catch {
        // Still no room: a publish further out, the microtask or the next publish does it.
      }
    }
  }
}

/** Calls one handler; a throw or a rejected promise is its failure, never the caller's. */
function invokeHandler(
  a: Attachment,
  eventName: EventName,
  measurements: object,
  metadata: object,
): void {
  try {
    const result = a.handler(
      eventName,
      measurements as Measurements,
      metadata as Metadata,
      a.config,
    );
    if (result != null && typeof result.then === "function") {
      result.then(undefined, (error: unknown) => handlerFailed(a, eventName, error));
    }
  } catch (error) {
    handlerFailed(a, eventName, error);
  }
}

function nodeChannel(node: TrieNode, eventName: EventName): Channel {
  return node.channel ??= new Channel(freezeName(eventName));
}

/**
 * Returns the channel of an exact event name, creating it if needed; the same object for the
 * same name, for the life of the process.
 *
 * @param eventName A non-empty array of non-empty strings.
 * @returns The event's channel.
 * @throws {TypeError} If `eventName` is not a non-empty array of non-empty strings.
 * @example
 * ```ts
 * import { channel } from "@jido/telemetry";
 *
 * console.log(channel(["app", "job", "done"]).hasSubscribers); // false
 * ```
 */
export function channel(eventName: EventName): EventChannel {
  checkEventName(eventName, "Event name");
  const ch = nodeChannel(ensureNode(eventName), eventName);
  ch.pinned = true;
  return ch;
}

/**
 * Attaches `handler` to one exact event name under a unique `handlerId`.
 *
 * @param handlerId A unique id; detach with it.
 * @param eventName The exact event to handle, e.g. `["jido_coder_lib", "session", "start"]`.
 * @param handler Called as `handler(eventName, measurements, metadata, config)`.
 * @param config Passed to every call of `handler`.
 * @throws {TypeError} If `eventName` is not a non-empty array of non-empty strings, or
 *   `handler` is not a function.
 * @throws {TelemetryError} With code `"already_exists"` if `handlerId` is taken.
 * @example
 * ```ts
 * import { attach, execute } from "@jido/telemetry";
 *
 * attach("log-starts", ["app", "session", "start"], (event, m, md) => {
 *   console.log(event.join("."), m, md);
 * });
 * execute(["app", "session", "start"], { system_time: 1 }, { id: "s-1" });
 * // app.session.start { system_time: 1 } { id: "s-1" }
 * ```
 */
export function attach<C = undefined>(
  handlerId: string,
  eventName: EventName,
  handler: Handler<C>,
  config?: C,
): void {
  checkEventName(eventName, "Event name");
  attachMany(handlerId, [eventName], handler, config);
}

/**
 * Attaches one handler to several exact event names under one id; {@link detach} removes it
 * from all of them. A name given twice is attached once.
 *
 * @param handlerId A unique id.
 * @param eventNames The events to handle: a non-empty array of event names.
 * @param handler Called as `handler(eventName, measurements, metadata, config)`.
 * @param config Passed to every call of `handler`.
 * @throws {TypeError} If an event name is invalid or `handler` is not a function.
 * @throws {TelemetryError} With code `"already_exists"` if `handlerId` is taken.
 * @example
 * ```ts
 * import { attachMany } from "@jido/telemetry";
 *
 * attachMany("llm", [["app", "llm", "request"], ["app", "llm", "response"]], (event) => {
 *   console.log(event.at(-1));
 * });
 * ```
 */
export function attachMany<C = undefined>(
  handlerId: string,
  eventNames: readonly EventName[],
  handler: Handler<C>,
  config?: C,
): void {
  if (typeof handlerId !== "string") {
    throw new TypeError(`Handler id must be a string, got ${describe(handlerId)}`);
  }
  if (!Array.isArray(eventNames) || eventNames.length === 0) {
    throw new TypeError(
      `Event names for handler "${handlerId}" must be a non-empty array of event names, got ${
        describe(eventNames)
      }`,
    );
  }
  for (const name of eventNames) checkEventName(name, `Event name for handler "${handlerId}"`);
  if (typeof handler !== "function") {
    throw new TypeError(`Handler "${handlerId}" must be a function, got ${describe(handler)}`);
  }
  if (registry.has(handlerId)) {
    throw new TelemetryError("already_exists", `Handler id "${handlerId}" is already attached`);
  }
  const channels: Channel[] = [];
  const names: EventName[] = [];
  for (const name of eventNames) {
    const ch = nodeChannel(ensureNode(name), name);
    if (channels.includes(ch)) continue;
    channels.push(ch);
    names.push(ch.eventName);
  }
  const attachment: Attachment = Object.freeze({
    id: handlerId,
    eventNames: Object.freeze(names),
    handler: handler as Handler<unknown>,
    config,
  });
  registry.set(handlerId, attachment);
  for (const ch of channels) {
    ch.handlers = [...ch.handlers, attachment];
  }
}

/**
 * Detaches the handler with this id from every event it was attached to.
 *
 * @param handlerId The id given to `attach` or `attachMany`.
 * @returns `true` if it was attached, `false` if no handler has this id.
 * @example
 * ```ts
 * import { attach, detach } from "@jido/telemetry";
 *
 * attach("h", ["app", "x"], () => {});
 * console.log(detach("h"), detach("h")); // true false
 * ```
 */
export function detach(handlerId: string): boolean {
  const attachment = registry.get(handlerId);
  if (attachment === undefined) return false;
  registry.delete(handlerId);
  for (const name of attachment.eventNames) {
    const ch = findNode(name)?.channel;
    if (ch === undefined) continue;
    const next = ch.handlers.filter((a) => a !== attachment);
    ch.handlers = next.length === 0 ? empty : next;
    if (next.length === 0) prune(name);
  }
  return true;
}

/**
 * Executes an event: calls every handler attached to exactly `eventName`, synchronously, in
 * attach order. Never throws: a handler that throws is detached from all its events and a
 * `["telemetry", "handler", "failure"]` event reports it; the other handlers still run.
 *
 * @param eventName The exact event name.
 * @param measurements The event's numbers; document their units in `events.yaml`.
 * @param metadata The event's context.
 * @example
 * ```ts
 * import { execute } from "@jido/telemetry";
 *
 * execute(["app", "cache", "hit"], { count: 1 }, { cache: "context" });
 * ```
 */
export function execute(
  eventName: EventName,
  measurements: Measurements,
  metadata: Metadata = noMetadata,
): void {
  if (!Array.isArray(eventName)) return;
  const ch = findNode(eventName)?.channel;
  if (ch !== undefined && ch.hasSubscribers) ch.publish(measurements, metadata);
}

/**
 * Lists every attached handler whose event name starts with `prefix`, in attach order.
 *
 * @param prefix An event-name prefix; `[]` lists every handler.
 * @returns One entry per (handler, event name) pair.
 * @throws {TypeError} If `prefix` is not an array of strings.
 * @example
 * ```ts
 * import { attach, listHandlers } from "@jido/telemetry";
 *
 * attach("h", ["app", "llm", "response"], () => {});
 * console.log(listHandlers(["app", "llm"]).map((h) => h.id)); // ["h"]
 * ```
 */
export function listHandlers(prefix: EventName): readonly HandlerInfo[] {
  if (!Array.isArray(prefix) || prefix.some((s) => typeof s !== "string")) {
    throw new TypeError(`Prefix must be an array of strings, got ${describe(prefix)}`);
  }
  const out: HandlerInfo[] = [];
  for (const a of registry.values()) {
    for (const eventName of a.eventNames) {
      if (prefix.every((segment, i) => eventName[i] === segment)) {
        out.push({ id: a.id, eventName, handler: a.handler, config: a.config });
      }
    }
  }
  return out;
}

function checkEventName(value: unknown, what: string): asserts value is EventName {
  if (!isEventName(value)) {
    throw new TypeError(
      `${what} must be a non-empty array of non-empty strings, got ${describe(value)}`,
    );
  }
}

/**
 * Handles a handler's failure: detaches it and reports it. A failure can come with the stack
 * exhausted, when a handler re-emits its own event without end: detaching, and the failure
 * handlers (the log handler among them), would then fail for want of stack and lose the report,
 * or detach a healthy failure handler. So a failure is handled only where the stack has room
 * left ({@link hasHeadroom}); until then it waits, and the first publish call it unwinds through
 * with room handles it, else a microtask, else the next publish.
 */
function handlerFailed(attachment: Attachment, eventName: EventName, error: unknown): void {
  pending.push({ attachment, eventName, error });
  try {
    settle();
  } catch {
    // Not even room to look: a publish call below this one, or the next one, handles it.
  }
}

/** Handles the failures waiting if the stack has room, else makes sure a microtask retries. */
function settle(): void {
  if (hasHeadroom()) {
    handlePending();
  } else if (!retryScheduled) {
    queueMicrotask(retryPending);
    retryScheduled = true;
  }
}

function retryPending(): void {
  retryScheduled = false;
  if (pending.length !== 0) settle();
}

/** Detaches and reports each failure waiting, oldest first. */
function handlePending(): void {
  while (pending.length !== 0) {
    const { attachment, eventName, error } = pending.shift()!;
    try {
      if (registry.get(attachment.id) === attachment) detach(attachment.id);
      report(attachment, eventName, error);
    } catch {
      // Handling a failure must never throw into the emitter, whatever was thrown.
    }
  }
}

/**
 * Frames of {@link probe} that must fit on the stack before a failure is handled: about a tenth
 * of V8's default stack, far more than detaching and the log handler's report take.
 */
const headroomFrames = 1000;

function probe(frames: number): number {
  return frames <= 0 ? 0 : probe(frames - 1) + 1;
}

/** Whether the stack has room for {@link headroomFrames} more frames. */
function hasHeadroom(): boolean {
  try {
    return probe(headroomFrames) === headroomFrames;
  } catch {
    return false;
  }
}

function report(a: Attachment, eventName: EventName, error: unknown): void {
  const failure = findNode(HANDLER_FAILURE)?.channel;
  if (failure === undefined || !failure.hasSubscribers || failureDepth > 4) {
    reportUnobserved(a.id, eventName, error);
    return;
  }
  failureDepth++;
  try {
    failure.publish({ monotonic_time: performance.now(), system_time: Date.now() }, {
      handler_id: a.id,
      handler_config: a.config,
      event_name: eventName,
      kind: errorKind(error),
      reason: error,
      stacktrace: errorStack(error),
    });
  } finally {
    failureDepth--;
  }
}

function reportUnobserved(id: string, eventName: EventName, error: unknown): void {
  try {
    console.error(
      `[telemetry] Handler "${id}" failed on ${
        JSON.stringify(eventName.join("."))
      } and was detached: ${JSON.stringify(errorSummary(error))}`,
    );
  } catch {
    // Reporting must not throw either.
  }
}
