/**
 * Pricing one response exactly: its usage in the catalog's convention, split into the lines of
 * an invoice, each line `tokens × price` in integers, the total an exact decimal string.
 *
 * @module
 */

import { errorReason } from "../error_info.ts";
import { describeValue } from "../metrics/options.ts";
import { readSafely } from "../objects.ts";
import { formatAmount, formatPrice, parsePrice } from "./_decimal.ts";
import type { PriceEntry, TokenPrices } from "./price_entry.ts";
import { createPriceTable, type PriceTable } from "./price_table.ts";

/** What a line of an invoice bills. */
export type LineKind = "input" | "cache_read" | "cache_creation" | "output" | "reasoning";

/** One line of a response's invoice. */
export interface InvoiceLine {
  /**
   * What it bills: `input` the uncached prompt tokens (input minus cache reads and writes),
   * `output` the response tokens (minus reasoning tokens when those have their own price).
   */
  readonly kind: LineKind;
  /** How many tokens. */
  readonly tokens: number;
  /** The price in US dollars per million tokens, e.g. `"3.75"`. */
  readonly price: string;
  /** `tokens × price / 1e6` in US dollars, exactly, e.g. `"0.00375"`. */
  readonly amount: string;
}

/** A response the price table could price. */
export interface PricedCost {
  /** Priced. */
  readonly priced: true;
  /** The provider, as given. */
  readonly provider: string;
  /** The model, as given (a snapshot name such as `"claude-sonnet-4-20250514"`). */
  readonly model: string;
  /** The table's entry that priced it: its `model`, `effective` day and `source`. */
  readonly entry: PriceEntry;
  /** Whether the entry's long-context prices applied (a prompt above its threshold). */
  readonly longContext: boolean;
  /** The exact price in US dollars, e.g. `"0.0189"`. */
  readonly amount: string;
  /** The price as the nearest double, for metrics. */
  readonly cost: number;
  /** The currency: US dollars. */
  readonly currency: "USD";
  /** The invoice: one line per kind of token billed, lines of zero tokens left out. */
  readonly lines: readonly InvoiceLine[];
}

/** A response the price table could not price: its cost is unknown, never zero. */
export interface UnpricedCost {
  /** Not priced. */
  readonly priced: false;
  /** The provider, as given (`""` if not a string). */
  readonly provider: string;
  /** The model, as given (`""` if not a string). */
  readonly model: string;
  /** Why, e.g. `No price for model "my-model" of provider "openai"`. */
  readonly reason: string;
}

/** What {@link priceUsage} returns. */
export type CostResult = PricedCost | UnpricedCost;

/** Options of {@link priceUsage}. */
export interface PriceUsageOptions {
  /** The provider, e.g. `"anthropic"` (the catalog's `provider` metadata). */
  readonly provider: string;
  /** The model that answered, e.g. `"claude-sonnet-4-20250514"`. */
  readonly model: string;
  /** The prices. @default the default table (`createPriceTable()`) */
  readonly prices?: PriceTable;
  /** The response's time, for dated prices. @default now */
  readonly at?: Date | number;
}

/** A cost and, when priced, its exact amount in pico-dollars, for exact sums. */
export interface Costed {
  readonly result: CostResult;
  readonly pico?: bigint;
}

const parsed = new WeakMap<TokenPrices, Required<Record<keyof TokenPrices, bigint>>>();

/** An entry's (or tier's) prices in micro-dollars per million tokens, defaults applied. */
function micro(prices: TokenPrices): Required<Record<keyof TokenPrices, bigint>> {
  let p = parsed.get(prices);
  if (p === undefined) {
    // Entries are checked when a table takes them: every price given parses.
    const input = parsePrice(prices.input)!;
    const output = parsePrice(prices.output)!;
    p = {
      input,
      output,
      cacheRead: prices.cacheRead === undefined ? input : parsePrice(prices.cacheRead)!,
      cacheWrite: prices.cacheWrite === undefined ? input : parsePrice(prices.cacheWrite)!,
      reasoning: prices.reasoning === undefined ? output : parsePrice(prices.reasoning)!,
    };
    parsed.set(prices, p);
  }
  return p;
}

