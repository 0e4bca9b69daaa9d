/**
 * A bridge to `node:diagnostics_channel`: catalog events and spans published on channels that
 * APM agents already subscribe to, with no dependency on this package on their side.
 *
 * @module
 */

import type { Catalog } from "../catalog.ts";
import type { FinishedSpan, StartedSpan } from "../finished_span.ts";
import { observeSpans } from "../finished_span.ts";
import { builtin } from "../host.ts";
import { attach, detach, type EventName, type Measurements, type Metadata } from "../telemetry.ts";

/**
 * The prefix of every channel name the bridge publishes on.
 *
 * @example
 * ```ts
 * import { CHANNEL_PREFIX } from "@jido/telemetry/trace";
 *
 * console.log(`${CHANNEL_PREFIX}jido_coder_lib.llm.response`);
 * // "@jido/telemetry:jido_coder_lib.llm.response"
 * ```
 */
export const CHANNEL_PREFIX = "@jido/telemetry:";

/**
 * The name of the tracing channel spans are published on: subscribers use
 * `diagnostics_channel.tracingChannel("@jido/telemetry:span")`, whose channels are
 * `tracing:@jido/telemetry:span:start`, `:end`, `:asyncStart`, `:asyncEnd` and `:error`.
 *
 * @example
 * ```ts
 * import dc from "node:diagnostics_channel";
 * import { SPAN_TRACING_CHANNEL } from "@jido/telemetry/trace";
 *
 * dc.tracingChannel(SPAN_TRACING_CHANNEL).subscribe({
 *   start: (message) => console.log("span started", message),
 *   end: () => {},
 *   asyncStart: () => {},
 *   asyncEnd: () => {},
 *   error: () => {},
 * });
 * ```
 */
export const SPAN_TRACING_CHANNEL = "@jido/telemetry:span";

/** What an event's channel carries. */
export interface EventMessage {
  /** The event name, e.g. `["jido_coder_lib", "llm", "response"]`. */
  readonly event: EventName;
  /** Its measurements. */
  readonly measurements: Measurements;
  /** Its metadata (as the bus passed it: not redacted). */
  readonly metadata: Metadata;
}

/**
 * The context object a span's tracing-channel messages share (the same object from `start` to
 * `asyncEnd`, as `TracingChannel` gives one object per traced call): subscribers may keep their
 * own state on it.
 */
export interface SpanMessage extends StartedSpan {
  /** What the span's function threw, set before `error` is published. */
  error?: unknown;
  /** The finished span, set before `end` is published. */
  span?: FinishedSpan;
}

/** Options of {@link bridgeDiagnosticsChannel}. */
export interface DiagnosticsBridgeOptions {
  /** Publish each of the catalog's events on its own channel. Omit to bridge spans only. */
  readonly catalog?: Catalog;
  /** Publish spans on {@link SPAN_TRACING_CHANNEL}. Default `true`. */
  readonly spans?: boolean;
}

/** The running bridge. */
export interface DiagnosticsBridge {
  /** Whether the host has `node:diagnostics_channel` (Node, Deno, Bun); nothing is bridged if not. */
  readonly active: boolean;
  /** The event channels' names, in catalog order. */
  readonly channels: readonly string[];
  /** Stops publishing. */
  stop(): void;
}

interface Channel {
  readonly hasSubscribers: boolean;
  publish(message: unknown): void;
}

interface DiagnosticsChannel {
  channel(name: string): Channel;
  tracingChannel(name: string): {
    readonly start: Channel;
    readonly end: Channel;
    readonly asyncStart: Channel;
    readonly asyncEnd: Channel;
    readonly error: Channel;
  };
}

let bridges = 0;

/** How many started spans the bridge remembers until they end. */
const maxOpen = 10_000;

/**
 * Publishes catalog events and spans on `node:diagnostics_channel`. Opt-in: while the bridge
 * runs, each catalog event costs one handler call (which publishes only when its channel has
 * subscribers) and spans are recorded.
 *
 * Channels:
 * - one per catalog event, named `@jido/telemetry:` and the event's dotted name (e.g.
 *   `@jido/telemetry:jido_coder_lib.llm.response`), carrying an {@link EventMessage};
 * - the tracing channel {@link SPAN_TRACING_CHANNEL} for spans: `start` as a span starts,
 *   `error` (with `error` set) if it failed, `end` as it ends (with `span` set), then
 *   `asyncStart` and `asyncEnd` for a span whose function returned a promise. Each message is
 *   the span's {@link SpanMessage}: the same object from `start` to `asyncEnd` when `start` had
 *   subscribers as the span started (the bridge remembers the last 10,000 open spans). Unlike `TracingChannel.tracePromise`, `end` is published
 *   when the promise settles, not when it is returned.
 *
 * @param options The catalog whose events to publish, and whether to publish spans.
 * @returns The bridge (`active: false` where the host has no `node:diagnostics_channel`).
 * @example
 * ```ts
 * import { standardCatalog } from "@jido/telemetry";
 * import { bridgeDiagnosticsChannel } from "@jido/telemetry/trace";
 *
 * const bridge = bridgeDiagnosticsChannel({ catalog: standardCatalog });
 * console.log(bridge.channels[0]); // "@jido/telemetry:jido_coder_lib.session.start"
 * bridge.stop();
 * ```
 */
export function bridgeDiagnosticsChannel(
  options: DiagnosticsBridgeOptions = {},
): DiagnosticsBridge {
  const dc = builtin<DiagnosticsChannel>("node:diagnostics_channel");
  const events = options.catalog?.events ?? [];
  const channels = events.map((e) => `${CHANNEL_PREFIX}${e.key}`);
  const noop = { active: false, channels, stop: () => {} };
  if (dc === undefined || typeof dc.channel !== "function") return noop;
  const id = `@jido/telemetry/diagnostics-channel-bridge-${++bridges}`;
  events.forEach((e, i) => {
    const ch = dc.channel(channels[i]);
    attach(`${id}/${e.key}`, e.name, (event, measurements, metadata) => {
      if (ch.hasSubscribers) ch.publish({ event, measurements, metadata });
    });
  });
  let unobserve = (): void => {};
  if (options.spans !== false && typeof dc.tracingChannel === "function") {
    const tc = dc.tracingChannel(SPAN_TRACING_CHANNEL);
    // The messages of spans whose start was published, to give their end the same object;
    // bounded, so spans that never end (an abandoned handle) cannot grow it without end.
    const open = new Map<string, SpanMessage>();
    unobserve = observeSpans({
      start: (s) => {
        if (!tc.start.hasSubscribers) return;
        const message: SpanMessage = { ...s };
        if (open.size >= maxOpen) open.delete(open.keys().next().value!);
        open.set(s.spanId, message);
        tc.start.publish(message);
      },
      end: (s, error, async) => {
        const message = open.get(s.spanId) ?? { ...s };
        open.delete(s.spanId);
        message.span = s;
        if (error !== undefined) {
          message.error = error.value;
          if (tc.error.hasSubscribers) tc.error.publish(message);
        }
        if (tc.end.hasSubscribers) tc.end.publish(message);
        if (async) {
          if (tc.asyncStart.hasSubscribers) tc.asyncStart.publish(message);
          if (tc.asyncEnd.hasSubscribers) tc.asyncEnd.publish(message);
        }
      },
    });
  }
  const stop = (): void => {
    for (const e of events) detach(`${id}/${e.key}`);
    unobserve();
    unobserve = () => {};
  };
  return { active: true, channels, stop };
}
