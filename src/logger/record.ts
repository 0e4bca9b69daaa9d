/**
 * The shape of a log record, as the formats and custom formatters receive it.
 *
 * @module
 */

import type { Level } from "../catalog.ts";

/** Structured data attached to a record: string keys, any values. */
export type Metadata = Readonly<Record<string, unknown>>;

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
 * cannot throw.
 */
export type Formatter = (record: LogRecord) => string;
