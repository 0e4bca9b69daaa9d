/**
 * The log handler (the original design's `TelemetryHandlers` logging): logs telemetry events
 * through a {@link Logger}, each catalog event at the level the catalog gives it.
 *
 * @module
 */

import type { Catalog, Level } from "../catalog.ts";
import { errorReason } from "../error_info.ts";
import { TelemetryError } from "../errors.ts";
import { catalog as standardCatalog } from "../events.generated.ts";
import { createLogger, type Logger } from "../logger/logger.ts";
import { readSafely } from "../logger/_walk.ts";
import {
  attach,
  detach,
  type EventName,
  HANDLER_FAILURE,
  type Measurements,
  type Metadata,
} from "../telemetry.ts";

/** Options of {@link attachLogHandler}. */
export interface LogHandlerOptions {
  /** Where the lines go. @default createLogger(), the current environment's profile */
  readonly logger?: Logger;
  /** The events to log at their catalog level. @default the generated catalog */
  readonly catalog?: Catalog;
  /**
   * Events outside the catalog to log too, at `debug` (your own spans, say). Handler failures
   * (`["telemetry", "handler", "failure"]`) are always logged, at `error`.
   * @default []
   */
  readonly events?: readonly EventName[];
}

interface Route {
  readonly name: EventName;
  readonly key: string;
  readonly level: Level;
  readonly units: Readonly<Record<string, string>> | undefined;
}

const logId = "log";
let attachedIds: readonly string[] | undefined;

/** Writes `value` under `key` as an own property, even for `__proto__`. */
function put(out: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") {
    Object.defineProperty(out, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else out[key] = value;
}

const hasOwn = Object.prototype.hasOwnProperty;
/** Thrown by {@link fastMerge} to hand an unusual event to {@link safeMerge}. */
const unusual = new Error("unusual event fields");

/**
 * The fields of one log line: measurements, then metadata. A metadata key that is also a
 * measurement's is written as `_key`, so neither hides the other (the catalog forbids such
 * pairs; events outside it may have them).
 */
function merge(measurements: Measurements, metadata: Metadata): Metadata {
  try {
    return fastMerge(measurements, metadata);
  } catch {
    return safeMerge(measurements, metadata);
  }
}

/** The common case in one pass: plain data, no `__proto__` key, no clash. */
function fastMerge(measurements: Measurements, metadata: Metadata): Metadata {
  const out: Record<string, unknown> = {};
  for (const key in measurements) {
    if (!hasOwn.call(measurements, key)) continue;
    if (key === "__proto__") throw unusual;
    out[key] = measurements[key];
  }
  for (const key in metadata) {
    if (!hasOwn.call(metadata, key)) continue;
    if (key === "__proto__" || hasOwn.call(out, key)) throw unusual;
    out[key] = metadata[key];
  }
  return out;
}

/** Any event, field by field: throwing getters become markers, `__proto__` stays a field. */
function safeMerge(measurements: Measurements, metadata: Metadata): Metadata {
  const out: Record<string, unknown> = {};
  try {
    if (measurements != null) {
      for (const key of Object.keys(measurements)) put(out, key, readSafely(measurements, key));
    }
    if (metadata != null) {
      for (const key of Object.keys(metadata)) {
        put(out, Object.hasOwn(out, key) ? `_${key}` : key, readSafely(metadata, key));
      }
    }
  } catch (error) {
    put(out, "log_handler_error", `[Unreadable event fields: ${errorReason(error)}]`);
  }
  return out;
}

function routes(catalog: Catalog, extra: readonly EventName[]): Route[] {
  const out: Route[] = catalog.events.map((e) => ({
    name: e.name,
    key: e.key,
    level: e.level,
    units: e.measurements.length === 0
      ? undefined
      : Object.fromEntries(e.measurements.map((m) => [m.name, m.unit])),
  }));
  const failureKey = HANDLER_FAILURE.join(".");
  for (const name of extra) {
    const key = name.join(".");
    if (key === failureKey || out.some((r) => r.key === key)) continue;
    out.push({ name, key, level: "debug", units: undefined });
  }
  out.push({ name: HANDLER_FAILURE, key: failureKey, level: "error", units: undefined });
  return out;
}

/**
 * Attaches the log handler: every catalog event is logged at its catalog level (errors at
 * `error`, cache hits at `debug`, ...), with its measurements (units shown by the `pretty`
 * format) and metadata as the record's metadata and the dotted event name as the message.
 * Events whose level the logger does not write are not even attached, so they cost nothing.
 * Attaching twice is an error; request-scoped metadata from `withMetadata` is on every line.
 *
 * @param options The logger, the catalog and extra events.
 * @returns The logger the events are written through (to `flush()` it before exiting).
 * @throws {TelemetryError} With code `"already_exists"` if the log handler is attached.
 * @example
 * ```ts
 * import { attachLogHandler, createLogger, emitSessionStart } from "@jido/telemetry";
 *
 * attachLogHandler({ logger: createLogger({ env: "production" }) });
 * emitSessionStart({ system_time: Date.now() }, { session_id: "s-1" });
 * // {"time":"…","level":"info","msg":"jido_coder_lib.session.start","system_time":…,"session_id":"s-1",…}
 * ```
 */
export function attachLogHandler(options: LogHandlerOptions = {}): Logger {
  if (attachedIds !== undefined) {
    throw new TelemetryError("already_exists", "The log handler is already attached");
  }
  const logger = options.logger ?? createLogger();
  const ids: string[] = [];
  try {
    for (const route of routes(options.catalog ?? standardCatalog, options.events ?? [])) {
      if (!logger.isEnabled(route.level)) continue;
      const { key, level, units } = route;
      const id = `${logId}:${key}`;
      attach(id, route.name, (_event, measurements, metadata) => {
        logger.write({ level, message: key, metadata: merge(measurements, metadata), units });
      });
      ids.push(id);
    }
  } catch (error) {
    for (const id of ids) detach(id);
    throw error;
  }
  attachedIds = ids;
  return logger;
}

/**
 * Detaches the log handler.
 *
 * @returns `true` if it was attached, else `false`.
 * @example
 * ```ts
 * import { attachLogHandler, detachLogHandler } from "@jido/telemetry";
 *
 * attachLogHandler();
 * console.log(detachLogHandler(), detachLogHandler()); // true false
 * ```
 */
export function detachLogHandler(): boolean {
  if (attachedIds === undefined) return false;
  for (const id of attachedIds) detach(id);
  attachedIds = undefined;
  return true;
}
