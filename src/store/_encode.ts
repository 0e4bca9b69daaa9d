/**
 * The injective encoding of table keys to `Map` keys.
 *
 * - A number encodes to itself, so `Map`'s SameValueZero applies: `-0` is `0`, `NaN` is `NaN`.
 * - A tuple encodes to a string starting with `[`, each element written as `s<length>:<chars>`
 *   for a string or `n<String(number)>;` for a number. Lengths make string elements
 *   self-delimiting, so `["a,b"]` and `["a", "b"]` differ, and the tags `s`/`n` keep `["1"]` and
 *   `[1]` apart. `String(-0)` is `"0"`, matching the scalar rule.
 * - A string encodes to itself, unless it starts with `[` or `~`: then a `~` is prepended. So no
 *   encoded string collides with an encoded tuple, and the common case costs nothing.
 *
 * @module
 */

import type { Key } from "./key.ts";
import { describe } from "./_describe.ts";

/** The `Map` key a table stores a row under. */
export type EncodedKey = string | number;

/**
 * Encodes a key; throws on anything that is not a string, a number, or a tuple of those.
 *
 * @param key The key to encode.
 * @param table The table's name, for the error message.
 */
export function encodeKey(key: Key, table: string): EncodedKey {
  if (typeof key === "string") {
    const c = key.charCodeAt(0);
    return c === 91 /* [ */ || c === 126 /* ~ */ ? "~" + key : key;
  }
  if (typeof key === "number") return key === 0 ? 0 : key; // -0 → 0
  if (!Array.isArray(key)) throw invalidKey(key, table);
  let out = "[";
  for (let i = 0; i < key.length; i++) {
    const e = key[i];
    if (typeof e === "string") out += "s" + e.length + ":" + e;
    else if (typeof e === "number") out += "n" + e + ";";
    else throw invalidKey(key, table);
  }
  return out;
}

function invalidKey(key: unknown, table: string): TypeError {
  return new TypeError(
    `Invalid key ${describe(key)} for table "${table}": expected a string, a number, ` +
      "or an array of strings and numbers",
  );
}
