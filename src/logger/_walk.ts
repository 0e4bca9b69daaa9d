// Private: the safe serialiser behind every format. It writes JSON text directly, so a value is
// walked once, with redaction, cycle detection and the size limits applied along the way.

import { quote } from "./_escape.ts";
import { safeKey } from "./_key.ts";
import { isPlain, trustsPlain } from "./_plain.ts";
import type { Limits } from "./limits.ts";
import type { Redactor } from "./redact.ts";

/** The state of one record's serialisation. */
export interface Walk {
  readonly redactor: Redactor;
  readonly limits: Limits;
  /** JSON of the censor, e.g. `"[REDACTED]"` with its quotes. */
  readonly censored: string;
  /** Characters left before the line limit. */
  budget: number;
  /** The objects being serialised, outermost first, for cycle detection. */
  readonly stack: object[];
  /** The longest string checked with `isPlain()`; -1 when the redactor is not a built-in one. */
  readonly plainMax: number;
}

/** Strings up to this length are scanned for the plain fast path; longer ones use the regexps. */
const plainScan = 512;

/** Makes the state for one record. */
export function startWalk(redactor: Redactor, limits: Limits): Walk {
  return {
    redactor,
    limits,
    censored: quote(redactor.censor),
    budget: limits.maxLineLength,
    stack: [],
    plainMax: trustsPlain(redactor) ? Math.min(plainScan, limits.maxStringLength) : -1,
  };
}

/** Describes an exception thrown while reading a value: `[Throws: message]`. */
export function thrown(error: unknown): string {
  let message: string;
  try {
    message = error instanceof Error ? String(error.message) : String(error);
  } catch {
    message = "unknown";
  }
  return "[Throws: " + message + "]";
}

/** Redacts then truncates a string to the per-value limit and the line budget. */
export function clip(text: string, walk: Walk): string {
  const max = Math.min(walk.limits.maxStringLength, Math.max(walk.budget, 64));
  const head = text.length > max + 4096 ? text.slice(0, max + 4096) : text;
  const redacted = walk.redactor.text(head);
  if (redacted.length <= max) return redacted;
  const dropped = redacted.length - max + (text.length - head.length);
  return redacted.slice(0, max) + "…[truncated " + dropped + " chars]";
}

/**
 * Whether `text` is written as `"text"`: short enough to be neither cut nor costly to scan, and
 * plain (see _plain.ts) with a built-in redactor.
 */
export function plain(text: string, walk: Walk): boolean {
  const length = text.length;
  return length <= walk.plainMax && length < walk.budget && isPlain(text);
}

/** A string as JSON, redacted, bounded and charged to the line budget. */
export function jsonString(text: string, walk: Walk): string {
  if (plain(text, walk)) {
    walk.budget -= text.length + 2;
    return '"' + text + '"';
  }
  const json = quote(clip(text, walk));
  walk.budget -= json.length;
  return json;
}

/** A number as JSON: non-finite numbers become the strings `"NaN"`, `"Infinity"`, `"-Infinity"`. */
export function jsonNumber(value: number): string {
  return Number.isFinite(value) ? "" + value : '"' + value + '"';
}

/** Any value as JSON text; never throws. `depth` is the nesting level of `value`. */
export function jsonValue(value: unknown, walk: Walk, depth: number): string {
  switch (typeof value) {
    case "string":
      return jsonString(value, walk);
    case "number":
      return jsonNumber(value);
    case "boolean":
      return value ? "true" : "false";
    case "bigint":
      return '"' + value + '"';
    case "symbol":
      return jsonString(value.toString(), walk);
    case "function":
      return jsonString("[Function " + (safeName(value) || "(anonymous)") + "]", walk);
    case "undefined":
      return "null";
    default:
      return value === null ? "null" : jsonObject(value as object, walk, depth);
  }
}

function safeName(fn: unknown): string {
  try {
    return String((fn as { name?: unknown }).name ?? "");
  } catch {
    return "";
  }
}

function jsonObject(value: object, walk: Walk, depth: number): string {
  if (depth > walk.limits.maxDepth) return '"[Depth limit]"';
  const stack = walk.stack;
  if (stack.includes(value)) return '"[Circular]"';
  stack.push(value);
  try {
    return jsonComposite(value, walk, depth);
  } catch (error) {
    return jsonString(thrown(error), walk);
  } finally {
    stack.pop();
  }
}

