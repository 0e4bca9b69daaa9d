/**
 * The implementation behind `createTable()`: one `Map` from encoded key to slot.
 *
 * @module
 */

import { describe } from "./_describe.ts";
import { type EncodedKey, encodeKey, overflowEncoding } from "./_encode.ts";
import { equalValues } from "./_equal.ts";
import { compareKeys, type Key } from "./key.ts";
import { matchesPattern, type Pattern } from "./pattern.ts";
import { type OverflowKey, overflowKey } from "./overflow.ts";
import type { Slot, SlotTable } from "./slot_table.ts";
import type { Row, TableInfo, TableType } from "./table.ts";

const overflowEncoded = overflowEncoding;

export class TableImpl<K extends Key, V> implements SlotTable<K, V> {
  readonly name: string;
  readonly type: TableType;
  readonly maxRows: number;
  #rows = new Map<EncodedKey, Slot>();
  #bag: boolean;
  #bagSize = 0;
  #overflowCount = 0;
  #sorted: Slot[] | undefined = undefined;
  #generation = 0;

  constructor(name: string, type: TableType, maxRows: number) {
    this.name = name;
    this.type = type;
    this.maxRows = maxRows;
    this.#bag = type === "bag";
  }

  get size(): number {
    return this.#bag ? this.#bagSize : this.#rows.size;
  }

  get overflowCount(): number {
    return this.#overflowCount;
  }

  /**
   * Bumped whenever a row is removed (`delete`, `clear`): a slot obtained before a change of
   * generation may no longer be in the table.
   */
  get generation(): number {
    return this.#generation;
  }