class Invalid {
  constructor(readonly reason: string) {}
}

function tokens(usage: object, name: string, required: boolean): number {
  const value = readSafely(usage, name);
  if (value === undefined) {
    if (required) throw new Invalid(`Invalid usage: ${name} is missing`);
    return 0;
  }
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
    throw new Invalid(
      `Invalid usage: ${name} must be a non-negative integer, got ${describeValue(value)}`,
    );
  }
  return value;
}

/** Bills `n` tokens at `price`, adding the line to `lines` when the invoice is wanted. */
function line(lines: InvoiceLine[] | undefined, kind: LineKind, n: number, price: bigint): bigint {
  if (n === 0) return 0n;
  const amount = BigInt(n) * price;
  lines?.push({ kind, tokens: n, price: formatPrice(price), amount: formatAmount(amount) });
  return amount;
}

/**
 * The pico-dollars of a usage at an entry's prices, its lines added to `lines` if given.
 *
 * @throws {Invalid} If a count is missing or bad, or the counts are inconsistent.
 */
function bill(
  entry: PriceEntry,
  usage: object,
  lines: InvoiceLine[] | undefined,
): { readonly pico: bigint; readonly longContext: boolean } {
  const input = tokens(usage, "input_tokens", true);
  const output = tokens(usage, "output_tokens", true);
  const read = tokens(usage, "cache_read_tokens", false);
  const created = tokens(usage, "cache_creation_tokens", false);
  const reasoning = tokens(usage, "reasoning_tokens", false);
  if (read + created > input) {
    throw new Invalid(
      `Invalid usage: cache_read_tokens (${read}) + cache_creation_tokens (${created}) exceed ` +
        `input_tokens (${input}), which includes them; normalize a provider's usage with ` +
        `normalizeUsage()`,
    );
  }
  if (reasoning > output) {
    throw new Invalid(
      `Invalid usage: reasoning_tokens (${reasoning}) exceeds output_tokens (${output}), ` +
        `which includes them`,
    );
  }
  const long = entry.longContext !== undefined && input > entry.longContext.above;
  const given = long ? entry.longContext! : entry;
  const p = micro(given);
  const apart = given.reasoning !== undefined ? reasoning : 0;
  const pico = line(lines, "input", input - read - created, p.input) +
    line(lines, "cache_read", read, p.cacheRead) +
    line(lines, "cache_creation", created, p.cacheWrite) +
    line(lines, "output", output - apart, p.output) +
    line(lines, "reasoning", apart, p.reasoning);
  return { pico, longContext: long };
}

let defaultTable: PriceTable | undefined;

function unpriced(provider: string, model: string, reason: string): Costed {
  return { result: { priced: false, provider, model, reason } };
}

/**
 * Prices one response; the exact amount comes with it, and the invoice lines if `withLines`
 * (they cost a formatting per line, which the bus handler skips). Never throws.
 */
