// Private: the safe serialiser behind every format, for one value of any kind. It writes JSON
// text directly, so a value is walked once, with redaction, cycle detection and the size limits
// applied along the way; arrays, objects, maps and errors are written by _json_containers.ts.

import { thrown } from "../objects.ts";
import { quote } from "./_escape.ts";
import { fit } from "./_fit.ts";
import { jsonError, jsonItems, jsonMap, jsonPairs } from "./_json_containers.ts";
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

/**
 * The most characters a string value may take as written: the per-value limit, or what is left
 * of the line but at least 64, so a value started near the end still says something.
 */
export function room(walk: Walk): number {
  return Math.min(walk.limits.maxStringLength, Math.max(walk.budget, 64));
}

/** Redacts then truncates a string (unescaped) to the per-value limit and the line budget. */
export function clip(text: string, walk: Walk): string {
  return fit(text, room(walk), walk.redactor, "raw");
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
  const json = fit(text, room(walk), walk.redactor, "json");
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
    const items: unknown[] = [];
    const max = walk.limits.maxItems;
    for (const item of value) {
      if (items.length >= max) break;
      items.push(item);
    }
    return jsonItems(items, value.size, walk, depth);
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
  return "{" + jsonPairs(value as Record<string, unknown>, Object.keys(value), walk, depth) + "}";
}
