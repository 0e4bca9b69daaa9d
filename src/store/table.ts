/**
 * ETS-like in-memory tables: `set`, `ordered_set` and `bag`, with a cap on rows.
 *
 * @module
 */

import type { Key } from "./key.ts";
import type { OverflowKey } from "./overflow.ts";
import type { Pattern } from "./pattern.ts";
import { TableImpl } from "./_table.ts";

/**
 * How a table treats keys, as in ETS.
 *
 * - `"set"`: one row per key; `insert` replaces; `toList` in insertion order.
 * - `"ordered_set"`: as `set`, but `toList`, `select` and `match` return rows sorted by key in
 *   term order (see {@link compareKeys}).
 * - `"bag"`: many rows per key; `insert` adds a row unless an identical `{key, value}` row exists
 *   (values compared structurally, cycles included), which costs time linear in the key's rows.
 *   The cap counts keys, not rows: a key's own rows are not capped, but the overflow row of a bag
 *   holds a single value (see {@link TableOptions.maxRows}).
 */
export type TableType = "set" | "ordered_set" | "bag";

/**
 * A row as returned by `toList`, `select` and `match`: `[key, value]`. The key is
 * {@link overflowKey} for the overflow row.
 */
export type Row<K extends Key, V> = readonly [key: K | OverflowKey, value: V];

/** Options for {@link createTable}. */
export interface TableOptions {
  /**
   * How keys are treated.
   * @default "set"
   */
  readonly type?: TableType;
  /**
   * The most distinct keys the table holds, not counting the overflow row. Writes to new keys
   * beyond it go to {@link overflowKey}, each counted in `overflowCount`. The overflow row holds
   * one value whatever the type: the last one written to it (for a bag too, so a bag past its
   * cap stays at `maxRows` keys' rows plus one, and each folded insert takes constant time).
   * `Infinity` disables the cap.
   * @default 10000
   */
  readonly maxRows?: number;
}

/** What {@link Table.info} reports. */
export interface TableInfo {
  /** The table's name. */
  readonly name: string;
  /** The table's type. */
  readonly type: TableType;
  /** The number of rows (for a bag, every row of every key). */
  readonly size: number;
  /** The number of distinct keys, the overflow key included. */
  readonly keys: number;
  /** The cap on distinct keys. */
  readonly maxRows: number;
  /** How many writes were folded into the overflow row since creation or the last `clear()`. */
  readonly overflowCount: number;
}

/** An ETS-like table. Create one with {@link createTable}. */
export interface Table<K extends Key, V> {
  /** The table's name, used in error messages. */
  readonly name: string;
  /** The table's type. */
  readonly type: TableType;
  /** The cap on distinct keys. */
  readonly maxRows: number;
  /** The number of rows (for a bag, every row of every key). */
  readonly size: number;
  /** How many writes were folded into the overflow row since creation or the last `clear()`. */
  readonly overflowCount: number;
  /**
   * Stores a row: replaces the key's value (set, ordered_set) or adds a row (bag). A write folded
   * into the overflow row replaces its one value, in a bag too.
   */
  insert(key: K, value: V): void;
  /** The key's values: `[]` if absent, `[v]` for a set, every value in insertion order for a bag. */
  lookup(key: K | OverflowKey): readonly V[];
  /** Deletes every row of the key; returns whether there was one. */
  delete(key: K | OverflowKey): boolean;
  /**
   * Adds `increment` to the key's numeric value and returns the new value, in one step. A missing
   * row starts at `defaultValue`. Throws if there is no row and no default, if the value is not a
   * number, or on a bag.
   */
  updateCounter(key: K, increment: number, defaultValue?: number): number;
  /**
   * Replaces the key's value by `fn(current)` (`undefined` when absent) and returns it, in one
   * step. Throws on a bag.
   */
  update(key: K, fn: (current: V | undefined) => V): V;
  /** The rows for which `predicate(key, value)` is true, in `toList` order. */
  select(predicate: (key: K | OverflowKey, value: V) => boolean): readonly Row<K, V>[];
  /** The rows whose key matches the pattern, in `toList` order. */
  match(pattern: Pattern): readonly Row<K, V>[];
  /** Every row: sorted by key for an `ordered_set`, in insertion order otherwise. */
  toList(): readonly Row<K, V>[];
  /** Deletes every row and resets `overflowCount`. */
  clear(): void;
  /** The table's name, type, size, key count, cap and overflow count. */
  info(): TableInfo;
}

/**
 * Creates an ETS-like table.
 *
 * Rows are capped: once `maxRows` distinct keys are held, writes to new keys go to the single row
 * {@link overflowKey} and bump `overflowCount`, so an unbounded key set (a user id used as a tag)
 * cannot grow memory without bound. The overflow row keeps only the last value written to it, in
 * a bag as in a set. Reads and deletes of a key that was folded see no row.
 *
 * @param name The table's name, used in error messages.
 * @param options The table's type and cap.
 * @returns An empty table.
 * @throws {RangeError} If `maxRows` is not a positive integer or `Infinity`.
 *
 * @example
 * ```ts
 * import { createTable } from "@jido/telemetry/store";
 *
 * const calls = createTable<readonly [string, string], number>("calls", { maxRows: 2 });
 * calls.updateCounter(["gpt", "input"], 10, 0); // → 10
 * calls.updateCounter(["gpt", "input"], 5); // → 15
 * calls.updateCounter(["claude", "input"], 1, 0);
 * calls.updateCounter(["llama", "input"], 1, 0); // folded
 * calls.toList(); // → [[["gpt","input"],15], [["claude","input"],1], [["__overflow__"],1]]
 * calls.overflowCount; // → 1
 * ```
 */
export function createTable<K extends Key, V>(
  name: string,
  options: TableOptions = {},
): Table<K, V> {
  const { type = "set", maxRows = 10_000 } = options;
  if (type !== "set" && type !== "ordered_set" && type !== "bag") {
    throw new TypeError(`Unknown table type "${type}" for table "${name}"`);
  }
  if (!(maxRows === Infinity || (Number.isInteger(maxRows) && maxRows > 0))) {
    throw new RangeError(
      `Invalid maxRows ${maxRows} for table "${name}": expected a positive integer or Infinity`,
    );
  }
  return new TableImpl<K, V>(name, type, maxRows);
}
