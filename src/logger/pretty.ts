/**
 * The `pretty` format, for a developer's terminal:
 * `12:00:00.000 INFO  [agent] Session started session_id=abc duration=12.5ms (src/app.ts:42)`.
 *
 * The time is local wall-clock time; the level is upper-case and padded to five columns; the
 * module, when set, is shown in brackets (redacted, clipped to 256 characters); metadata follows as `key=value`, with strings bare
 * when unambiguous and JSON-quoted otherwise, objects as compact JSON, and numbers with a short
 * unit (`ms`, `B`, `tok`, see `unitSuffix`) when the record carries units; the call site
 * ends the line in parentheses. Control characters, line separators and bidi overrides in the
 * message, keys and values are shown as `\n`, `\u001b`, … so one record is one line and cannot
 * drive the terminal. The process id and host name are left out (they are in `json`).
 *
 * @module
 */

import type { Level } from "../levels.ts";
import { fit, maxKeyLength } from "./_fit.ts";
import { room, startWalk } from "./_json_value.ts";
import { paint, textPairs } from "./_text_pairs.ts";
import { localTime } from "./_time.ts";
import { lineSlack } from "./limits.ts";
import type { FormatOptions, Formatter, LogRecord } from "./record.ts";

const labels: Readonly<Record<Level, string>> = {
  debug: "DEBUG",
  info: "INFO ",
  warn: "WARN ",
  error: "ERROR",
};
const colours: Readonly<Record<Level, string>> = {
  debug: "\x1b[34m",
  info: "\x1b[32m",
  warn: "\x1b[33m",
  error: "\x1b[31m",
};

/**
 * Creates the `pretty` formatter.
 *
 * @param options Redaction, limits and whether to use ANSI colours.
 * @returns A formatter producing one human-readable line per record.
 *
 * @example
 * ```ts
 * import { createRedactor, defaultLimits, prettyFormat } from "@jido/telemetry/logger";
 *
 * const format = prettyFormat({ redactor: createRedactor(), limits: defaultLimits, colors: false });
 * format({ time: Date.UTC(2024, 0, 1, 12), level: "info", message: "Session started",
 *   module: "agent", metadata: { duration: 12.5 }, units: { duration: "millisecond" },
 *   callSite: "src/app.ts:42" });
 * // "12:00:00.000 INFO  [agent] Session started duration=12.5ms (src/app.ts:42)" in UTC
 * ```
 */
export function prettyFormat(options: FormatOptions): Formatter {
  const { redactor, limits, colors } = options;
  const color = paint(colors);
  let lastModule = "";
  let moduleText = "";
  return (record: LogRecord): string => {
    const walk = startWalk(redactor, limits);
    const level = colors
      ? colours[record.level] + labels[record.level] + "\x1b[39m"
      : labels[record.level];
    let line = color.dim(localTime(record.time)) + " " + level + " ";
    if (record.module) {
      if (record.module !== lastModule) {
        moduleText = "[" + fit(record.module, maxKeyLength, redactor, "text") + "] ";
        lastModule = record.module;
      }
      line += moduleText;
    }
    const site = record.callSite
      ? " " + color.dim("(" + fit(record.callSite, maxKeyLength, redactor, "text") + ")")
      : "";
    walk.budget = limits.maxLineLength - line.length - site.length;
    const message = fit(record.message, room(walk), redactor, "text");
    walk.budget -= message.length;
    line += message;
    const pairs = textPairs(record.metadata, record.units, walk, color);
    if (line.length + pairs.length + site.length <= limits.maxLineLength + lineSlack) {
      return line + pairs + site;
    }
    return line + " " + color.key("logger_error=") + '"[Line limit: metadata left out]"' + site;
  };
}
