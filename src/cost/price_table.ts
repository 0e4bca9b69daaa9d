/**
 * The run-time price table: the default prices (or none), your overrides and additions, and the
 * lookup that finds a response's price by provider, model name and time.
 *
 * @module
 */

import { describeValue } from "../metrics/options.ts";
import { defaultPrices } from "./default_prices.ts";
import { modelCandidates } from "./_model_names.ts";
import type { PriceEntry, PriceList } from "./price_entry.ts";
import { checkEntry, dayStart } from "./_validate.ts";

/** Options of {@link createPriceTable}. */
export interface PriceTableOptions {
  /**
   * The prices your entries override or extend, or `false` for none (only your entries).
   * @default defaultPrices
   */
  readonly base?: PriceList | false;
}

/** A price table: find a model's price, and change prices at run time. */
export interface PriceTable {
  /**
   * The entry pricing a response of `model` from `provider` at time `at`, or `undefined` if the
   * table has no price for it. The provider is looked up as given, and `"google"` or `"gemini"`
   * as `"gcp.gemini"` when the table has no entries of that name. The model is found by
   * its exact id or alias, else without a date suffix (`-20250514`, `-2024-08-06`) or
   * `-latest`, never by a prefix. Of the model's dated entries, the latest whose `effective` day
   * has begun at `at` is taken (UTC), or the earliest if `at` precedes them all.
   *
   * @param provider The provider, e.g. `"anthropic"`.
   * @param model The model, e.g. `"claude-sonnet-4-20250514"`.
   * @param at The response's time: a `Date` or milliseconds since the epoch. @default now
   * @returns The entry, or `undefined`.
   * @throws {TypeError} If `at` is not a valid time.
   */
  lookup(provider: string, model: string, at?: Date | number): PriceEntry | undefined;
  /**
   * Sets the prices of the models the entries name: for each provider and model, the entries
   * given (one, or several with different effective days) replace all its earlier entries and
   * aliases. Other models keep theirs.
   *
   * @param entries One entry or several.
   * @throws {TypeError} If an entry is invalid (naming it and the field), two entries of a model
   *   share a day, or a model name or alias is another model's.
   */
  set(entries: PriceEntry | readonly PriceEntry[]): void;
  /** Every entry, grouped by provider and model, each model's by effective day. */
  entries(): readonly PriceEntry[];
}

/** Provider names found under another, when the table has no entries under their own. */
const providerAliases: Readonly<Record<string, string>> = {
  google: "gcp.gemini",
  gemini: "gcp.gemini",
};

interface Dated {
  readonly entry: PriceEntry;
  readonly from: number;
}

class Table implements PriceTable {
  /** Each model's entries by effective day, keyed by `provider\u0000model`. */
  #models = new Map<string, readonly Dated[]>();
  /** Provider, then model id or alias, to the model's entries. */
  #index = new Map<string, Map<string, readonly Dated[]>>();

  lookup(provider: string, model: string, at?: Date | number): PriceEntry | undefined {
    const time = at === undefined ? Date.now() : at instanceof Date ? at.getTime() : at;
    if (typeof time !== "number" || !Number.isFinite(time)) {
      throw new TypeError(
        `lookup() needs a Date or milliseconds since the epoch, got ${describeValue(at)}`,
      );
    }
    if (typeof provider !== "string" || typeof model !== "string") return undefined;
    const names = this.#index.get(provider) ?? this.#index.get(providerAliases[provider] ?? "");
    if (names === undefined) return undefined;
    for (const candidate of modelCandidates(model)) {
      const dated = names.get(candidate);
      if (dated === undefined) continue;
      let chosen = dated[0];
      for (const d of dated) if (d.from <= time) chosen = d;
      return chosen.entry;
    }
    return undefined;
  }

  set(entries: PriceEntry | readonly PriceEntry[]): void {
    const list: readonly unknown[] = Array.isArray(entries) ? entries : [entries];
    const groups = new Map<string, Dated[]>();
    list.forEach((value, i) => {
      const entry = checkEntry(value, i);
      const key = `${entry.provider}\u0000${entry.model}`;
      const group = groups.get(key) ?? [];
      const from = dayStart(entry.effective)!;
      if (group.some((d) => d.from === from)) {
        throw new TypeError(
          `Invalid price entry ${entry.provider}/${entry.model} (${entry.effective}): ` +
            `two entries of the model take effect that day`,
        );
      }
      group.push({ entry, from });
      groups.set(key, group);
    });
    const models = new Map(this.#models);
    for (const [key, group] of groups) {
      models.set(key, Object.freeze(group.sort((a, b) => a.from - b.from)));
    }
    this.#index = buildIndex(models);
    this.#models = models;
  }

  entries(): readonly PriceEntry[] {
    return [...this.#models.values()].flatMap((dated) => dated.map((d) => d.entry));
  }
}

/** Indexes every model's entries by provider, then by model id and each alias. */
function buildIndex(
  models: ReadonlyMap<string, readonly Dated[]>,
): Map<string, Map<string, readonly Dated[]>> {
  const index = new Map<string, Map<string, readonly Dated[]>>();
  for (const dated of models.values()) {
    const { provider, model } = dated[0].entry;
    const names = index.get(provider) ?? new Map<string, readonly Dated[]>();
    index.set(provider, names);
    const own = new Set([model, ...dated.flatMap((d) => d.entry.aliases ?? [])]);
    for (const name of own) {
      const taken = names.get(name);
      if (taken !== undefined && taken !== dated) {
        throw new TypeError(
          `Invalid price entry ${provider}/${model}: the name ${JSON.stringify(name)} is also ` +
            `model ${JSON.stringify(taken[0].entry.model)}`,
        );
      }
      names.set(name, dated);
    }
  }
  return index;
}

/**
 * Creates a price table: the `base` prices (the default table unless you say otherwise) with
 * your entries over them. An entry for a model the base prices replaces all the base's entries
 * of that model (give several dated entries to keep a history); an entry for another model adds
 * it. Change prices later with `set()`; a table in use by `attachCostAccounting()` prices the
 * next response with them.
 *
 * @param entries Your entries. @default []
 * @param options The base prices (see {@link PriceTableOptions}).
 * @returns A new table.
 * @throws {TypeError} If an entry, or the base, is invalid (the message names the entry and
 *   field).
 * @example
 * ```ts
 * import { createPriceTable } from "@jido/telemetry/cost";
 *
 * const prices = createPriceTable([{
 *   provider: "openai",
 *   model: "gpt-4o",
 *   effective: "2025-01-01",
 *   source: "our contract",
 *   input: "2.00",
 *   output: "8.00",
 *   cacheRead: "1.00",
 * }]);
 * console.log(prices.lookup("openai", "gpt-4o-2024-08-06")?.input); // "2.00"
 * console.log(prices.lookup("anthropic", "claude-sonnet-4-20250514")?.input); // "3.00"
 * console.log(prices.lookup("openai", "gpt-4o-mini-tts")); // undefined: never guessed
 * ```
 */
export function createPriceTable(
  entries: readonly PriceEntry[] = [],
  options: PriceTableOptions = {},
): PriceTable {
  const base = options?.base ?? defaultPrices;
  const table = new Table();
  if (base !== false) {
    if (typeof base !== "object" || base === null || !Array.isArray(base.entries)) {
      throw new TypeError(
        `createPriceTable() option base must be a price list such as defaultPrices, or false, ` +
          `got ${describeValue(base)}`,
      );
    }
    table.set(base.entries);
  }
  table.set(entries);
  return table;
}
