// Private: the pieces of the OTLP JSON encoding that every signal shares, as the OTLP
// specification's "JSON Protobuf Encoding" spells them: 64-bit integers (timestamps, counts,
// `intValue`) as decimal strings, doubles as JSON numbers with NaN and the infinities as strings,
// ids as lowercase hex, and attribute values as `AnyValue` objects.

import { readSafely } from "../objects.ts";

/** An `AnyValue`, as JSON. */
export type AnyValue =
  | { readonly stringValue: string }
  | { readonly boolValue: boolean }
  | { readonly intValue: string }
  | { readonly doubleValue: number | string }
  | { readonly arrayValue: { readonly values: readonly AnyValue[] } }
  | { readonly kvlistValue: { readonly values: readonly KeyValue[] } }
  | Readonly<Record<string, never>>;

/** A `KeyValue`, as JSON. */
export interface KeyValue {
  readonly key: string;
  readonly value: AnyValue;
}

/** Attributes and how many were left out past the limit. */
export interface Attributes {
  readonly list: KeyValue[];
  dropped: number;
}

/**
 * The most attributes on one span, log record or resource, as the OpenTelemetry SDKs default
 * (`OTEL_ATTRIBUTE_COUNT_LIMIT`): the rest are counted in `droppedAttributesCount`.
 */
export const attributeCountLimit = 128;

/**
 * Milliseconds since the Unix epoch as integer nanoseconds in a decimal string, exact to the
 * microsecond: `1700000000123.456` → `"1700000000123456000"`. A double near today's epoch holds
 * about a quarter of a microsecond of precision, so finer digits would be noise. A time that is
 * not a finite non-negative number is `"0"` (which OTLP reads as unknown).
 */
export function nanos(ms: number): string {
  if (!(typeof ms === "number" && ms >= 0 && ms < 9e12)) return "0";
  const us = Math.round(ms * 1000);
  return us === 0 ? "0" : `${us}000`;
}

/** A double as OTLP JSON has it: a number, or `"NaN"`, `"Infinity"`, `"-Infinity"`. */
export function double(value: number): number | string {
  if (Number.isFinite(value)) return value;
  return Number.isNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity";
}

/** A number as an `AnyValue`: `intValue` for a safe integer, else `doubleValue`. */
export function numberValue(value: number): AnyValue {
  return Number.isSafeInteger(value) ? { intValue: String(value) } : { doubleValue: double(value) };
}

const int64Min = -(2n ** 63n);
const int64Max = 2n ** 63n - 1n;

/** Whether every element of `array` has the JavaScript type `type`. */
function allOf(array: readonly unknown[], type: "string" | "boolean" | "number"): boolean {
  for (let i = 0; i < array.length; i++) {
    const t = typeof array[i];
    if (t !== type) return false;
  }
  return true;
}

/**
 * A value as a span, resource or metric attribute: a string, boolean, number (a safe integer as
 * `intValue`), a bigint within int64, or an array of one of those types; any other array or
 * object as its JSON text. `undefined` for what has no attribute form (`null`, `undefined`, a
 * function, a symbol, an object `JSON.stringify` cannot write), which the caller leaves out.
 */
export function attributeValue(value: unknown): AnyValue | undefined {
  switch (typeof value) {
    case "string":
      return { stringValue: value };
    case "boolean":
      return { boolValue: value };
    case "number":
      return numberValue(value);
    case "bigint":
      return value >= int64Min && value <= int64Max
        ? { intValue: value.toString() }
        : { stringValue: value.toString() };
    case "object": {
      if (value === null) return undefined;
      if (Array.isArray(value) && value.length === 0) return { arrayValue: { values: [] } };
      if (Array.isArray(value)) {
        if (allOf(value, "string")) {
          return { arrayValue: { values: value.map((v: string) => ({ stringValue: v })) } };
        }
        if (allOf(value, "boolean")) {
          return { arrayValue: { values: value.map((v: boolean) => ({ boolValue: v })) } };
        }
        if (allOf(value, "number")) {
          // One type per array: all intValue, or all doubleValue if any is not a safe integer.
          const ints = value.every((v: number) => Number.isSafeInteger(v));
          return {
            arrayValue: {
              values: value.map((v: number) =>
                ints ? { intValue: String(v) } : { doubleValue: double(v) }
              ),
            },
          };
        }
      }
      return jsonText(value);
    }
    default:
      return undefined;
  }
}

