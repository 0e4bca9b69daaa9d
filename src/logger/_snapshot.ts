// Private: a deep copy of bound metadata, taken when `child()` or `createLogger()` binds it, so
// later changes to the objects given are not seen by any format (the json format serialises bound
// metadata once, up front; the text formats read it per record). The copy keeps what the
// serialiser would write and nothing more: getters are read once (a throw becomes
// `[Throws: …]`), `toJSON` is called, Maps, Sets, typed arrays and class instances become plain
// containers, cycles and depth become the serialiser's markers, and nested containers past
// `maxItems` or past a line's worth of content end with the serialiser's `…[N more …]` marker.
// The top level keeps every key, so the formats count what they leave out themselves. Strings
// are shared, not copied, and never cut here.

import { defineOwn, readSafely, thrown } from "../objects.ts";
import type { Metadata } from "../telemetry.ts";
import { errorDetails, errorKeys } from "./_json_containers.ts";
import { callMetadata, unreadable } from "./_metadata.ts";
import type { Limits } from "./limits.ts";

interface State {
  readonly limits: Limits;
  /** Roughly the characters left before the copy holds a full line's worth. */
  budget: number;
  readonly stack: object[];
}

/** A deep copy of a call's `metadata` (see `callMetadata()`) as the serialiser sees it; never throws. */
export function snapshot(metadata: unknown, limits: Limits): Metadata {
  const state: State = { limits, budget: limits.maxLineLength, stack: [] };
  try {
    return copyObject(callMetadata(metadata, limits.maxItems), 0, state, false);
  } catch (error) {
    return { logger_error: unreadable(error) };
  }
}

function copyValue(value: unknown, depth: number, state: State): unknown {
  if (typeof value === "object" && value !== null) {
    if (depth > state.limits.maxDepth) return "[Depth limit]";
    if (state.stack.includes(value)) return "[Circular]";
    state.stack.push(value);
    try {
      return copyComposite(value, depth, state);
    } catch (error) {
      return thrown(error);
    } finally {
      state.stack.pop();
    }
  }
  state.budget -= typeof value === "string"
    ? Math.min(value.length, state.limits.maxStringLength) + 3
    : 8;
  return value;
}

function copyComposite(value: object, depth: number, state: State): unknown {
  if (Array.isArray(value)) return copyItems(value, value.length, depth, state);
  if (ArrayBuffer.isView(value)) {
    if (value instanceof DataView) return `[DataView ${value.byteLength} bytes]`;
    const items = value as unknown as ArrayLike<unknown>;
    return copyItems(items, items.length, depth, state);
  }
  if (value instanceof Error) return copyError(value, depth, state);
  if (value instanceof Date) return new Date(value.getTime());
  if (value instanceof Map) return copyMap(value, depth, state);
  if (value instanceof Set) {
    const items: unknown[] = [];
    for (const item of value) {
      if (items.length >= state.limits.maxItems) break;
      items.push(item);
    }
    return copyItems(items, value.size, depth, state);
  }
  if (value instanceof ArrayBuffer) return `[ArrayBuffer ${value.byteLength} bytes]`;
  if (value instanceof RegExp) return value;
  if (value instanceof String || value instanceof Number || value instanceof Boolean) {
    return value.valueOf();
  }
  const toJson = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJson === "function") {
    const result: unknown = toJson.call(value, "");
    if (result !== value) return copyValue(result, depth + 1, state);
  }
  return copyObject(value, depth, state);
}

function copyItems(items: ArrayLike<unknown>, length: number, depth: number, state: State) {
  const out: unknown[] = [];
  for (let i = 0; i < length; i++) {
    if (i >= state.limits.maxItems || state.budget <= 0) {
      out.push(`…[${length - i} more items]`);
      break;
    }
    const item = readSafely(items, i);
    out.push(copyValue(item, depth + 1, state));
  }
  return out;
}

function copyObject(
  value: object,
  depth: number,
  state: State,
  limited = true,
): Record<string, unknown> {
  const out: Record<string, unknown> = Object.create(null);
  const keys = Object.keys(value);
  for (let i = 0; i < keys.length; i++) {
    if (limited && (i >= state.limits.maxItems || state.budget <= 0)) {
      out["…"] = `[${keys.length - i} more keys]`;
      break;
    }
    const key = keys[i];
    const item = readSafely(value, key);
    state.budget -= Math.min(key.length, 256) + 4;
    if (item !== undefined) out[key] = copyValue(item, depth + 1, state);
  }
  return out;
}

function copyMap(map: Map<unknown, unknown>, depth: number, state: State): Map<unknown, unknown> {
  const out = new Map<unknown, unknown>();
  let i = 0;
  for (const [key, item] of map) {
    if (i >= state.limits.maxItems || state.budget <= 0) {
      out.set("…", `[${map.size - i} more keys]`);
      break;
    }
    i++;
    state.budget -= 8;
    out.set(copyValue(key, depth + 1, state), copyValue(item, depth + 1, state));
  }
  return out;
}

/**
 * An object with the error's prototype and the fields the serialiser reads from an error. They
 * are all own enumerable fields: the serialiser reads `name`, `message`, `stack`, `cause` and
 * `errors` by name and lists only the other keys, so enumerability does not show in any format;
 * the system error fields (`code`, `errno`, ...) that it would read by name come after the own
 * ones, where it writes them.
 */
function copyError(error: Error, depth: number, state: State): Error {
  const copy = Object.create(Object.getPrototypeOf(error)) as Error;
  const field = (key: string) => copyValue(readSafely(error, key), depth + 1, state);
  defineOwn(copy, "name", field("name"));
  defineOwn(copy, "message", field("message"));
  const stack = readSafely(error, "stack");
  if (typeof stack === "string") defineOwn(copy, "stack", stack);
  let listed = 0;
  const own = Object.keys(error);
  for (const key of own) {
    if (errorKeys.has(key)) continue;
    if (listed++ >= state.limits.maxItems) break;
    defineOwn(copy, key, field(key));
  }
  for (const [key, value] of errorDetails(error, own)) {
    defineOwn(copy, key, copyValue(value, depth + 1, state));
  }
  if ("cause" in error) defineOwn(copy, "cause", field("cause"));
  const errors = readSafely(error, "errors");
  if (Array.isArray(errors)) defineOwn(copy, "errors", copyValue(errors, depth + 1, state));
  return copy;
}
