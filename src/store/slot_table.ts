/**
 * Tables for writers that keep a row's slot between writes, so a hot path skips key encoding:
 * the metrics recorders. Not part of the public entry; `createTable()` is the public face.
 *
 * @module
 */

import type { Key } from "./key.ts";
import type { Table, TableOptions } from "./table.ts";
import { createTable } from "./table.ts";

/**
 * A key's storage: for a bag, `value` is the array of the key's values (one value for the
 * overflow row). `key` is `overflowKey` itself for the overflow row.
 */
export interface Slot {
  /** The row's key. */
  readonly key: Key;
  /** The row's value; `undefined` for a row just created by `slot()`. */
  value: unknown;
}

/** A set or ordered_set table that hands out the slots of its rows. */
export interface SlotTable<K extends Key, V> extends Table<K, V> {
  /**
   * Bumped whenever a row is removed (`delete`, `clear`): a slot obtained before a change of
   * generation may no longer be in the table.
   */
  readonly generation: number;
  /**
   * The slot of `key`, created with the value `undefined` when absent (or the overflow row's
   * slot past the cap, counting the fold). The caller writes the value at once. `isOverflow`
   * tells whether the write was folded.
   */
  slot(key: K): { readonly slot: Slot; readonly isOverflow: boolean };
}

/**
 * Creates a table whose rows' slots can be kept (not a bag).
 *
 * @param name The table's name, used in error messages.
 * @param options The type (`"set"` or `"ordered_set"`) and the cap.
 * @returns An empty table.
 */
export function createSlotTable<K extends Key, V>(
  name: string,
  options: TableOptions = {},
): SlotTable<K, V> {
  if (options.type === "bag") throw new TypeError(`A slot table cannot be a bag: "${name}"`);
  return createTable<K, V>(name, options) as SlotTable<K, V>;
}
