/**
 * The default price table: the major providers' current models as plain data, prices as
 * published on their pricing pages (US dollars per million tokens; standard tier, text tokens).
 *
 * What it does not hold, so you can override it where it matters to you:
 *
 * - Anthropic's 1-hour cache writes (2x input) are priced as 5-minute writes (1.25x input): the
 *   catalog's `cache_creation_tokens` does not tell the two apart.
 * - Audio and image token prices, batch, flex and priority tiers, regional endpoints (Bedrock,
 *   Vertex AI, Azure), Gemini's cache storage per hour, tool fees (web search, code execution).
 * - An entry whose `effective` date is the table's own date records no earlier price: its
 *   price history before that day was not checked.
 *
 * @module
 */

import type { PriceList } from "./price_entry.ts";

/** Anthropic: 5-minute cache writes are 1.25x input, cache reads 0.1x input. */
const anthropic = "https://docs.anthropic.com/en/docs/about-claude/pricing";
/** OpenAI: cached input is discounted, cache writes cost nothing extra, reasoning is output. */
const openai = "https://platform.openai.com/docs/pricing";
/** Google's Gemini Developer API: output includes thinking tokens. */
const gemini = "https://ai.google.dev/gemini-api/docs/pricing";

/**
 * The default price table: Anthropic (`claude-opus-4-5`, `-4-1`, `-4`, `claude-sonnet-4-5`,
 * `-4`, `claude-haiku-4-5`, `claude-3-5-haiku`), OpenAI (`gpt-5`, `-mini`, `-nano`, `gpt-4.1`,
 * `-mini`, `-nano`, `gpt-4o` and its first snapshot, `gpt-4o-mini`, `o3` before and after its
 * price cut, `o4-mini`) and Google's Gemini API (`gemini-2.5-pro`, `gemini-2.5-flash`), each
 * entry with its effective date and its source, the provider's pricing page. Deeply frozen.
 * Prices change: check the ones you rely on, and override them with `createPriceTable()`.
 *
 * @example
 * ```ts
 * import { defaultPrices } from "@jido/telemetry/cost";
 *
 * const sonnet = defaultPrices.entries.find((e) => e.model === "claude-sonnet-4");
 * console.log(defaultPrices.date, sonnet?.input, sonnet?.cacheRead, sonnet?.cacheWrite);
 * // 2025-11-24 3.00 0.30 3.75
 * ```
 */