function jsonComposite(value: object, walk: Walk, depth: number): string {
  if (Array.isArray(value)) return jsonItems(value, value.length, walk, depth);
  if (ArrayBuffer.isView(value)) {
    if (value instanceof DataView) return jsonString(`[DataView ${value.byteLength} bytes]`, walk);
    const items = value as unknown as ArrayLike<unknown>;
    return jsonItems(items, items.length, walk, depth);
  }
  if (value instanceof Error) return jsonError(value, walk, depth);
  if (value instanceof Date) {
    const time = value.getTime();
    return jsonString(Number.isNaN(time) ? "Invalid Date" : new Date(time).toISOString(), walk);
  }
  if (value instanceof Map) return jsonMap(value, walk, depth);
  if (value instanceof Set) {
    const items = Array.from(value);
    return jsonItems(items, items.length, walk, depth);
  }
  if (value instanceof ArrayBuffer) {
    return jsonString(`[ArrayBuffer ${value.byteLength} bytes]`, walk);
  }
  if (value instanceof RegExp) return jsonString(String(value), walk);
  if (value instanceof String || value instanceof Number || value instanceof Boolean) {
    return jsonValue(value.valueOf(), walk, depth);
  }
  const toJson = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJson === "function") {
    const result: unknown = toJson.call(value, "");
    if (result !== value) return jsonValue(result, walk, depth + 1);
  }
  return jsonEntries(value as Record<string, unknown>, Object.keys(value), walk, depth);
}

function jsonItems(items: ArrayLike<unknown>, length: number, walk: Walk, depth: number): string {
  let out = "[";
  for (let i = 0; i < length; i++) {
    if (i > 0) out += ",";
    if (i >= walk.limits.maxItems || walk.budget <= 0) {
      return out + quote(`…[${length - i} more items]`) + "]";
    }
    let item: unknown;
    try {
      item = items[i];
    } catch (error) {
      item = thrown(error);
    }
    out += jsonValue(item, walk, depth + 1);
  }
  return out + "]";
}

/** The `"key":value` pairs of an object's own enumerable string keys, joined by commas. */
export function jsonPairs(
  value: Record<string, unknown>,
  keys: readonly string[],
  walk: Walk,
  depth: number,
): string {
  let out = "";
  for (let i = 0; i < keys.length; i++) {
    if (i >= walk.limits.maxItems || walk.budget <= 0) {
      return out + (out ? "," : "") + '"…":' + quote(`[${keys.length - i} more keys]`);
    }
    const key = keys[i];
    let item: unknown;
    try {
      item = value[key];
    } catch (error) {
      item = thrown(error);
    }
    if (item === undefined) continue;
    const name = quote(safeKey(key, walk.redactor));
    walk.budget -= name.length + 2;
    const json = walk.redactor.key(key) ? walk.censored : jsonValue(item, walk, depth + 1);
    out += (out ? "," : "") + name + ":" + json;
  }
  return out;
}

function jsonEntries(value: Record<string, unknown>, keys: string[], walk: Walk, depth: number) {
  return "{" + jsonPairs(value, keys, walk, depth) + "}";
}

function jsonMap(map: Map<unknown, unknown>, walk: Walk, depth: number): string {
  let out = "";
  let i = 0;
  for (const [key, item] of map) {
    if (out) out += ",";
    if (i >= walk.limits.maxItems || walk.budget <= 0) {
      return "{" + out + '"…":' + quote(`[${map.size - i} more keys]`) + "}";
    }
    i++;
    const name = typeof key === "string"
      ? key
      : typeof key === "object" && key !== null
      ? jsonValue(key, walk, depth + 1)
      : String(key);
    const quoted = quote(safeKey(name, walk.redactor));
    walk.budget -= quoted.length + 2;
    const secret = typeof key === "string" && walk.redactor.key(key);
    out += quoted + ":" + (secret ? walk.censored : jsonValue(item, walk, depth + 1));
  }
  return "{" + out + "}";
}

function read(object: object, key: string): unknown {
  try {
    return (object as Record<string, unknown>)[key];
  } catch (error) {
    return thrown(error);
  }
}

const errorKeys = new Set(["name", "message", "stack", "cause", "errors"]);

function jsonError(error: Error, walk: Walk, depth: number): string {
  let out = '{"name":' + jsonValue(read(error, "name"), walk, depth + 1) + ',"message":' +
    jsonValue(read(error, "message"), walk, depth + 1);
  const stack = read(error, "stack");
  if (typeof stack === "string") out += ',"stack":' + jsonString(stack, walk);
  const own = Object.keys(error).filter((key) => !errorKeys.has(key));
  const pairs = jsonPairs(error as unknown as Record<string, unknown>, own, walk, depth);
  if (pairs) out += "," + pairs;
  const cause = "cause" in error ? read(error, "cause") : undefined;
  if (cause !== undefined) out += ',"cause":' + jsonValue(cause, walk, depth + 1);
  const errors = read(error, "errors");
  if (Array.isArray(errors)) out += ',"errors":' + jsonValue(errors, walk, depth + 1);
  return out + "}";
}
