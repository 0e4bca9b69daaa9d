/**
 * ETS-like in-memory tables for metrics: `set`, `ordered_set` and `bag`, keyed by strings,
 * numbers or tuples, with a cap on distinct keys that folds the excess into one overflow row.
 *
 * ```ts
 * import { _, createTable } from "@jido/telemetry/store";
 *
 * const tokens = createTable<readonly [string, string], number>("tokens");
 * tokens.updateCounter(["gpt", "input"], 120, 0);
 * tokens.updateCounter(["gpt", "output"], 30, 0);
 * tokens.match(["gpt", _]); // → [[["gpt","input"],120], [["gpt","output"],30]]
 * ```
 *
 * @module
 */

export { compareKeys, type Key, type KeyElement } from "./key.ts";
export { type OverflowKey, overflowKey } from "./overflow.ts";
export { _, matchesPattern, type Pattern, type Wildcard } from "./pattern.ts";
export {
  createTable,
  type Row,
  type Table,
  type TableInfo,
  type TableOptions,
  type TableType,
} from "./table.ts";
