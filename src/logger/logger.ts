/**
 * The structured logger.
 *
 * @module
 */

import { envVar } from "../host.ts";
import { isLevel, type Level, severity } from "../levels.ts";
import { thrown } from "../objects.ts";
import type { Metadata } from "../telemetry.ts";
import { callSite } from "./_call_site.ts";
import { createFormat } from "./_format.ts";
import { type JsonLines, jsonLines } from "./_json_line.ts";
import { callMetadata, empty, mergeLayers, spreadLayers, unreadable } from "./_metadata.ts";
import { snapshot } from "./_snapshot.ts";
import { reportOnce } from "./_stdio.ts";
import { isEnv, loggerConfig, resolveEnv } from "./config.ts";
import { scopeMetadata } from "./context.ts";
import { type Limits, resolveLimits } from "./limits.ts";
import type { ChildOptions, LoggerOptions, WriteInput } from "./options.ts";
import type { Formatter, LogRecord, Message } from "./record.ts";
import { createRedactor } from "./redact.ts";
import { type LineWriter, lineWriter } from "./sink.ts";

/** A logging method: a message (or a function building it) and optional metadata. */
export type LogMethod = (message: Message, metadata?: Metadata) => void;

/**
 * A structured logger. Methods of disabled levels are a shared no-op.
 *
 * @example
 * ```ts
 * import { createLogger, type Logger } from "@jido/telemetry/logger";
 *
 * const log: Logger = createLogger({ env: "test", level: "info" });
 * log.child({ tool: "grep" }).info("Tool called"); // [info] Tool called tool=grep
 * log.isEnabled("debug"); // false
 * ```
 */
export interface Logger {
  /** The least severe level this logger writes. */
  readonly level: Level;
  /** The logger's category, if any. */
  readonly module: string | undefined;
  /** Logs at `debug`. */
  readonly debug: LogMethod;
  /** Logs at `info`. */
  readonly info: LogMethod;
  /** Logs at `warn`. */
  readonly warn: LogMethod;
  /** Logs at `error`. */
  readonly error: LogMethod;
  /** Logs one record given as an object, with optional units for the pretty format. */
  write(input: WriteInput): void;
  /**
   * A logger that adds `metadata` to every record, sharing this logger's sink and settings. The
   * metadata is copied deeply when `child()` is called (as the formats would write it), so later
   * changes to the objects passed in show in no format.
   */
  child(metadata: Metadata, options?: ChildOptions): Logger;
  /** Tells whether records at `level` are written. */
  isEnabled(level: Level): boolean;
  /** Resolves once every record logged so far has reached the sink. */
  flush(): Promise<void>;
}

interface Core {
  readonly minimum: Level;
  readonly writer: LineWriter;
  /** The formatter, for every format but the built-in `json`. */
  readonly format: Formatter | undefined;
  readonly clock: () => number;
  readonly callSite: boolean;
  /** The built-in `json` format's line builder, which the logger calls without a record. */
  readonly json: JsonLines | undefined;
  readonly limits: Limits;
  readonly failure: (error: unknown) => void;
}

const noop: LogMethod = () => {};

/** Whether records at `level` pass a logger whose least severe level is `minimum`. */
function passes(level: Level, minimum: Level): boolean {
  return severity(level) >= severity(minimum);
}

/** The message text: calls a lazy message, and stringifies anything else without throwing. */
function messageText(message: Message | unknown): string {
  try {
    const value = typeof message === "function" ? message() : message;
    return typeof value === "string" ? value : String(value);
  } catch (error) {
    return thrown(error);
  }
}

