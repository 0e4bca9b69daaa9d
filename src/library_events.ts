/**
 * The library's own events: they belong to `@jido/telemetry`, not to any application's catalog,
 * so every feature works whatever the application's `events.yaml` holds. All four are named
 * under `telemetry`, as Erlang's `[telemetry, handler, failure]` is:
 *
 * - `telemetry.handler.failure`: a handler threw and was detached (executed by the bus);
 * - `telemetry.alert.triggered` and `telemetry.alert.resolved`: an alert rule changed state;
 * - `telemetry.runtime.poll`: the poller's periodic measurements of the process;
 * - `telemetry.otlp.export`: the OTLP exporter settled a request (or dropped entries).
 *
 * The log handler logs them whatever catalog it is given (failures and triggered alerts at
 * `error`, resolved alerts at `info`, polls and exports at `debug`).
 *
 * @module
 */

import { type Catalog, defineCatalog, type EventSpec, type MetadataSpec } from "./catalog.ts";
import { channel, type EventChannel, HANDLER_FAILURE } from "./telemetry.ts";

export { HANDLER_FAILURE };

/**
 * `telemetry.alert.triggered` (level `error`): an alert rule's condition became true.
 *
 * @example
 * ```ts
 * import { ALERT_TRIGGERED, attach } from "@jido/telemetry";
 *
 * attach("pager", ALERT_TRIGGERED, (_event, m, md) => {
 *   console.error(`${String(md.rule)}: ${m.value} > ${m.threshold}`);
 * });
 * ```
 */
export const ALERT_TRIGGERED: readonly ["telemetry", "alert", "triggered"] = Object.freeze(
  ["telemetry", "alert", "triggered"] as const,
);

/**
 * `telemetry.alert.resolved` (level `info`): an alert rule's condition stopped being true.
 *
 * @example
 * ```ts
 * import { ALERT_RESOLVED, attach } from "@jido/telemetry";
 *
 * attach("pager-ok", ALERT_RESOLVED, (_event, m, md) => {
 *   console.log(`${String(md.rule)} resolved after ${m.duration} ms`);
 * });
 * ```
 */
export const ALERT_RESOLVED: readonly ["telemetry", "alert", "resolved"] = Object.freeze(
  ["telemetry", "alert", "resolved"] as const,
);

/**
 * `telemetry.runtime.poll` (level `debug`): the poller's measurements of the process.
 *
 * @example
 * ```ts
 * import { attach, RUNTIME_POLL, startPoller } from "@jido/telemetry";
 *
 * attach("memory", RUNTIME_POLL, (_event, m) => console.log(`heap ${m.heap_used} B`));
 * startPoller({ interval: 5_000 });
 * ```
 */
export const RUNTIME_POLL: readonly ["telemetry", "runtime", "poll"] = Object.freeze(
  ["telemetry", "runtime", "poll"] as const,
);

/**
 * `telemetry.otlp.export` (level `debug`): the OTLP exporter settled a request, or dropped
 * entries it could not send (a full queue, an entry too large): what was sent, rejected and
 * dropped since the signal's previous export event, and how many entries are still queued.
 * Metrics on it give the exporter's queue depth and drops, e.g.
 * `lastValue("telemetry.otlp.export.queued", { tags: ["signal"] })`.
 *
 * @example
 * ```ts
 * import { attach, OTLP_EXPORT } from "@jido/telemetry";
 *
 * attach("otlp-drops", OTLP_EXPORT, (_event, m, md) => {
 *   if (m.dropped > 0) console.warn(`${m.dropped} ${String(md.signal)} lost: ${md.reason}`);
 * });
 * ```
 */
export const OTLP_EXPORT: readonly ["telemetry", "otlp", "export"] = Object.freeze(
  ["telemetry", "otlp", "export"] as const,
);

/** Measurements of `telemetry.otlp.export`. */
export interface OtlpExportMeasurements {
  /** Entries (spans, metric points, log records) the receiver accepted in this request. */
  readonly sent: number;
  /** Entries the receiver rejected (`partialSuccess`). */
  readonly rejected: number;
  /** Entries lost since the signal's previous export event (this request's included). */
  readonly dropped: number;
  /** Entries waiting in the queue or in flight after this request: the queue's depth. */
  readonly queued: number;
  /** HTTP requests this body took, retries included (0 for drops without a request). */
  readonly requests: number;
  /** Milliseconds from the first attempt to the answer. */
  readonly duration: number;
}

