/**
 * Finds the table row of a series from its tag values without encoding a key: nested `Map`s
 * keyed by each tag value lead to the row's slot (with one tag, the table's own map does). Only
 * rows of their own are kept (a tag set folded into the overflow row takes the table's path
 * every time, so the cache stays within the table's cap), and the whole cache is dropped when
 * the table removes rows.
 *
 * @module
 */

import type { Key } from "../store/mod.ts";
import type { Slot, SlotTable } from "../store/slot_table.ts";

type Level = Map<string, Level | Slot>;

/**
 * A function from a series' table key (`[]` for no tags, the value for one tag, the values for
 * several) to its slot, created when absent.
 */
export function slotLookup(table: SlotTable<Key, unknown>, tagCount: number): (key: Key) => Slot {
  // One tag: the table's own map is keyed by the value itself (encoding it is a character
  // test), so a second map of every series would only double the memory of each.
  if (tagCount === 1) return (key) => table.slot(key).slot;
  let generation = table.generation;
  let root: Level = new Map();
  let single: Slot | undefined;

  const miss = (key: Key, store: (slot: Slot) => void): Slot => {
    const { slot, isOverflow } = table.slot(key);
    if (!isOverflow) store(slot);
    return slot;
  };

  return (key) => {
    if (table.generation !== generation) {
      generation = table.generation;
      root = new Map();
      single = undefined;
    }
    if (tagCount === 0) return single ?? miss(key, (slot) => void (single = slot));
    const parts = key as readonly string[];
    let level: Level | undefined = root;
    const last = parts.length - 1;
    for (let i = 0; i < last && level !== undefined; i++) {
      level = level.get(parts[i]) as Level | undefined;
    }
    const found = level?.get(parts[last]) as Slot | undefined;
    if (found !== undefined) return found;
    return miss(key, (slot) => {
      let at = root;
      for (let i = 0; i < last; i++) {
        let next = at.get(parts[i]) as Level | undefined;
        if (next === undefined) at.set(parts[i], next = new Map());
        at = next;
      }
      at.set(parts[last], slot);
    });
  };
}