  /**
   * The slot of `key`, created with the value `undefined` when absent (or the overflow row's
   * slot past the cap, counting the fold). For writers that keep slots to skip key encoding;
   * the caller writes the value at once. `isOverflow` tells whether the write was folded.
   */
  slot(key: K): { readonly slot: Slot; readonly isOverflow: boolean } {
    if (this.#bag) throw new TypeError(`slot() is not supported on bag table "${this.name}"`);
    const enc = encodeKey(key, this.name);
    let slot = this.#rows.get(enc) ?? this.#newSlot(enc);
    if (slot === undefined) {
      const target = this.#target(enc);
      this.#create(target, key, undefined);
      slot = this.#rows.get(target)!;
    }
    return { slot, isOverflow: slot.key === overflowKey };
  }

  insert(key: K, value: V): void {
    const enc = encodeKey(key, this.name);
    const slot = this.#rows.get(enc) ?? this.#newSlot(enc);
    if (slot === undefined) {
      this.#create(this.#target(enc), key, this.#bag ? [value] : value);
      if (this.#bag) this.#bagSize++;
    } else if (!this.#bag) {
      slot.value = value;
    } else if (slot.key === overflowKey) {
      // A bag's overflow row holds one value, the latest, so it cannot grow past the cap.
      (slot.value as V[])[0] = value;
    } else {
      const values = slot.value as V[];
      for (let i = 0; i < values.length; i++) if (equalValues(values[i], value)) return;
      values.push(value);
      this.#bagSize++;
    }
  }

  lookup(key: K | OverflowKey): readonly V[] {
    const slot = this.#rows.get(encodeKey(key, this.name));
    if (slot === undefined) return [];
    return this.#bag ? (slot.value as V[]).slice() : [slot.value as V];
  }

  delete(key: K | OverflowKey): boolean {
    const enc = encodeKey(key, this.name);
    const slot = this.#rows.get(enc);
    if (slot === undefined) return false;
    if (this.#bag) this.#bagSize -= (slot.value as V[]).length;
    this.#rows.delete(enc);
    this.#sorted = undefined;
    this.#generation++;
    return true;
  }

  updateCounter(key: K, increment: number, defaultValue?: number): number {
    if (this.#bag) {
      throw new TypeError(`updateCounter() is not supported on bag table "${this.name}"`);
    }
    if (typeof increment !== "number") {
      throw new TypeError(
        `Invalid increment ${describe(increment)} for key ${describe(key)} in table "${this.name}"`,
      );
    }
    const enc = encodeKey(key, this.name);
    let slot = this.#rows.get(enc);
    if (slot === undefined) {
      if (defaultValue === undefined) {
        throw new Error(
          `No row for key ${
            describe(key)
          } in table "${this.name}" and no default for updateCounter()`,
        );
      }
      slot = this.#newSlot(enc);
      if (slot === undefined) {
        if (typeof defaultValue !== "number") {
          throw new TypeError(
            `Invalid default ${describe(defaultValue)} for key ${
              describe(key)
            } in table "${this.name}"`,
          );
        }
        const created = defaultValue + increment;
        this.#create(this.#target(enc), key, created);
        return created;
      }
    }
    const current = slot.value;
    if (typeof current !== "number") {
      throw new TypeError(
        `Value ${describe(current)} of key ${
          describe(slot.key)
        } in table "${this.name}" is not a number`,
      );
    }
    return (slot.value = current + increment);
  }

  update(key: K, fn: (current: V | undefined) => V): V {
    if (this.#bag) throw new TypeError(`update() is not supported on bag table "${this.name}"`);
    const enc = encodeKey(key, this.name);
    const slot = this.#rows.get(enc) ?? this.#newSlot(enc);
    if (slot !== undefined) return (slot.value = fn(slot.value as V));
    const created = fn(undefined);
    this.#create(this.#target(enc), key, created);
    return created;
  }

  select(predicate: (key: K | OverflowKey, value: V) => boolean): readonly Row<K, V>[] {
    return this.#rowsWhere(() => true, predicate);
  }

  match(pattern: Pattern): readonly Row<K, V>[] {
    return this.#rowsWhere((key) => matchesPattern(pattern, key));
  }

  toList(): readonly Row<K, V>[] {
    return this.#rowsWhere(() => true);
  }

  clear(): void {
    this.#generation++;
    this.#rows.clear();
    this.#bagSize = 0;
    this.#overflowCount = 0;
    this.#sorted = undefined;
  }

  info(): TableInfo {
    return {
      name: this.name,
      type: this.type,
      size: this.size,
      keys: this.#rows.size,
      maxRows: this.maxRows,
      overflowCount: this.#overflowCount,
    };
  }

  /**
   * For a key with no row: the overflow row's slot if the write is folded into an existing
   * overflow row, else `undefined` (the caller creates the row at `#target(enc)`). Counts folds.
   */
  #newSlot(enc: EncodedKey): Slot | undefined {
    if (this.#target(enc) === enc) return undefined;
    this.#overflowCount++;
    return this.#rows.get(overflowEncoded);
  }

  /** Where a write to a key with no row goes: its own row, or the overflow row past the cap. */
  #target(enc: EncodedKey): EncodedKey {
    if (enc === overflowEncoded) return enc;
    const ordinary = this.#rows.size - (this.#rows.has(overflowEncoded) ? 1 : 0);
    return ordinary < this.maxRows ? enc : overflowEncoded;
  }

  #create(enc: EncodedKey, key: K, value: unknown): void {
    this.#rows.set(enc, { key: enc === overflowEncoded ? overflowKey : key, value });
    this.#sorted = undefined;
  }

  #rowsWhere(
    keyTest: (key: K) => boolean,
    predicate?: (key: K | OverflowKey, value: V) => boolean,
  ): readonly Row<K, V>[] {
    const out: Row<K, V>[] = [];
    for (const slot of this.#slots()) {
      const key = slot.key as K;
      if (!keyTest(key)) continue;
      const values = this.#bag ? (slot.value as V[]) : [slot.value as V];
      for (const value of values) {
        if (predicate === undefined || predicate(key, value)) out.push([key, value]);
      }
    }
    return out;
  }

  #slots(): Iterable<Slot> {
    if (this.type !== "ordered_set") return this.#rows.values();
    return (this.#sorted ??= [...this.#rows.values()].sort((a, b) => compareKeys(a.key, b.key)));
  }
}
