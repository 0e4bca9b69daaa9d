/**
 * Choosing a format: the three built-in ones by name, or a custom {@link Formatter}.
 *
 * @module
 */

import { jsonPairs } from "./_entries.ts";
import { fit } from "./_fit.ts";
import { maxKeyLength } from "./_key.ts";
import { clip, startWalk, unreadable } from "./_walk.ts";
import { type FormatOptions, jsonFormat } from "./json.ts";
import { minimalFormat } from "./minimal.ts";
import { prettyFormat } from "./pretty.ts";
import type { Formatter, LogRecord } from "./record.ts";
import { reportOnce } from "./_report.ts";

/** The names of the built-in formats. */
export type FormatName = "pretty" | "minimal" | "json";

/**
 * Builds the formatter for a format name, or wraps a custom formatter so it receives a
 * sanitised record (message and module redacted and truncated, metadata a plain JSON-safe copy)
 * and so a formatter that throws falls back to the `json` line for that record (reported once on
 * stderr).
 *
 * @param format A built-in format name or a custom formatter.
 * @param options Redaction, limits and colours.
 * @returns The formatter to call for each record.
 *
 * @example
 * ```ts
 * import { createFormat, createRedactor, defaultLimits } from "@jido/telemetry";
 *
 * const format = createFormat((r) => `${r.level}: ${r.message}`, {
 *   redactor: createRedactor(),
 *   limits: defaultLimits,
 *   colors: false,
 * });
 * ```
 */
export function createFormat(format: FormatName | Formatter, options: FormatOptions): Formatter {
  switch (format) {
    case "json":
      return jsonFormat(options);
    case "pretty":
      return prettyFormat(options);
    case "minimal":
      return minimalFormat(options);
  }
  if (typeof format !== "function") {
    throw new TypeError(`Unknown log format "${String(format)}" in createLogger() options`);
  }
  const fallback = jsonFormat(options);
  const failure = reportOnce("custom log formatter failed, writing JSON instead");
  return (record: LogRecord): string => {
    try {
      return format(sanitise(record, options));
    } catch (error) {
      failure(error);
      return fallback(record);
    }
  };
}

function sanitise(record: LogRecord, options: FormatOptions): LogRecord {
  const walk = startWalk(options.redactor, options.limits);
  const message = clip(record.message, walk);
  walk.budget -= message.length;
  let metadata: Record<string, unknown>;
  try {
    const metadataJson = "{" +
      jsonPairs(record.metadata, Object.keys(record.metadata), walk, 0) + "}";
    metadata = JSON.parse(metadataJson);
  } catch (error) {
    metadata = { logger_error: unreadable(error) };
  }
  const module = record.module && fit(record.module, maxKeyLength, options.redactor, "raw");
  const { time, level, units, callSite } = record;
  return { time, level, message, module, metadata, units, callSite };
}
