/**
 * The overflow row's key.
 *
 * @module
 */

/**
 * The key of the overflow row: `["__overflow__"]`. Once a table holds `maxRows` distinct keys,
 * every write to a further new key is folded into this row instead. The row holds one value, the
 * last one written, in every table type (a bag's overflow row does not collect values). The key is
 * reserved: writing it directly writes the overflow row.
 *
 * @example
 * ```ts
 * import { createTable, overflowKey } from "@jido/telemetry/store";
 *
 * const t = createTable<string, number>("t", { maxRows: 1 });
 * t.insert("a", 1);
 * t.insert("b", 2);
 * t.lookup(overflowKey); // → [2]
 * ```
 */
export const overflowKey: OverflowKey = Object.freeze(["__overflow__"] as const);

/** The type of {@link overflowKey}. */
export type OverflowKey = readonly ["__overflow__"];