export function costOf(
  usage: unknown,
  provider: unknown,
  model: unknown,
  prices: PriceTable | undefined,
  at: number,
  withLines: boolean,
): Costed {
  const p = typeof provider === "string" ? provider : "";
  const m = typeof model === "string" ? model : "";
  if (p === "") return unpriced(p, m, `No provider: got ${describeValue(provider)}`);
  if (m === "") return unpriced(p, m, `No model: got ${describeValue(model)}`);
  if (typeof usage !== "object" || usage === null) {
    return unpriced(p, m, `Invalid usage: expected an object, got ${describeValue(usage)}`);
  }
  try {
    const table = prices ?? (defaultTable ??= createPriceTable());
    const entry = table.lookup(p, m, at);
    const lines: InvoiceLine[] | undefined = withLines ? [] : undefined;
    // The usage is checked first, so bad counts are reported whether or not the model is known.
    const { pico, longContext } = bill(entry ?? placeholder, usage, lines);
    if (entry === undefined) {
      const reason = `No price for model ${JSON.stringify(m)} of provider ${JSON.stringify(p)}`;
      return unpriced(p, m, reason);
    }
    const amount = formatAmount(pico);
    return {
      pico,
      result: {
        priced: true,
        provider: p,
        model: m,
        entry,
        longContext,
        amount,
        // The exact decimal string, read correctly rounded: one rounding.
        cost: Number(amount),
        currency: "USD",
        lines: lines ?? [],
      },
    };
  } catch (error) {
    if (error instanceof Invalid) return unpriced(p, m, error.reason);
    return unpriced(p, m, `The response could not be priced: ${errorReason(error)}`);
  }
}

/** Prices of nothing, to check a usage whose model has no entry. */
const placeholder: PriceEntry = {
  provider: "",
  model: "",
  effective: "1970-01-01",
  source: "",
  input: "0",
  output: "0",
};

/**
 * Prices one response's usage (in the catalog's convention; see `normalizeUsage()` for a
 * provider's raw usage) at the table's price for the model at the response's time, exactly:
 * uncached input (`input_tokens − cache_read_tokens − cache_creation_tokens`) at the input
 * price, cache reads at the cache-read price, cache writes at the cache-write price, output
 * (reasoning included) at the output price, unless the entry gives a reasoning price (then the
 * reasoning tokens at it and the rest of the output at the output price). A prompt longer than
 * the entry's `longContext.above` is billed at its long-context prices. Never throws: a model
 * the table does not have, or usage that is missing, not a non-negative integer, or
 * inconsistent (cache reads and writes above the input that includes them), is unpriced with
 * the reason.
 *
 * @param usage The response's token counts, e.g. the `llm.response` measurements.
 * @param options The provider, model, prices and time.
 * @returns The cost with its invoice, or why it is unknown.
 * @example
 * ```ts
 * import { priceUsage } from "@jido/telemetry/cost";
 *
 * // 12,000 input of which 10,000 cache reads and 1,000 cache writes, 500 output, at Sonnet 4's
 * // $3 / $0.30 / $3.75 / $15 per million: 1,000×3 + 10,000×0.30 + 1,000×3.75 + 500×15
 * // = 3,000 + 3,000 + 3,750 + 7,500 = 17,250 dollars per million tokens = $0.01725.
 * const usage = {
 *   input_tokens: 12_000,
 *   cache_read_tokens: 10_000,
 *   cache_creation_tokens: 1_000,
 *   output_tokens: 500,
 * };
 * const cost = priceUsage(usage, { provider: "anthropic", model: "claude-sonnet-4-20250514" });
 * console.log(cost.priced && cost.amount); // "0.01725"
 * console.log(priceUsage(usage, { provider: "openai", model: "mine" }));
 * // { priced: false, provider: "openai", model: "mine",
 * //   reason: 'No price for model "mine" of provider "openai"' }
 * ```
 */
export function priceUsage(usage: object, options: PriceUsageOptions): CostResult {
  const o: Partial<PriceUsageOptions> = typeof options === "object" && options !== null
    ? options
    : {};
  const at = o.at === undefined ? Date.now() : o.at instanceof Date ? o.at.getTime() : o.at;
  if (typeof at !== "number" || !Number.isFinite(at)) {
    return {
      priced: false,
      provider: typeof o.provider === "string" ? o.provider : "",
      model: typeof o.model === "string" ? o.model : "",
      reason: `Invalid time: at must be a Date or milliseconds since the epoch, got ${
        describeValue(o.at)
      }`,
    };
  }
  return costOf(usage, o.provider, o.model, o.prices, at, true).result;
}
