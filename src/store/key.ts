/**
 * Table keys and their order.
 *
 * @module
 */

/** One element of a tuple key: a string or a number. */
export type KeyElement = string | number;

/**
 * A table key: a string, a number, or a tuple of strings and numbers.
 *
 * Keys are compared by value. A string never equals a number (`"1"` and `1` are different keys),
 * a scalar never equals a tuple (`"a"` and `["a"]` are different keys), and tuples are equal only
 * when they have the same length and equal elements. Numbers follow `Map` semantics: `-0` and `0`
 * are the same key, and `NaN` is a key equal to itself.
 */
export type Key = string | number | readonly KeyElement[];

/**
 * Compares two keys in Erlang term order, adapted to JavaScript: every number sorts before every
 * string, every string before every tuple. Numbers compare numerically (`-0` equals `0`; `NaN`
 * sorts after every other number), strings by UTF-16 code units, and tuples element by element,
 * then by length (a tuple sorts before any longer tuple it is a prefix of).
 *
 * This is the order of `toList()` on an `ordered_set` table.
 *
 * @param a The first key.
 * @param b The second key.
 * @returns A negative number if `a` sorts first, a positive number if `b` does, `0` if they are
 * the same key.
 *
 * @example
 * ```ts
 * import { compareKeys } from "@jido/telemetry/store";
 *
 * [["b"], "a", 2, ["a", 1], 1].sort(compareKeys);
 * // → [1, 2, "a", ["a", 1], ["b"]]
 * ```
 */
export function compareKeys(a: Key, b: Key): number {
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (ra === 2) {
    const ta = a as readonly KeyElement[];
    const tb = b as readonly KeyElement[];
    const n = Math.min(ta.length, tb.length);
    for (let i = 0; i < n; i++) {
      const c = compareScalars(ta[i], tb[i]);
      if (c !== 0) return c;
    }
    return ta.length - tb.length;
  }
  return compareScalars(a as KeyElement, b as KeyElement);
}

function rank(key: Key): number {
  return typeof key === "number" ? 0 : typeof key === "string" ? 1 : 2;
}

function compareScalars(a: KeyElement, b: KeyElement): number {
  if (typeof a === "number") {
    if (typeof b !== "number") return -1;
    if (a < b) return -1;
    if (a > b) return 1;
    if (a === b) return 0;
    // At least one NaN: NaN sorts after every other number and equals itself.
    return (a !== a ? 1 : 0) - (b !== b ? 1 : 0);
  }
  if (typeof b === "number") return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