/** An object as its JSON text, or `undefined` if it has none or writing it throws. */
function jsonText(value: object): AnyValue | undefined {
  try {
    const text = JSON.stringify(value, (_key, v) => typeof v === "bigint" ? v.toString() : v);
    return typeof text === "string" ? { stringValue: text } : undefined;
  } catch {
    return undefined;
  }
}

/** Nesting kept in a log attribute or body; deeper values are written as JSON text. */
const maxLogDepth = 8;

/**
 * A value as a log attribute, where the log data model allows any value: nested objects as
 * `kvlistValue`, arrays of anything as `arrayValue`, `null` as the empty `AnyValue`.
 */
export function logValue(value: unknown, depth = 0): AnyValue | undefined {
  if (value === null) return {};
  if (typeof value !== "object") return attributeValue(value);
  if (depth >= maxLogDepth) return jsonText(value);
  if (Array.isArray(value)) {
    const values: AnyValue[] = [];
    for (const item of value) values.push(logValue(item, depth + 1) ?? {});
    return { arrayValue: { values } };
  }
  const values: KeyValue[] = [];
  for (const key of Object.keys(value)) {
    const v = logValue(readSafely(value, key), depth + 1);
    if (v !== undefined) values.push({ key, value: v });
  }
  return { kvlistValue: { values } };
}

/** An empty attribute list. */
export function newAttributes(): Attributes {
  return { list: [], dropped: 0 };
}

/**
 * Adds `key` unless it is there already (the first value of a key wins) or its value has no
 * attribute form; past {@link attributeCountLimit}, counts it as dropped.
 */
export function addAttribute(
  into: Attributes,
  seen: Set<string>,
  key: string,
  value: AnyValue | undefined,
): void {
  if (value === undefined || seen.has(key)) return;
  seen.add(key);
  if (into.list.length >= attributeCountLimit) into.dropped++;
  else into.list.push({ key, value });
}

/** Adds every own enumerable field of `source`, read safely, through `convert`. */
export function addFields(
  into: Attributes,
  seen: Set<string>,
  source: object | null | undefined,
  convert: (value: unknown) => AnyValue | undefined,
): void {
  if (source == null || typeof source !== "object") return;
  let keys: string[];
  try {
    keys = Object.keys(source);
  } catch {
    return;
  }
  for (const key of keys) addAttribute(into, seen, key, convert(readSafely(source, key)));
}

/** Whether `id` is `length` lowercase hex digits, not all zero (a valid trace or span id). */
export function isHexId(id: unknown, length: number): id is string {
  if (typeof id !== "string" || id.length !== length) return false;
  let zero = true;
  for (let i = 0; i < length; i++) {
    const c = id.charCodeAt(i);
    if (c === 48) continue;
    if ((c > 48 && c <= 57) || (c >= 97 && c <= 102)) zero = false;
    else return false;
  }
  return !zero;
}

// deno-lint-ignore no-control-regex
const ascii = /^[\u0000-\u007f]*$/;

/** The number of bytes of `text` in UTF-8 (a lone surrogate counts 3, as TextEncoder writes it). */
export function utf8Length(text: string): number {
  // A regular expression scans ASCII text several times faster than a loop of charCodeAt.
  if (ascii.test(text)) return text.length;
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) bytes += 1;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 2; // a pair: 2 UTF-16 units, 4 bytes
        i++;
      } else bytes += 2;
    } else bytes += 2;
  }
  return bytes;
}

/** A string JSON writes as it is between quotes: no quote, backslash, control or surrogate. */
// deno-lint-ignore no-control-regex
const plain = /^[^"\\\u0000-\u001f\ud800-\udfff]*$/;

/** `JSON.stringify(text)`, without its cost for the strings that need no escape. */
export function quote(text: string): string {
  return plain.test(text) ? `"${text}"` : JSON.stringify(text);
}

/** `JSON.stringify(value)` for an attribute value, written by hand for the scalar ones. */
export function anyValueJson(value: AnyValue): string {
  if ("stringValue" in value) return `{"stringValue":${quote(value.stringValue)}}`;
  if ("intValue" in value) return `{"intValue":"${value.intValue}"}`;
  if ("boolValue" in value) return value.boolValue ? `{"boolValue":true}` : `{"boolValue":false}`;
  return JSON.stringify(value);
}