/** Metadata of `telemetry.otlp.export`. */
export interface OtlpExportMetadata {
  /** The signal: `"traces"`, `"metrics"` or `"logs"`. */
  readonly signal: "traces" | "metrics" | "logs";
  /** `"sent"`, `"partial"` (some rejected) or `"dropped"`. */
  readonly outcome: "sent" | "partial" | "dropped";
  /** Why entries were dropped, e.g. `"queue-full"`, `"status-400"`, `"timeout"`. */
  readonly reason?: string;
}

/** Measurements of `telemetry.handler.failure`. */
export interface HandlerFailureMeasurements {
  /** When the failure was seen, from `performance.now()`, in milliseconds. */
  readonly monotonic_time: number;
  /** When the failure was seen, in milliseconds since the Unix epoch. */
  readonly system_time: number;
}

/** Metadata of `telemetry.handler.failure`. */
export interface HandlerFailureMetadata {
  /** The id of the handler that failed, now detached. */
  readonly handler_id: string;
  /** The config it was attached with. */
  readonly handler_config: unknown;
  /** The event it failed on. */
  readonly event_name: readonly string[];
  /** `"error"` for a thrown `Error`, `"throw"` for any other thrown value. */
  readonly kind: "error" | "throw";
  /** What was thrown, or the rejection reason of the handler's promise. */
  readonly reason: unknown;
  /** The error's stack, or `""`. */
  readonly stacktrace: string;
}

/** Measurements of `telemetry.alert.triggered`. */
export interface AlertTriggeredMeasurements {
  /** The value that crossed the threshold, in the metric's unit (a count for rate rules). */
  readonly value: number;
  /** The rule's threshold, in the same unit. */
  readonly threshold: number;
  /** The window the value was computed over, in milliseconds, for windowed rules. */
  readonly window?: number;
}

/** Metadata of `telemetry.alert.triggered`. */
export interface AlertTriggeredMetadata {
  /** The alert rule's name. */
  readonly rule: string;
  /** The metric the rule watches, e.g. `"jido_coder_lib.session.error.count"`. */
  readonly metric: string;
  /** The rule's condition in words, e.g. `"more than 5 in 60000 ms"`. */
  readonly condition: string;
  /** The rule's severity, if it has one. */
  readonly severity?: string;
  /** The rule's labels, if it has any. */
  readonly labels?: Readonly<Record<string, string>>;
}

/** Metadata of `telemetry.alert.resolved`: the same as when it was triggered. */
export type AlertResolvedMetadata = AlertTriggeredMetadata;

/** Measurements of `telemetry.alert.resolved`. */
export interface AlertResolvedMeasurements {
  /** The value when the condition cleared. */
  readonly value: number;
  /** The rule's threshold. */
  readonly threshold: number;
  /** How long the alert was active, in milliseconds. */
  readonly duration: number;
}

/** Measurements of `telemetry.runtime.poll`; each is absent where the runtime cannot tell. */
export interface RuntimePollMeasurements {
  /** JavaScript heap in use, in bytes. */
  readonly heap_used?: number;
  /** JavaScript heap reserved, in bytes. */
  readonly heap_total?: number;
  /** Resident set size of the process, in bytes. */
  readonly rss?: number;
  /** Memory of host objects bound to JavaScript objects (buffers and the like), in bytes. */
  readonly external?: number;
  /** How late the poller's own timer fired, in milliseconds: a sample of event-loop delay. */
  readonly event_loop_delay: number;
  /** The largest event-loop delay since the previous poll, in milliseconds. */
  readonly event_loop_delay_max?: number;
}

/** Metadata of `telemetry.runtime.poll`. */
export interface RuntimePollMetadata {
  /** The JavaScript runtime. */
  readonly runtime: "node" | "deno" | "bun" | "browser";
  /** The polling interval in milliseconds. */
  readonly interval: number;
}

function m(
  name: string,
  type: "integer" | "float",
  unit: string,
  description: string,
  required = true,
) {
  return { name, type, unit, required, description } as const;
}

function md(
  name: string,
  type: MetadataSpec["type"],
  description: string,
  values?: readonly string[],
): MetadataSpec {
  return values === undefined
    ? { name, type, required: true, description }
    : { name, type, required: true, values, description };
}

const alertMetadata: readonly MetadataSpec[] = [
  md("rule", "string", "Name of the alert rule."),
  md("metric", "string", "Metric the rule watches."),
  md("condition", "string", "The rule's condition in words."),
  { name: "severity", type: "string", required: false, description: "The rule's severity." },
  { name: "labels", type: "object", required: false, description: "The rule's labels." },
];

