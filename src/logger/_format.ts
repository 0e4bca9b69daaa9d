// Private: a formatter from the `format` option of `createLogger()`: a built-in format by name,
// or a custom formatter wrapped so that it receives a sanitised record (message and module
// redacted and truncated, metadata a plain JSON-safe copy) and so that one that throws falls back
// to the `json` line for that record (reported once on stderr).

import { fit, maxKeyLength } from "./_fit.ts";
import { jsonPairs } from "./_json_containers.ts";
import { clip, startWalk } from "./_json_value.ts";
import { unreadable } from "./_metadata.ts";
import { reportOnce } from "./_stdio.ts";
import { jsonFormat } from "./json.ts";
import { minimalFormat } from "./minimal.ts";
import { prettyFormat } from "./pretty.ts";
import type { FormatName, FormatOptions, Formatter, LogRecord } from "./record.ts";

/**
 * The formatter for a format name, or a custom formatter made safe to call.
 *
 * @throws {TypeError} When `format` is neither a built-in name nor a function.
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
