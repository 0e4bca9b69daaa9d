/**
 * The injective encoding of table keys to `Map` keys.
 *
 * - A number encodes to itself, so `Map`'s SameValueZero applies: `-0` is `0`, `NaN` is `NaN`.
 * - A tuple encodes to a string starting with `[`, each element written as a type tag (`s` for a
 *   string, `n` for a number) then its text then the terminator `\x01`; inside a string element
 *   `\x02` is escaped as `\x02\x02` and `\x01` as `\x02\x01`. So every element is
 *   self-delimiting (`["a,b"]` and `["a", "b"]` differ) and typed (`["1"]` and `[1]` differ). A
 *   number element is written with `String()`, so `-0` is `0` and `NaN` and `Infinity` differ.
 * - A string encodes to itself, unless it starts with `[` or `~`: then a `~` is prepended. So no
 *   encoded string collides with an encoded tuple, and the common case costs nothing.
 * - The overflow key (the `overflowKey` object itself, by identity) encodes to `~overflow`, which
 *   no key encodes to (a `~` is only ever followed by `[` or `~`), so a user key spelt
 *   `["__overflow__"]` is an ordinary row and cannot write into the overflow row.
 *
 * @module
 */

import type { Key } from "./key.ts";
import { describe } from "./_describe.ts";
import { overflowKey } from "./overflow.ts";

/** The encoding of {@link overflowKey}: one no other key can have. */
export const overflowEncoding = "~overflow";

/** The `Map` key a table stores a row under. */
export type EncodedKey = string | number;

/**
 * Encodes a key; throws on anything that is not a string, a number, or a tuple of those.
 *
 * @param key The key to encode.
 * @param table The table's name, for the error message.
 */
export function encodeKey(key: Key, table: string): EncodedKey {
  if (key === overflowKey) return overflowEncoding;
  if (typeof key === "string") {
    const c = key.charCodeAt(0);
    return c === 91 /* [ */ || c === 126 /* ~ */ ? "~" + key : key;
  }
  if (typeof key === "number") return key === 0 ? 0 : key; // -0 → 0
  if (!Array.isArray(key)) throw invalidKey(key, table);
  let out = "[";
  for (let i = 0; i < key.length; i++) {
    const e = key[i];
    if (typeof e === "string") {
      const safe = e.indexOf("\x01") === -1 && e.indexOf("\x02") === -1;
      out += "s" + (safe ? e : escape(e)) + "\x01";
    } else if (typeof e === "number") out += "n" + e + "\x01";
    else throw invalidKey(key, table);
  }
  return out;
}

function escape(s: string): string {
  return s.replaceAll("\x02", "\x02\x02").replaceAll("\x01", "\x02\x01");
}

function invalidKey(key: unknown, table: string): TypeError {
  return new TypeError(
    `Invalid key ${describe(key)} for table "${table}": expected a string, a number, ` +
      "or an array of strings and numbers",
  );
}
