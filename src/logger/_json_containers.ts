// Private: the containers of the safe serialiser of _json_value.ts (arrays, objects, maps,
// errors). Each keeps the walk's budget exact: before every item it is reset to what was left when
// the container began minus what the container has written, so no character goes uncounted. An
// item is started only while the budget lasts (a key only when it fits); the rest become one
// `…[N more …]` marker. Names within one object are unique: keys that redact or clip to the same
// text get `_2`, `_3`.

import { readSafely } from "../objects.ts";
import { quote } from "./_escape.ts";
import { jsonKey } from "./_fit.ts";
import { jsonValue, type Walk } from "./_json_value.ts";

/** The fields an `Error` is written with first; its other own fields follow. */
export const errorKeys: ReadonlySet<string> = new Set([
  "name",
  "message",
  "stack",
  "cause",
  "errors",
]);

/**
 * `name` (a JSON literal or a text token) if `taken` does not hold it, else the first of
 * `name_2`, `name_3`, … that it does not hold; the result is added to `taken`.
 */
export function uniqueName(name: string, taken: Set<string>): string {
  if (!taken.has(name)) {
    taken.add(name);
    return name;
  }
  const quoted = name.length > 1 && name.startsWith('"') && name.endsWith('"');
  const stem = quoted ? name.slice(0, -1) : name;
  for (let n = 2;; n++) {
    const candidate = stem + "_" + n + (quoted ? '"' : "");
    if (!taken.has(candidate)) {
      taken.add(candidate);
      return candidate;
    }
  }
}

/**
 * The fields of Node's system errors, read from an error by name after its own enumerable
 * fields when they are not among them: a runtime or library may define them as non-enumerable
 * properties or getters (`DOMException`'s `code`), and they say what failed.
 */
export const errorDetailKeys: readonly string[] = [
  "code",
  "errno",
  "syscall",
  "path",
  "dest",
  "address",
  "port",
];

/**
 * The {@link errorDetailKeys} of `error` that `own` (its own enumerable keys) does not list,
 * with their values, skipping those that are `undefined`.
 */
export function errorDetails(error: Error, own: readonly string[]): [string, unknown][] {
  const details: [string, unknown][] = [];
  for (const key of errorDetailKeys) {
    if (own.includes(key)) continue;
    const value = readSafely(error, key);
    if (value !== undefined) details.push([key, value]);
  }
  return details;
}

/** `[a,b,…]` of the first `length` items, with a marker for those past the limits. */
export function jsonItems(
  items: ArrayLike<unknown>,
  length: number,
  walk: Walk,
  depth: number,
): string {
  const start = walk.budget;
  let out = "[";
  for (let i = 0; i < length; i++) {
    if (i > 0) out += ",";
    walk.budget = start - out.length;
    if (i >= walk.limits.maxItems || walk.budget <= 0) {
      out += quote(`…[${length - i} more items]`);
      break;
    }
    const item = readSafely(items, i);
    out += jsonValue(item, walk, depth + 1);
  }
  out += "]";
  walk.budget = start - out.length;
  return out;
}

/** `,"…":"[N more keys]"`-style marker, its name kept distinct from `taken`. */
function moreKeys(count: number, taken: Set<string> | undefined): string {
  const name = taken === undefined ? '"…"' : uniqueName('"…"', taken);
  return name + ":" + quote(`[${count} more keys]`);
}

/** The names of `keys[0..end)`, which were all written as themselves. */
function namesBefore(keys: readonly string[], end: number): Set<string> {
  const taken = new Set<string>();
  for (let i = 0; i < end; i++) taken.add('"' + keys[i] + '"');
  return taken;
}

