/**
 * The `json` format: one JSON object per line, for Loki, Elasticsearch, Datadog and friends.
 *
 * Fields come in a fixed order: `time` (ISO 8601, UTC), `level`, `msg`, `pid`, `hostname`,
 * `module` (when the logger has one; redacted and clipped to 256 characters), the metadata in
 * insertion order (bound, then `withMetadata()` scope, then the call's), then `caller` (when
 * call sites are on). Metadata keys that collide with those names get a `_` prefix (`_time`).
 * No name appears twice in an object: a key whose written name repeats an earlier one (`_msg`
 * next to a renamed `msg`, two keys redacted or clipped to the same text) gets `_2`, `_3`, … in
 * key order. Metadata that cannot be read at all (a revoked Proxy) is written as
 * `"logger_error":"[Unreadable metadata: …]"`. Units are ignored and numbers stay numbers.
 *
 * Values are encoded as: strings, finite numbers, booleans and `null` as themselves;
 * `NaN`/`Infinity`/`-Infinity` as strings; BigInt as a decimal string (`"123"`); symbols as
 * `"Symbol(desc)"`; functions as `"[Function name]"`; `undefined` dropped from objects and `null`
 * in arrays; `Date` as its ISO string (`"Invalid Date"` when invalid); `Map` as an object keyed
 * by `String(key)`; `Set` and typed arrays as arrays; `Error` as
 * `{ name, message, stack, ...own fields, cause, errors }`, with the fields of system errors
 * (`code`, `errno`, `syscall`, `path`, `dest`, `address`, `port`) even when they are not
 * enumerable; objects with `toJSON` by its result; a cycle as `"[Circular]"`; a throwing getter
 * or `toJSON` as `"[Throws: message]"`. U+2028, U+2029, DEL, C1 controls and bidi overrides are
 * `\u`-escaped on top of what JSON escapes.
 *
 * @module
 */

import { jsonLines } from "./_json_line.ts";
import { empty } from "./_metadata.ts";
import type { FormatOptions, Formatter, LogRecord } from "./record.ts";

/**
 * Creates the `json` formatter.
 *
 * @param options Redaction and limits.
 * @returns A formatter producing one JSON object per record.
 *
 * @example
 * ```ts
 * import { createRedactor, defaultLimits, jsonFormat } from "@jido/telemetry/logger";
 *
 * const format = jsonFormat({ redactor: createRedactor(), limits: defaultLimits, colors: false });
 * format({ time: 0, level: "info", message: "hi", module: undefined, metadata: { n: 1 },
 *   units: undefined, callSite: undefined });
 * // '{"time":"1970-01-01T00:00:00.000Z","level":"info","msg":"hi","pid":42,"hostname":"box","n":1}'
 * ```
 */
export function jsonFormat(options: FormatOptions): Formatter {
  const lines = jsonLines(options);
  let layer = lines.layer(undefined, empty);
  return (record: LogRecord): string => {
    const module = record.module || undefined;
    if (module !== layer.module) layer = lines.layer(module, empty);
    return lines.line(
      record.time,
      record.level,
      record.message,
      layer,
      undefined,
      record.metadata,
      record.callSite,
    );
  };
}
