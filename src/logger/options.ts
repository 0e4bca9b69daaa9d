/**
 * What a logger is given: the options of `createLogger()` and `Logger.child()`, and the input of
 * `Logger.write()`.
 *
 * @module
 */

import type { Level } from "../levels.ts";
import type { Env } from "./config.ts";
import type { Metadata } from "../telemetry.ts";
import type { Limits } from "./limits.ts";
import type { FormatName, Formatter, Message } from "./record.ts";
import type { RedactOptions } from "./redact.ts";
import type { Sink } from "./sink.ts";

/**
 * Options for `createLogger()`; anything left out comes from the environment's profile.
 *
 * @example
 * ```ts
 * import { createLogger, type LoggerOptions } from "@jido/telemetry/logger";
 *
 * const options: LoggerOptions = { env: "production", level: "warn", module: "agent" };
 * createLogger(options).warn("Retrying", { attempt: 2 });
 * ```
 */
export interface LoggerOptions {
  /**
   * The environment whose profile supplies the defaults (see `loggerConfig()`).
   * @default JIDO_ENV, else NODE_ENV, else "development"
   */
  readonly env?: Env;
  /**
   * The least severe level written; calls below it do nothing.
   * @default "debug" in development, "warn" in test, "info" in production
   */
  readonly level?: Level;
  /**
   * `"pretty"`, `"minimal"`, `"json"`, or a function turning a record into a line.
   * @default "pretty" in development, "minimal" in test, "json" in production
   */
  readonly format?: FormatName | Formatter;
  /**
   * Where lines go: a function receiving each line, or a stream-like `{ write(text) }`.
   *
   * The default, stdout, is buffered and written at the end of every event-loop turn and on
   * exit (`process.exit()`, an uncaught exception); a slow reader never blocks the event loop
   * and loses no line (up to a 16 MiB backlog). The trade-off: lines logged during the current
   * turn are lost if a signal (SIGTERM, SIGKILL) ends the process with no handler. Use
   * `sync: true` if that matters more than speed. Where the host has no `node:fs` (a browser,
   * an edge runtime), the default writes each line with `console.log(line)` instead.
   * @default stdout
   */
  readonly sink?: Sink;
  /**
   * With the default stdout sink, write every line at once with a synchronous write, so none is
   * lost when a signal kills the process while it is busy (as pino's default does), at the cost
   * of a system call per record and of waiting while a slow reader catches up. No signal
   * handler is installed either way. Ignored with a custom `sink`.
   * @default false
   */
  readonly sync?: boolean;
  /**
   * Metadata bound to every record of this logger and its children, copied deeply when the
   * logger is created (later changes to the objects are not seen).
   * @default {}
   */
  readonly metadata?: Metadata;
  /**
   * The logger's category, e.g. `"agent.tools"`; `json` writes it as `module`. Every format
   * writes it redacted and clipped to 256 characters.
   * @default undefined
   */
  readonly module?: string;
  /**
   * Redaction settings, or `false` to turn redaction off.
   * @default {} (the built-in key and value rules)
   */
  readonly redact?: RedactOptions | false;
  /**
   * Whether `pretty` uses ANSI colours.
   * @default true when the sink is a terminal and `NO_COLOR` is unset or empty
   */
  readonly colors?: boolean;
  /**
   * Whether records carry the call site (`src/app.ts:42`), at a few microseconds per record.
   * @default true in development, false otherwise
   */
  readonly callSite?: boolean;
  /**
   * The clock, in milliseconds since the Unix epoch; inject a fixed one in tests.
   * @default Date.now
   */
  readonly clock?: () => number;
  /**
   * Size limits; fields left out keep their defaults.
   * @default defaultLimits: { maxDepth: 10, maxStringLength: 8192, maxLineLength: 65536, maxItems: 100 }
   */
  readonly limits?: Partial<Limits>;
}

/** The input of `Logger.write()`. */
export interface WriteInput {
  /** The record's level. */
  readonly level: Level;
  /** The message, or a function building it, called only when the level is enabled. */
  readonly message: Message;
  /** Metadata for this record. */
  readonly metadata?: Metadata;
  /** Units of numeric metadata by key, e.g. `{ duration: "millisecond" }`; only `pretty` shows them. */
  readonly units?: Readonly<Record<string, string>>;
}

/** Options for `Logger.child()`. */
export interface ChildOptions {
  /**
   * The child's category.
   * @default the parent's module
   */
  readonly module?: string;
}
