/**
 * The `json` format: one JSON object per line, for Loki, Elasticsearch, Datadog and friends.
 *
 * Fields come in a fixed order: `time` (ISO 8601, UTC), `level`, `msg`, `pid`, `hostname`,
 * `module` (when the logger has one), the metadata in insertion order, then `caller` (when call
 * sites are on). Metadata keys that collide with those names get a `_` prefix (`_time`), so no
 * key appears twice. Units are ignored and numbers stay numbers.
 *
 * Values are encoded as: strings, finite numbers, booleans and `null` as themselves;
 * `NaN`/`Infinity`/`-Infinity` as strings; BigInt as a decimal string (`"123"`); symbols as
 * `"Symbol(desc)"`; functions as `"[Function name]"`; `undefined` dropped from objects and `null`
 * in arrays; `Date` as its ISO string (`"Invalid Date"` when invalid); `Map` as an object keyed
 * by `String(key)`; `Set` and typed arrays as arrays; `Error` as
 * `{ name, message, stack, ...own fields, cause, errors }`; objects with `toJSON` by its result;
 * a cycle as `"[Circular]"`; a throwing getter or `toJSON` as `"[Throws: message]"`. U+2028,
 * U+2029, DEL, C1 controls and bidi overrides are `\u`-escaped on top of what JSON escapes.
 *
 * @module
 */

import { quote } from "./_escape.ts";
import { hostName, processId } from "./_host.ts";
import { isoTime } from "./_time.ts";
import { jsonNumber, jsonString, jsonValue, startWalk, thrown, type Walk } from "./_walk.ts";
import type { Limits } from "./limits.ts";
import type { Formatter, LogRecord, Metadata } from "./record.ts";
import type { Redactor } from "./redact.ts";

/** What the built-in formats need to know. */
export interface FormatOptions {
  /** The redaction policy. */
  readonly redactor: Redactor;
  /** The size limits. */
  readonly limits: Limits;
  /** Whether the text formats may use ANSI colours; the JSON format ignores it. */
  readonly colors: boolean;
}

const reserved = new Set(["time", "level", "msg", "pid", "hostname", "module", "caller"]);

/**
 * Creates the `json` formatter.
 *
 * @param options Redaction and limits.
 * @returns A formatter producing one JSON object per record.
 *
 * @example
 * ```ts
 * import { createRedactor, defaultLimits, jsonFormat } from "@jido/telemetry";
 *
 * const format = jsonFormat({ redactor: createRedactor(), limits: defaultLimits, colors: false });
 * format({ time: 0, level: "info", message: "hi", module: undefined, metadata: { n: 1 },
 *   units: undefined, callSite: undefined });
 * // '{"time":"1970-01-01T00:00:00.000Z","level":"info","msg":"hi","pid":42,"hostname":"box","n":1}'
 * ```
 */
export function jsonFormat(options: FormatOptions): Formatter {
  const { redactor, limits } = options;
  const pid = processId();
  const host = hostName();
  const statics = (pid === undefined ? "" : ',"pid":' + pid) +
    (host === undefined ? "" : ',"hostname":' + quote(host));
  const shared = startWalk(redactor, limits);
  let busy = false;
  let module: string | undefined;
  let moduleJson = "";
  return (record: LogRecord): string => {
    const walk = busy ? startWalk(redactor, limits) : shared;
    busy = true;
    walk.budget = limits.maxLineLength;
    const head = '{"time":"' + isoTime(record.time) + '","level":"' + record.level + '","msg":';
    try {
      let line = head + jsonString(record.message, walk) + statics;
      if (record.module) {
        if (record.module !== module) {
          module = record.module;
          moduleJson = ',"module":' + quote(module);
        }
        line += moduleJson;
      }
      line += fields(record.metadata, walk);
      if (record.callSite) line += ',"caller":' + quote(record.callSite);
      return line + "}";
    } catch (error) {
      return head + quote(String(record.message).slice(0, 1024)) + statics + ',"logger_error":' +
        quote(thrown(error)) + "}";
    } finally {
      if (walk === shared) busy = false;
    }
  };
}

function fields(metadata: Metadata, walk: Walk): string {
  const keys = Object.keys(metadata);
  const maxItems = walk.limits.maxItems;
  let out = "";
  for (let i = 0; i < keys.length; i++) {
    if (i >= maxItems || walk.budget <= 0) {
      return out + ',"…":' + quote(`[${keys.length - i} more keys]`);
    }
    const key = keys[i];
    let value: unknown;
    try {
      value = metadata[key];
    } catch (error) {
      value = thrown(error);
    }
    if (value === undefined) continue;
    const name = quote(reserved.has(key) ? "_" + key : key);
    walk.budget -= name.length + 2;
    let json: string;
    if (walk.redactor.key(key)) json = walk.censored;
    else if (typeof value === "string") json = jsonString(value, walk);
    else if (typeof value === "number") json = jsonNumber(value);
    else json = jsonValue(value, walk, 1);
    out += "," + name + ":" + json;
  }
  return out;
}
