/**
 * The shapes formats work with: a log record, as the formats and custom formatters receive it,
 * and what a built-in format is made from. Metadata is the bus's own `Metadata` type
 * (`Readonly<Record<string, unknown>>`), exported by the package root.
 *
 * @module
 */

import type { Level } from "../levels.ts";
import type { Metadata } from "../telemetry.ts";
import type { Limits } from "./limits.ts";
import type { Redactor } from "./redact.ts";

/** A log message, or a function that builds it only when the level is enabled. */
export type Message = string | (() => string);

/** One log record. */
export interface LogRecord {
  /** When the record was made, in milliseconds since the Unix epoch (from the logger's clock). */
  readonly time: number;
  /** The record's level. */
  readonly level: Level;
  /** The message, already built when it was given as a function. */
  readonly message: string;
  /** The logger's category, e.g. `"agent.tools"`, if it has one. */
  readonly module: string | undefined;
  /**
   * The merged metadata: the logger's bound metadata, then `withMetadata()` context, then the
   * call's own metadata (later layers win on equal keys).
   */
  readonly metadata: Metadata;
  /** Units of numeric metadata fields by key, e.g. `{ duration: "millisecond" }`. */
  readonly units: Readonly<Record<string, string>> | undefined;
  /** Where the log call was made, as `path:line` relative to the working directory. */
  readonly callSite: string | undefined;
}

/**
 * A custom format: turns a record into one line, without the trailing newline.
 *
 * Custom formatters receive a sanitised record: the message is redacted and truncated, and the
 * metadata is a plain JSON-safe copy (redacted, bounded, no cycles), so `JSON.stringify` on it
 * cannot throw. A formatter that throws is reported once on stderr and the record is written
 * with the `json` format instead.
 *
 * @example
 * ```ts
 * import { createLogger, type Formatter } from "@jido/telemetry/logger";
 *
 * const format: Formatter = (r) => `${r.level} ${r.message} ${JSON.stringify(r.metadata)}`;
 * createLogger({ format, level: "info" }).info("Hi", { token: "abc" });
 * // info Hi {"token":"[REDACTED]"}
 * ```
 */
export type Formatter = (record: LogRecord) => string;

/** The names of the built-in formats. */
export type FormatName = "pretty" | "minimal" | "json";

/** What the built-in formats need to know. */
export interface FormatOptions {
  /** The redaction policy. */
  readonly redactor: Redactor;
  /** The size limits. */
  readonly limits: Limits;
  /** Whether the text formats may use ANSI colours; the JSON format ignores it. */
  readonly colors: boolean;
}
