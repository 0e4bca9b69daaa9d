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
import { jsonTimeHead } from "./_time.ts";
import type { Level } from "../catalog.ts";
import { jsonNumber, jsonString, jsonValue, startWalk, thrown, type Walk } from "./_walk.ts";
import type { LayeredRecord } from "./_merge.ts";
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

const levelMsg: Readonly<Record<Level, string>> = {
  debug: 'debug","msg":',
  info: 'info","msg":',
  warn: 'warn","msg":',
  error: 'error","msg":',
};
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
  const keys = new Map<string, KeyInfo>();
  const boundJson = new WeakMap<Metadata, string>();
  // The bound layer is serialised once per logger; the record's keys must not repeat its keys.
  const layers = (bound: Metadata, metadata: Metadata, walk: Walk): string => {
    for (const key in metadata) {
      if (Object.hasOwn(bound, key)) return fields({ ...bound, ...metadata }, walk, keys);
    }
    let json = boundJson.get(bound);
    if (json === undefined) {
      json = fields(bound, startWalk(redactor, limits), keys);
      boundJson.set(bound, json);
    }
    walk.budget -= json.length;
    return json + fields(metadata, walk, keys);
  };
  let busy = false;
  let module: string | undefined;
  let moduleJson = "";
  return (record: LogRecord): string => {
    const walk = busy ? startWalk(redactor, limits) : shared;
    busy = true;
    walk.budget = limits.maxLineLength;
    const head = jsonTimeHead(record.time) + levelMsg[record.level];
    try {
      let line = head + jsonString(record.message, walk) + statics;
      if (record.module) {
        if (record.module !== module) {
          module = record.module;
          moduleJson = ',"module":' + quote(module);
        }
        line += moduleJson;
      }
      const bound = (record as Partial<LayeredRecord>).boundLayer;
      if (bound === undefined) line += fields(record.metadata, walk, keys);
      else line += layers(bound, record.metadata, walk);
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

interface KeyInfo {
  /** `,"key":` with the key escaped (and prefixed with `_` when reserved). */
  readonly prefix: string;
  /** Whether the value under the key is redacted. */
  readonly secret: boolean;
}

function keyInfo(cache: Map<string, KeyInfo>, key: string, walk: Walk): KeyInfo {
  let info = cache.get(key);
  if (info === undefined) {
    const prefix = "," + quote(reserved.has(key) ? "_" + key : key) + ":";
    info = { prefix, secret: walk.redactor.key(key) };
    if (cache.size >= 4096) cache.clear();
    cache.set(key, info);
  }
  return info;
}

/** The key infos of a whole key list, cached by first key: one map lookup per record. */
interface Shape {
  readonly keys: readonly string[];
  readonly infos: readonly KeyInfo[];
}

const shapes = new WeakMap<Map<string, KeyInfo>, Map<string, Shape>>();

function shapeOf(cache: Map<string, KeyInfo>, keys: string[], walk: Walk): readonly KeyInfo[] {
  let byFirst = shapes.get(cache);
  if (byFirst === undefined) shapes.set(cache, byFirst = new Map());
  const shape = byFirst.get(keys[0]);
  if (shape !== undefined && shape.keys.length === keys.length) {
    let same = true;
    for (let i = 1; i < keys.length; i++) {
      if (shape.keys[i] !== keys[i]) {
        same = false;
        break;
      }
    }
    if (same) return shape.infos;
  }
  const infos = keys.map((key) => keyInfo(cache, key, walk));
  if (byFirst.size >= 1024) byFirst.clear();
  byFirst.set(keys[0], { keys, infos });
  return infos;
}

function fields(metadata: Metadata, walk: Walk, cache: Map<string, KeyInfo>): string {
  const keys = Object.keys(metadata);
  if (keys.length === 0) return "";
  const infos = shapeOf(cache, keys, walk);
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
    const info = infos[i];
    walk.budget -= info.prefix.length;
    let json: string;
    if (info.secret) json = walk.censored;
    else if (typeof value === "string") json = jsonString(value, walk);
    else if (typeof value === "number") json = jsonNumber(value);
    else json = jsonValue(value, walk, 1);
    out += info.prefix + json;
  }
  return out;
}
