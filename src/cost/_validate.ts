/**
 * The checks a price entry passes before a table takes it: every price an exact decimal string,
 * dates real days, no unknown field (a misspelt `cache_read` must not silently price cache reads
 * at the input price).
 *
 * @module
 */

import { describeValue } from "../metrics/options.ts";
import { parsePrice, priceDecimals } from "./_decimal.ts";
import type { LongContextPrices, PriceEntry, TokenPrices } from "./price_entry.ts";

const priceFields = ["input", "output", "cacheRead", "cacheWrite", "reasoning"] as const;
const optionalPrices = ["cacheRead", "cacheWrite", "reasoning"] as const;
const entryFields = new Set<string>([
  "provider",
  "model",
  "aliases",
  "effective",
  "source",
  "longContext",
  ...priceFields,
]);
const longContextFields = new Set<string>(["above", ...priceFields]);
const dayPattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Milliseconds since the epoch of a `YYYY-MM-DD` day at 00:00 UTC; `undefined` if not a day. */
export function dayStart(text: unknown): number | undefined {
  if (typeof text !== "string") return undefined;
  const m = dayPattern.exec(text);
  if (m === null) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const date = new Date(ms);
  const real = date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 &&
    date.getUTCDate() === d;
  return real ? ms : undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

const isName = (v: unknown): v is string => typeof v === "string" && v !== "";

/** Checks the prices of an entry or of its long-context tier; returns a frozen copy. */
function checkPrices(
  value: Record<string, unknown>,
  allowed: ReadonlySet<string>,
  fail: (message: string) => never,
  where: string,
): TokenPrices {
  for (const key of Object.keys(value)) {
    if (!allowed.has(key)) {
      fail(
        `unknown field ${JSON.stringify(key)}${where}, expected one of ${[...allowed].join(", ")}`,
      );
    }
  }
  const out: Record<string, string> = {};
  for (const field of priceFields) {
    const price = value[field];
    if (price === undefined && (field === "input" || field === "output")) {
      fail(`${field}${where} is missing`);
    }
    if (price === undefined) continue;
    if (parsePrice(price) === undefined) {
      fail(
        `${field}${where} must be a decimal string of US dollars per million tokens with at most ` +
          `${priceDecimals} decimals, e.g. "3.75", got ${describeValue(price)}`,
      );
    }
    out[field] = price as string;
  }
  return out as unknown as TokenPrices;
}

/**
 * Checks one price entry and returns a frozen copy holding only its known fields.
 *
 * @throws {TypeError} Naming the entry (`provider/model (effective)`) and what is wrong.
 */
export function checkEntry(value: unknown, index: number): PriceEntry {
  const name = isPlainObject(value) && isName(value.provider) && isName(value.model)
    ? `${value.provider}/${value.model}${
      typeof value.effective === "string" ? ` (${value.effective})` : ""
    }`
    : `#${index}`;
  const fail = (message: string): never => {
    throw new TypeError(`Invalid price entry ${name}: ${message}`);
  };
  if (!isPlainObject(value)) return fail(`expected a plain object, got ${describeValue(value)}`);
  for (const field of ["provider", "model", "source"] as const) {
    if (!isName(value[field])) {
      fail(`${field} must be a non-empty string, got ${describeValue(value[field])}`);
    }
  }
  if (dayStart(value.effective) === undefined) {
    fail(`effective must be a day YYYY-MM-DD, got ${describeValue(value.effective)}`);
  }
  const aliases = value.aliases;
  if (aliases !== undefined && !(Array.isArray(aliases) && aliases.every(isName))) {
    fail(`aliases must be an array of non-empty strings, got ${describeValue(aliases)}`);
  }
  const prices = checkPrices(value, entryFields, fail, "");
  const entry: Record<string, unknown> = {
    provider: value.provider,
    model: value.model,
    ...(aliases !== undefined && { aliases: Object.freeze([...aliases as string[]]) }),
    effective: value.effective,
    source: value.source,
    ...prices,
  };
  if (value.longContext !== undefined) {
    entry.longContext = checkLongContext(value.longContext, prices, fail);
  }
  return Object.freeze(entry) as unknown as PriceEntry;
}

function checkLongContext(
  value: unknown,
  base: TokenPrices,
  fail: (message: string) => never,
): LongContextPrices {
  if (!isPlainObject(value)) {
    return fail(`longContext must be a plain object, got ${describeValue(value)}`);
  }
  const above = value.above;
  if (typeof above !== "number" || !Number.isSafeInteger(above) || above < 0) {
    fail(`longContext.above must be a non-negative integer of tokens, got ${describeValue(above)}`);
  }
  const prices = checkPrices(value, longContextFields, fail, " of longContext");
  for (const field of optionalPrices) {
    if (base[field] !== undefined && prices[field] === undefined) {
      fail(`longContext must give ${field} too, since the entry does`);
    }
  }
  return Object.freeze({ above: above as number, ...prices });
}
