/**
 * The log handler (the original design's `TelemetryHandlers` logging): logs telemetry events
 * through a {@link Logger}, each catalog event at the level the catalog gives it.
 *
 * @module
 */

import type { Catalog, Level } from "../catalog.ts";
import { errorReason } from "../error_info.ts";
import { TelemetryError } from "../errors.ts";
import { libraryCatalog } from "../library_events.ts";
import { createLogger, type Logger } from "../logger/mod.ts";
import { defineOwn, readSafely } from "../objects.ts";
import { attach, detach, type EventName, type Measurements, type Metadata } from "../telemetry.ts";

/** Options of {@link attachLogHandler}. */
export interface LogHandlerOptions {
  /**
   * The events to log at their catalog level: your generated `catalog`, or `standardCatalog`.
   * The library's own events (`libraryCatalog`: handler failures, alerts, polls) are logged too.
   */
  readonly catalog: Catalog;
  /** Where the lines go. @default createLogger(), the current environment's profile */
  readonly logger?: Logger;
  /**
   * Events outside the catalog to log too, at `debug` (your own spans, say).
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
      for (const key of Object.keys(measurements)) {
        defineOwn(out, key, readSafely(measurements, key));
      }
    }
    if (metadata != null) {
      for (const key of Object.keys(metadata)) {
        defineOwn(out, Object.hasOwn(out, key) ? `_${key}` : key, readSafely(metadata, key));
      }
    }
  } catch (error) {
    defineOwn(out, "log_handler_error", `[Unreadable event fields: ${errorReason(error)}]`);
  }
  return out;
}

/** One route per event: the catalog's, then the library's, then the extra ones, each once. */
function routes(catalog: Catalog, extra: readonly EventName[]): Route[] {
  const out: Route[] = [];
  const seen = new Set<string>();
  const add = (name: EventName, level: Level, units: Route["units"]) => {
    const id = JSON.stringify(name);
    if (seen.has(id)) return;
    seen.add(id);
    out.push({ name, key: name.join("."), level, units });
  };
  for (const e of [...catalog.events, ...libraryCatalog.events]) {
    const units = e.measurements.length === 0
      ? undefined
      : Object.fromEntries(e.measurements.map((m) => [m.name, m.unit]));
    add(e.name, e.level, units);
  }
  for (const name of extra) add(name, "debug", undefined);
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
 * import { attachLogHandler, emitSessionStart, standardCatalog } from "@jido/telemetry";
 * import { createLogger } from "@jido/telemetry/logger";
 *
 * attachLogHandler({ catalog: standardCatalog, logger: createLogger({ env: "production" }) });
 * emitSessionStart({ system_time: Date.now() }, { session_id: "s-1" });
 * // {"time":"…","level":"info","msg":"jido_coder_lib.session.start","system_time":…,"session_id":"s-1",…}
 * ```
 */
export function attachLogHandler(options: LogHandlerOptions): Logger {
  if (attachedIds !== undefined) {
    throw new TelemetryError("already_exists", "The log handler is already attached");
  }
  const catalog = options?.catalog;
  if (catalog === undefined || catalog === null || !Array.isArray(catalog.events)) {
    throw new TypeError(
      "attachLogHandler() needs options.catalog: your generated catalog, or standardCatalog",
    );
  }
  const logger = options.logger ?? createLogger();
  const ids: string[] = [];
  try {
    for (const route of routes(catalog, options.events ?? [])) {
      if (!logger.isEnabled(route.level)) continue;
      const { key, level, units } = route;
      const id = `${logId}:${key}`;
      // Named: call sites skip this frame by name where a bundler merged the library's files.
      const logEvent = (_event: EventName, measurements: Measurements, metadata: Metadata) => {
        logger.write({ level, message: key, metadata: merge(measurements, metadata), units });
      };
      attach(id, route.name, logEvent);
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
 * import { attachLogHandler, detachLogHandler, standardCatalog } from "@jido/telemetry";
 *
 * attachLogHandler({ catalog: standardCatalog });
 * console.log(detachLogHandler(), detachLogHandler()); // true false
 * ```
 */
export function detachLogHandler(): boolean {
  if (attachedIds === undefined) return false;
  for (const id of attachedIds) detach(id);
  attachedIds = undefined;
  return true;
}