/**
 * Creates a logger. Defaults come from the profile of the environment (see `loggerConfig()`);
 * options override them.
 *
 * By default lines go to stdout, buffered and written at the end of each event-loop turn and on
 * exit, so logging costs no system call per record and a slow reader never blocks the event
 * loop. The trade-off: a signal that kills the process (SIGTERM with no handler) loses the lines
 * of the turn in progress. Pass `sync: true` to write each line at once where that matters; no
 * signal handler is installed either way. Where the host has no `node:fs` (a browser, an edge
 * runtime), lines go to `console.log(line)` one by one.
 *
 * @param options Level, format, sink, metadata, redaction, limits, clock…
 * @returns The logger.
 * @throws {TypeError} When `env`, `level` or `format` is not a known name.
 *
 * @example
 * ```ts
 * import { createLogger } from "@jido/telemetry/logger";
 *
 * const log = createLogger({ env: "production", module: "agent" });
 * log.info("Session started", { session_id: "s1", input_tokens: 120 });
 * // {"time":"…","level":"info","msg":"Session started","pid":1,"hostname":"box","module":"agent","session_id":"s1","input_tokens":120}
 * log.debug(() => JSON.stringify(globalThis)); // not called: debug is disabled in production
 * ```
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  if (options.env !== undefined && !isEnv(options.env)) {
    throw new TypeError(`Unknown env "${options.env}" in createLogger() options`);
  }
  const profile = loggerConfig(resolveEnv(options.env));
  const minimum = options.level ?? profile.level;
  if (!isLevel(minimum)) {
    throw new TypeError(`Unknown log level "${String(minimum)}" in createLogger() options`);
  }
  const writer = lineWriter(options.sink, { sync: options.sync });
  const noColor = envVar("NO_COLOR");
  const colors = options.colors ?? (writer.tty && (noColor === undefined || noColor === ""));
  const formatName = options.format ?? profile.format;
  const limits = resolveLimits(options.limits);
  const formatOptions = { redactor: createRedactor(options.redact), limits, colors };
  const json = formatName === "json" ? jsonLines(formatOptions) : undefined;
  const format = json === undefined ? createFormat(formatName, formatOptions) : undefined;
  const core: Core = {
    minimum,
    writer,
    format,
    clock: options.clock ?? Date.now,
    callSite: options.callSite ?? profile.callSite,
    json,
    limits,
    failure: reportOnce("logging a record failed"),
  };
  const bound = options.metadata === undefined ? empty : snapshot(options.metadata, limits);
  return makeLogger(core, bound, options.module);
}

function makeLogger(core: Core, bound: Metadata, module: string | undefined): Logger {
  const { json, format } = core;
  const layer = json?.layer(module, bound);
  const line = (
    level: Level,
    text: string,
    scope: Metadata | undefined,
    call: Metadata,
    units: Readonly<Record<string, string>> | undefined,
    site: string | undefined,
  ): string => {
    if (json !== undefined && layer !== undefined) {
      return json.line(core.clock(), level, text, layer, scope, call, site);
    }
    const metadata = scope === undefined && bound === empty
      ? call
      : spreadLayers(bound, scope, call);
    const record: LogRecord = {
      time: core.clock(),
      level,
      message: text,
      module,
      metadata,
      units,
      callSite: site,
    };
    return format === undefined ? "" : format(record);
  };
  const emit = (
    level: Level,
    message: Message,
    metadata: Metadata | undefined,
    units: Readonly<Record<string, string>> | undefined,
    above: (...args: never[]) => unknown,
  ): void => {
    let text = "";
    let scope: Metadata | undefined;
    let site: string | undefined;
    try {
      text = typeof message === "string" ? message : messageText(message);
      scope = scopeMetadata();
      site = core.callSite ? callSite(above) : undefined;
      const call = callMetadata(metadata, core.limits.maxItems);
      if (json !== undefined && layer !== undefined) {
        core.writer.write(json.line(core.clock(), level, text, layer, scope, call, site), level);
      } else {
        core.writer.write(line(level, text, scope, call, units, site), level);
      }
    } catch (error) {
      // Something read while formatting threw past the formatter's guards: write the record
      // with a marker for its metadata rather than lose it.
      try {
        const call = { logger_error: unreadable(error) };
        core.writer.write(line(level, text, scope, call, units, site), level);
      } catch (again) {
        core.failure(again);
      }
    }
  };
  const method = (level: Level): LogMethod => {
    if (!passes(level, core.minimum)) return noop;
    const log: LogMethod = (message, metadata) => emit(level, message, metadata, undefined, log);
    return log;
  };
  const logger: Logger = {
    level: core.minimum,
    module,
    debug: method("debug"),
    info: method("info"),
    warn: method("warn"),
    error: method("error"),
    write(input) {
      if (!isLevel(input.level) || !passes(input.level, core.minimum)) return;
      emit(input.level, input.message, input.metadata, input.units, logger.write);
    },
    child(metadata, options) {
      const own = snapshot(metadata, core.limits);
      return makeLogger(core, mergeLayers(bound, own), options?.module ?? module);
    },
    isEnabled: (level) => isLevel(level) && passes(level, core.minimum),
    flush: () => core.writer.flush(),
  };
  return logger;
}