/** The `"key":value` pairs of an object's own enumerable string keys, joined by commas. */
export function jsonPairs(
  value: Record<string, unknown>,
  keys: readonly string[],
  walk: Walk,
  depth: number,
): string {
  const start = walk.budget;
  let out = "";
  // Distinct keys are written as distinct names unless redaction, clipping or escaping changed
  // one; only then are names tracked.
  let taken: Set<string> | undefined;
  for (let i = 0; i < keys.length; i++) {
    walk.budget = start - out.length;
    const key = keys[i];
    let name = i < walk.limits.maxItems && walk.budget > 0 ? jsonKey(key, walk.redactor) : "";
    if (name !== "" && (taken !== undefined || key === "…" || name.slice(1, -1) !== key)) {
      taken ??= namesBefore(keys, i);
      name = uniqueName(name, taken);
    }
    if (name === "" || walk.budget < name.length + 2) {
      out += (out ? "," : "") + moreKeys(keys.length - i, taken);
      break;
    }
    const item = readSafely(value, key);
    if (item === undefined) continue;
    walk.budget -= name.length + 2;
    const json = walk.redactor.key(key) ? walk.censored : jsonValue(item, walk, depth + 1);
    out += (out ? "," : "") + name + ":" + json;
  }
  walk.budget = start - out.length;
  return out;
}

/** Pairs given as a list, `total` long of which `names.length` are listed; names always tracked. */
function jsonList(
  names: readonly string[],
  values: readonly unknown[],
  total: number,
  start: number,
  walk: Walk,
  depth: number,
): string {
  const taken = new Set<string>();
  let out = "{";
  for (let i = 0; i < total; i++) {
    if (i > 0) out += ",";
    walk.budget = start - out.length;
    let name = i < names.length && walk.budget > 0 ? jsonKey(names[i], walk.redactor) : "";
    if (name !== "") name = uniqueName(name, taken);
    if (name === "" || walk.budget < name.length + 2) {
      out += moreKeys(total - i, taken);
      break;
    }
    walk.budget -= name.length + 2;
    const secret = walk.redactor.key(names[i]);
    out += name + ":" + (secret ? walk.censored : jsonValue(values[i], walk, depth + 1));
  }
  out += "}";
  walk.budget = start - out.length;
  return out;
}

/** A Map as an object keyed by `String(key)` (object keys by their JSON). */
export function jsonMap(map: Map<unknown, unknown>, walk: Walk, depth: number): string {
  const start = walk.budget;
  const names: string[] = [];
  const values: unknown[] = [];
  for (const [key, item] of map) {
    if (names.length >= walk.limits.maxItems) break;
    names.push(
      typeof key === "string"
        ? key
        : (typeof key === "object" && key !== null) || typeof key === "function"
        ? jsonValue(key, walk, depth + 1)
        : String(key),
    );
    values.push(item);
  }
  return jsonList(names, values, map.size, start, walk, depth);
}

/**
 * An Error as `{ name, message, stack, ...own fields, ...system error fields, cause, errors }`
 * (see {@link errorDetailKeys}).
 */
export function jsonError(error: Error, walk: Walk, depth: number): string {
  const start = walk.budget;
  const names = ["name", "message"];
  const values: unknown[] = [
    readSafely(error, "name") ?? null,
    readSafely(error, "message") ?? null,
  ];
  const stack = readSafely(error, "stack");
  if (typeof stack === "string") {
    names.push("stack");
    values.push(stack);
  }
  const own = Object.keys(error);
  let listed = 0;
  for (const key of own) {
    if (errorKeys.has(key)) continue;
    if (listed++ >= walk.limits.maxItems) break;
    const value = readSafely(error, key);
    if (value === undefined) continue;
    names.push(key);
    values.push(value);
  }
  for (const [key, value] of errorDetails(error, own)) {
    names.push(key);
    values.push(value);
  }
  const cause = "cause" in error ? readSafely(error, "cause") : undefined;
  if (cause !== undefined) {
    names.push("cause");
    values.push(cause);
  }
  const errors = readSafely(error, "errors");
  if (Array.isArray(errors)) {
    names.push("errors");
    values.push(errors);
  }
  let total = names.length;
  if (listed > walk.limits.maxItems) {
    total += own.filter((key) => !errorKeys.has(key)).length - walk.limits.maxItems;
  }
  return jsonList(names, values, total, start, walk, depth);
}