const otlpExport: EventSpec = {
  name: OTLP_EXPORT,
  key: "telemetry.otlp.export",
  level: "debug",
  description: "The OTLP exporter settled a request, or dropped entries it could not send.",
  measurements: [
    m("sent", "integer", "1", "Entries the receiver accepted in this request."),
    m("rejected", "integer", "1", "Entries the receiver rejected (partial success)."),
    m("dropped", "integer", "1", "Entries lost since the signal's previous export event."),
    m("queued", "integer", "1", "Entries still queued or in flight: the queue's depth."),
    m("requests", "integer", "1", "HTTP requests this body took, retries included."),
    m("duration", "float", "millisecond", "From the first attempt to the answer."),
  ],
  metadata: [
    md("signal", "enum", "The signal.", ["traces", "metrics", "logs"]),
    md("outcome", "enum", "What became of the entries.", ["sent", "partial", "dropped"]),
    { name: "reason", type: "string", required: false, description: "Why entries were dropped." },
  ],
};

const events: readonly EventSpec[] = [
  {
    name: HANDLER_FAILURE,
    key: "telemetry.handler.failure",
    level: "error",
    description: "A handler threw (or its promise rejected) and was detached from every event.",
    measurements: [
      m("monotonic_time", "float", "millisecond", "When the failure was seen (performance.now())."),
      m("system_time", "integer", "millisecond", "When the failure was seen, since the epoch."),
    ],
    metadata: [
      md("handler_id", "string", "Id of the handler that failed."),
      md("handler_config", "object", "The config it was attached with."),
      md("event_name", "string[]", "The event it failed on."),
      md("kind", "enum", "error for an Error, throw for another value.", ["error", "throw"]),
      md("reason", "object", "What was thrown."),
      md("stacktrace", "string", "The error's stack, or empty."),
    ],
  },
  {
    name: ALERT_TRIGGERED,
    key: "telemetry.alert.triggered",
    level: "error",
    description: "An alert rule's condition became true.",
    measurements: [
      m("value", "float", "1", "The value that crossed the threshold, in the metric's unit."),
      m("threshold", "float", "1", "The rule's threshold, in the same unit as value."),
      m("window", "float", "millisecond", "The window of windowed rules.", false),
    ],
    metadata: alertMetadata,
  },
  {
    name: ALERT_RESOLVED,
    key: "telemetry.alert.resolved",
    level: "info",
    description: "An alert rule's condition stopped being true.",
    measurements: [
      m("value", "float", "1", "The value when the condition cleared."),
      m("threshold", "float", "1", "The rule's threshold."),
      m("duration", "float", "millisecond", "How long the alert was active."),
    ],
    metadata: alertMetadata,
  },
  {
    name: RUNTIME_POLL,
    key: "telemetry.runtime.poll",
    level: "debug",
    description: "Periodic measurements of the process, executed by the poller.",
    measurements: [
      m("heap_used", "integer", "byte", "JavaScript heap in use.", false),
      m("heap_total", "integer", "byte", "JavaScript heap reserved.", false),
      m("rss", "integer", "byte", "Resident set size of the process.", false),
      m("external", "integer", "byte", "Memory of host objects bound to JavaScript.", false),
      m("event_loop_delay", "float", "millisecond", "How late the poller's timer fired."),
      m(
        "event_loop_delay_max",
        "float",
        "millisecond",
        "Largest delay since the last poll.",
        false,
      ),
    ],
    metadata: [
      md("runtime", "enum", "The JavaScript runtime.", ["node", "deno", "bun", "browser"]),
      md("interval", "integer", "The polling interval in milliseconds."),
    ],
  },
  otlpExport,
];

/**
 * The library's own events as a catalog (app `telemetry`), with their levels, units and fields:
 * what the log handler uses to log them.
 *
 * @example
 * ```ts
 * import { libraryCatalog } from "@jido/telemetry";
 *
 * console.log(libraryCatalog.events.map((e) => e.key));
 * // ["telemetry.handler.failure", "telemetry.alert.triggered", "telemetry.alert.resolved",
 * //  "telemetry.runtime.poll", "telemetry.otlp.export"]
 * ```
 */
export const libraryCatalog: Catalog = defineCatalog({
  app: "telemetry",
  events,
});

/** @internal The channels the library publishes its events on. */
export const libraryChannels: {
  readonly alertTriggered: EventChannel;
  readonly alertResolved: EventChannel;
  readonly runtimePoll: EventChannel;
  readonly otlpExport: EventChannel;
} = {
  alertTriggered: channel(ALERT_TRIGGERED),
  alertResolved: channel(ALERT_RESOLVED),
  runtimePoll: channel(RUNTIME_POLL),
  otlpExport: channel(OTLP_EXPORT),
};