export const defaultPrices: PriceList = deepFreeze({
  date: "2025-11-24",
  currency: "USD",
  entries: [
    // Anthropic
    {
      provider: "anthropic",
      model: "claude-opus-4-5",
      effective: "2025-11-24",
      source: anthropic,
      input: "5.00",
      output: "25.00",
      cacheRead: "0.50",
      cacheWrite: "6.25",
    },
    {
      provider: "anthropic",
      model: "claude-opus-4-1",
      effective: "2025-08-05",
      source: anthropic,
      input: "15.00",
      output: "75.00",
      cacheRead: "1.50",
      cacheWrite: "18.75",
    },
    {
      provider: "anthropic",
      model: "claude-opus-4",
      aliases: ["claude-opus-4-0"],
      effective: "2025-05-22",
      source: anthropic,
      input: "15.00",
      output: "75.00",
      cacheRead: "1.50",
      cacheWrite: "18.75",
    },
    {
      provider: "anthropic",
      model: "claude-sonnet-4-5",
      effective: "2025-09-29",
      source: anthropic,
      input: "3.00",
      output: "15.00",
      cacheRead: "0.30",
      cacheWrite: "3.75",
      // Past 200K input tokens (the 1M-context beta): 2x input, 1.5x output.
      longContext: {
        above: 200_000,
        input: "6.00",
        output: "22.50",
        cacheRead: "0.60",
        cacheWrite: "7.50",
      },
    },
    {
      provider: "anthropic",
      model: "claude-sonnet-4",
      aliases: ["claude-sonnet-4-0"],
      effective: "2025-05-22",
      source: anthropic,
      input: "3.00",
      output: "15.00",
      cacheRead: "0.30",
      cacheWrite: "3.75",
      longContext: {
        above: 200_000,
        input: "6.00",
        output: "22.50",
        cacheRead: "0.60",
        cacheWrite: "7.50",
      },
    },
    {
      provider: "anthropic",
      model: "claude-haiku-4-5",
      effective: "2025-10-15",
      source: anthropic,
      input: "1.00",
      output: "5.00",
      cacheRead: "0.10",
      cacheWrite: "1.25",
    },
    {
      provider: "anthropic",
      model: "claude-3-5-haiku",
      effective: "2025-11-24",
      source: anthropic,
      input: "0.80",
      output: "4.00",
      cacheRead: "0.08",
      cacheWrite: "1.00",
    },
    // OpenAI
    {
      provider: "openai",
      model: "gpt-5",
      effective: "2025-08-07",
      source: openai,
      input: "1.25",
      output: "10.00",
      cacheRead: "0.125",
    },
    {
      provider: "openai",
      model: "gpt-5-mini",
      effective: "2025-08-07",
      source: openai,
      input: "0.25",
      output: "2.00",
      cacheRead: "0.025",
    },
    {
      provider: "openai",
      model: "gpt-5-nano",
      effective: "2025-08-07",
      source: openai,
      input: "0.05",
      output: "0.40",
      cacheRead: "0.005",
    },
    {
      provider: "openai",
      model: "gpt-4.1",
      effective: "2025-04-14",
      source: openai,
      input: "2.00",
      output: "8.00",
      cacheRead: "0.50",
    },
    {
      provider: "openai",
      model: "gpt-4.1-mini",
      effective: "2025-04-14",
      source: openai,
      input: "0.40",
      output: "1.60",
      cacheRead: "0.10",
    },
    {
      provider: "openai",
      model: "gpt-4.1-nano",
      effective: "2025-04-14",
      source: openai,
      input: "0.10",
      output: "0.40",
      cacheRead: "0.025",
    },
    {
      provider: "openai",
      model: "gpt-4o",
      effective: "2024-08-06",
      source: openai,
      input: "2.50",
      output: "10.00",
      cacheRead: "1.25",
    },
    // The first gpt-4o snapshot kept its launch price, with no cached-input discount.
    {
      provider: "openai",
      model: "gpt-4o-2024-05-13",
      effective: "2024-05-13",
      source: openai,
      input: "5.00",
      output: "15.00",
    },
    {
      provider: "openai",
      model: "gpt-4o-mini",
      effective: "2024-07-18",
      source: openai,
      input: "0.15",
      output: "0.60",
      cacheRead: "0.075",
    },
    // o3 launched at $10 / $40 and was cut by 80% on 2025-06-10.
    {
      provider: "openai",
      model: "o3",
      effective: "2025-04-16",
      source: openai,
      input: "10.00",
      output: "40.00",
      cacheRead: "2.50",
    },
    {
      provider: "openai",
      model: "o3",
      effective: "2025-06-10",
      source: openai,
      input: "2.00",
      output: "8.00",
      cacheRead: "0.50",
    },
    {
      provider: "openai",
      model: "o4-mini",
      effective: "2025-04-16",
      source: openai,
      input: "1.10",
      output: "4.40",
      cacheRead: "0.275",
    },
    // Google's Gemini Developer API
    {
      provider: "gcp.gemini",
      model: "gemini-2.5-pro",
      effective: "2025-11-24",
      source: gemini,
      input: "1.25",
      output: "10.00",
      cacheRead: "0.125",
      // A prompt longer than 200K tokens.
      longContext: { above: 200_000, input: "2.50", output: "15.00", cacheRead: "0.25" },
    },
    {
      provider: "gcp.gemini",
      model: "gemini-2.5-flash",
      effective: "2025-11-24",
      source: gemini,
      input: "0.30",
      output: "2.50",
      cacheRead: "0.03",
    },
  ],
});

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
