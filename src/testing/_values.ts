/**
 * Values as the matchers see them: copied when captured, compared partially, and shown in
 * failure messages on one line.
 *
 * @module
 */

/** Whether a value is a plain object: made by `{}` or `Object.create(null)`. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * A deep copy of plain objects and arrays; anything else (an `Error`, a class instance, a
 * function) is kept as it is, so a test can still compare it by identity.
 */
export function copyData<T>(value: T, seen: Map<object, unknown> = new Map()): T {
  if (typeof value !== "object" || value === null) return value;
  const done = seen.get(value);
  if (done !== undefined) return done as T;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    seen.set(value, out);
    for (const item of value) out.push(copyData(item, seen));
    return out as T;
  }
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = Object.getPrototypeOf(value) === null
    ? Object.create(null)
    : {};
  seen.set(value, out);
  for (const key of Object.keys(value)) {
    Object.defineProperty(out, key, {
      value: copyData(value[key], seen),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out as T;
}

/** Deep equality of data: `Object.is` for primitives, arrays and plain objects key by key. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length &&
      keys.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

/**
 * Whether `actual` matches `expected` partially: every key of an expected plain object must be
 * in `actual` with a matching value (recursively; extra keys are ignored); a `RegExp` matches a
 * string it tests true on; anything else must be deeply equal. An expected `undefined` matches a
 * missing key.
 */
export function matches(actual: unknown, expected: unknown): boolean {
  if (expected instanceof RegExp) {
    if (typeof actual === "string") return new RegExp(expected.source, expected.flags).test(actual);
    return actual instanceof RegExp && String(actual) === String(expected);
  }
  if (isPlainObject(expected)) {
    if (typeof actual !== "object" || actual === null) return false;
    const record = actual as Record<string, unknown>;
    return Object.keys(expected).every((k) => matches(record[k], expected[k]));
  }
  return deepEqual(actual, expected);
}

/** At most this many characters of one value in a failure message. */
const maxShown = 300;

/** A value on one line, JSON-like, for failure messages: never throws, at most 300 characters. */
export function show(value: unknown): string {
  let text: string;
  try {
    text = showValue(value, new Set());
  } catch {
    text = "[Unshowable]";
  }
  return text.length > maxShown ? `${text.slice(0, maxShown - 1)}…` : text;
}

function showValue(value: unknown, seen: Set<object>): string {
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "undefined":
      return "undefined";
    case "bigint":
      return `${value}n`;
    case "symbol":
      return value.toString();
    case "function":
      return `[Function${value.name ? ` ${value.name}` : ""}]`;
    case "number":
      return Object.is(value, -0) ? "-0" : String(value);
    case "boolean":
      return String(value);
  }
  if (value === null) return "null";
  const object = value as object;
  if (seen.has(object)) return "[Circular]";
  seen.add(object);
  try {
    if (object instanceof RegExp) return String(object);
    if (object instanceof Error) return `${object.name}(${JSON.stringify(object.message)})`;
    if (object instanceof Date) return `Date(${object.toISOString?.() ?? "?"})`;
    if (Array.isArray(object)) return `[${object.map((v) => showValue(v, seen)).join(",")}]`;
    const name = isPlainObject(object) ? "" : (object.constructor?.name ?? "Object") + " ";
    const pairs = Object.keys(object).map((k) =>
      `${JSON.stringify(k)}:${showValue((object as Record<string, unknown>)[k], seen)}`
    );
    return `${name}{${pairs.join(",")}}`;
  } finally {
    seen.delete(object);
  }
}
