/**
 * Key patterns for `Table.match()`.
 *
 * @module
 */

import type { Key, KeyElement } from "./key.ts";

/**
 * The wildcard: in a pattern, matches any key (on its own) or any tuple element (inside an
 * array pattern). `undefined` inside an array pattern means the same.
 *
 * @example
 * ```ts
 * import { _, createTable } from "@jido/telemetry/store";
 *
 * const t = createTable<readonly [string, string], number>("calls");
 * t.insert(["gpt", "input"], 1);
 * t.insert(["gpt", "output"], 2);
 * t.match(["gpt", _]); // → [[["gpt", "input"], 1], [["gpt", "output"], 2]]
 * ```
 */
export const _: unique symbol = Symbol("_");

/** The type of the wildcard {@link _}. */
export type Wildcard = typeof _;

/**
 * A key pattern.
 *
 * - `_` matches every key.
 * - A string or number matches the equal key only (`"1"` does not match `1`).
 * - An array matches tuple keys of the same length whose elements equal the pattern's, where the
 *   pattern's element is not `_` or `undefined` (those match any element).
 */
export type Pattern = Wildcard | KeyElement | readonly (KeyElement | Wildcard | undefined)[];

/**
 * Whether a key matches a pattern. Numbers compare as in keys: `-0` matches `0`, `NaN` matches
 * `NaN`.
 *
 * @param pattern The pattern.
 * @param key The key to test.
 * @returns `true` if the key matches.
 *
 * @example
 * ```ts
 * import { _, matchesPattern } from "@jido/telemetry/store";
 *
 * matchesPattern(["a", _], ["a", 1]); // → true
 * matchesPattern(["a", _], ["a"]); // → false
 * ```
 */
export function matchesPattern(pattern: Pattern, key: Key): boolean {
  if (pattern === _) return true;
  if (!Array.isArray(pattern)) {
    return !Array.isArray(key) && sameElement(pattern as KeyElement, key as KeyElement);
  }
  if (!Array.isArray(key) || key.length !== pattern.length) return false;
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i];
    if (p === _ || p === undefined) continue;
    if (!sameElement(p, key[i])) return false;
  }
  return true;
}

function sameElement(a: KeyElement, b: KeyElement): boolean {
  return a === b || (a !== a && b !== b);
}
