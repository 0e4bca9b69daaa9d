/**
 * `captureLogs()`: a sink that keeps a logger's lines, parsed back into records, with a matcher.
 *
 * @module
 */

import { isLevel, type Level } from "../levels.ts";
import type { LoggerOptions, SinkFunction } from "../logger/mod.ts";
import { TelemetryAssertionError } from "./assertion_error.ts";
import { type DisposeMethod, withDispose } from "./_dispose.ts";
import { registerSource } from "./_sources.ts";
import { isPlainObject, matches, show } from "./_values.ts";

/** One captured log line, parsed back from the `json` format. */
export interface CapturedLog {
  /** The record's time as written (ISO 8601), `undefined` if the line had none. */
  readonly time: string | undefined;
  /** The record's level. */
  readonly level: Level;
  /** The message (`msg`); the whole line when it was not a JSON object. */
  readonly message: string;
  /** The logger's module, if it has one. */
  readonly module: string | undefined;
  /** The metadata fields: every key but time, level, msg, pid, hostname, module and caller. */
  readonly fields: Readonly<Record<string, unknown>>;
  /** The line as the logger wrote it. */
  readonly line: string;
}

/** What {@link LogCapture.assertLogged} expects. */
export interface LogMatch {
  /** The record's level. */
  readonly level?: Level;
  /** The message: equal to a string, or matching a `RegExp`. */
  readonly message?: string | RegExp;
  /** Fields the record must have, matched partially and deeply. */
  readonly fields?: Readonly<Record<string, unknown>>;
  /**
   * How many records must match.
   * @default at least one
   */
  readonly times?: number;
}

/** Options of {@link captureLogs}. */
export interface CaptureLogsOptions {
  /**
   * The level of {@link LogCapture.loggerOptions}.
   * @default "debug"
   */
  readonly level?: Level;
}

/** Lines a logger wrote to the capture's sink, parsed, and a matcher over them. */
export interface LogCapture {
  /** The sink: give it to `createLogger({ sink })`. */
  readonly sink: SinkFunction;
  /**
   * Options for `createLogger()`: this sink, the `json` format, the capture's level, no call
   * sites. Spread them and add your own.
   */
  readonly loggerOptions: LoggerOptions;
  /** The records, parsed, in order (a new array). */
  readonly records: readonly CapturedLog[];
  /** The lines as written, in order (a new array). */
  readonly lines: readonly string[];
  /** Forgets every line. */
  clear(): void;
  /**
   * Throws unless a record matching `match` was written (`times` times if given).
   * @throws {TelemetryAssertionError} Listing the records written.
   */
  assertLogged(match: LogMatch): void;
  /**
   * Throws if a record matching `match` was written.
   * @throws {TelemetryAssertionError} Listing the records that matched.
   */
  assertNotLogged(match: LogMatch): void;
  /** Stops keeping lines written from now on. */
  dispose(): void;
}

const reserved = new Set(["time", "level", "msg", "pid", "hostname", "module", "caller"]);

function parse(line: string, level: Level): CapturedLog {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    value = undefined;
  }
  if (!isPlainObject(value)) {
    return { time: undefined, level, message: line, module: undefined, fields: {}, line };
  }
  const fields: Record<string, unknown> = {};
  for (const key of Object.keys(value)) if (!reserved.has(key)) fields[key] = value[key];
  const str = (v: unknown) => typeof v === "string" ? v : undefined;
  return {
    time: str(value.time),
    level: isLevel(value.level) ? value.level : level,
    message: str(value.msg) ?? "",
    module: str(value.module),
    fields,
    line,
  };
}

function describe(match: LogMatch): string {
  const parts: string[] = [];
  if (match.level !== undefined) parts.push(`level ${match.level}`);
  if (match.message !== undefined) parts.push(`message ${show(match.message)}`);
  if (match.fields !== undefined) parts.push(`fields matching ${show(match.fields)}`);
  return parts.length === 0 ? "any record" : `a record with ${parts.join(", ")}`;
}

function list(records: readonly CapturedLog[]): string {
  if (records.length === 0) return "No record was logged";
  const shown = records.slice(0, 20).map((r, i) =>
    `  #${i + 1} ${r.level} ${show(r.message)} ${show(r.fields)}`
  );
  if (records.length > 20) shown.push(`  … and ${records.length - 20} more`);
  return `Logged records (${records.length}):\n${shown.join("\n")}`;
}

/**
 * Creates a sink that keeps every line a logger writes, and parses the `json` format back into
 * records (level, message, fields) to assert on. Use {@link LogCapture.loggerOptions} so the
 * lines are JSON; lines of other formats are kept whole as the message.
 *
 * @param options The level of the logger options it offers.
 * @returns The capture.
 * @example
 * ```ts
 * import { createLogger } from "@jido/telemetry/logger";
 * import { captureLogs } from "@jido/telemetry/testing";
 *
 * const logs = captureLogs();
 * const log = createLogger({ ...logs.loggerOptions, module: "agent" });
 * log.warn("Retrying", { attempt: 2, api_key: "sk-abcdefgh12345678" });
 * logs.assertLogged({ level: "warn", message: /^Retry/, fields: { attempt: 2 } });
 * console.log(logs.records[0].fields); // { attempt: 2, api_key: "[REDACTED]" }
 * ```
 */
export function captureLogs(options: CaptureLogsOptions = {}): LogCapture & DisposeMethod {
  let records: CapturedLog[] = [];
  let disposed = false;
  const sink: SinkFunction = (line, level) => {
    if (!disposed) records.push(parse(line, level));
  };
  const select = (match: LogMatch) =>
    records.filter((r) =>
      (match.level === undefined || r.level === match.level) &&
      (match.message === undefined || matches(r.message, match.message)) &&
      (match.fields === undefined || matches(r.fields, match.fields))
    );
  const dispose = () => void (disposed = true);
  const capture: LogCapture = {
    sink,
    loggerOptions: { sink, format: "json", level: options.level ?? "debug", callSite: false },
    get records() {
      return [...records];
    },
    get lines() {
      return records.map((r) => r.line);
    },
    clear() {
      records = [];
    },
    assertLogged(match) {
      const found = select(match).length;
      if (match.times === undefined ? found > 0 : found === match.times) return;
      const n = match.times === undefined
        ? ""
        : ` ${match.times} ${match.times === 1 ? "time" : "times"}`;
      const got = found === 0 ? "none was" : `${found} ${found === 1 ? "was" : "were"}`;
      throw new TelemetryAssertionError(
        `Expected ${describe(match)} logged${n}, but ${got}\n${list(records)}`,
      );
    },
    assertNotLogged(match) {
      const found = select(match);
      if (found.length === 0) return;
      throw new TelemetryAssertionError(
        `Expected no ${describe(match).replace(/^a(ny)? /, "")} logged, but ${found.length} ${
          found.length === 1 ? "was" : "were"
        }\n${list(found)}`,
      );
    },
    dispose,
  };
  registerSource(
    capture,
    () => records.map((r, i) => ({ where: `log record #${i + 1} (${r.level})`, value: r.line })),
  );
  return withDispose(capture, dispose);
}
