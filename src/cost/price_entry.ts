/**
 * The shape of a price table's data: one entry per provider, model and effective date, prices
 * written as exact decimal strings of US dollars per million tokens.
 *
 * @module
 */

/**
 * Prices per million tokens, in US dollars, each an exact decimal string with at most six
 * decimals (`"3.00"`, `"0.30"`, `"3.75"`): no float ever enters the arithmetic.
 */
export interface TokenPrices {
  /** Uncached prompt tokens. */
  readonly input: string;
  /** Response tokens, and reasoning tokens unless {@link reasoning} is given. */
  readonly output: string;
  /**
   * Prompt tokens read from the provider's cache (Anthropic's cache hits, OpenAI's cached input,
   * Gemini's cached content).
   * @default input (no discount)
   */
  readonly cacheRead?: string;
  /**
   * Prompt tokens written to the provider's cache (Anthropic's 5-minute cache writes, 1.25x
   * input).
   * @default input (no surcharge, as OpenAI and Gemini bill them)
   */
  readonly cacheWrite?: string;
  /**
   * Reasoning (thinking) tokens, when a model bills them apart from output.
   * @default output (every provider in the default table bills reasoning as output)
   */
  readonly reasoning?: string;
}

/**
 * The prices of a long prompt: when a response's `input_tokens` (cached tokens included) is
 * above {@link above}, every token of that response is billed at these prices instead, as
 * Anthropic bills Sonnet 4 and 4.5 past 200K input tokens (the 1M-context beta) and Google bills
 * Gemini 2.5 Pro past a 200K-token prompt. A price the entry gives (`cacheRead`, `cacheWrite`,
 * `reasoning`) must be given here too.
 */
export interface LongContextPrices extends TokenPrices {
  /** The threshold in input tokens: the long-context prices apply to a prompt longer than this. */
  readonly above: number;
}

/** One price of one model, in effect from its date. */
export interface PriceEntry extends TokenPrices {
  /**
   * The provider, as the catalog's `provider` metadata names it (OpenTelemetry's
   * `gen_ai.provider.name`): `"anthropic"`, `"openai"`, `"gcp.gemini"`.
   */
  readonly provider: string;
  /** The model id, without a date suffix: `"claude-sonnet-4"`, `"gpt-4o"`. */
  readonly model: string;
  /**
   * Other exact ids of the same model, e.g. Anthropic's `"claude-sonnet-4-0"`.
   * @default []
   */
  readonly aliases?: readonly string[];
  /**
   * The day (UTC, `YYYY-MM-DD`) from which this price applies. Of a model's dated entries, a
   * response is priced by the latest one in effect at its time (the earliest before them all).
   */
  readonly effective: string;
  /** Where the price comes from: the provider's pricing page, or your contract. */
  readonly source: string;
  /** The prices of a prompt longer than a threshold. @default none: one price at any length */
  readonly longContext?: LongContextPrices;
}

/** A price table as data: the date its prices were taken, and its entries. */
export interface PriceList {
  /** The day (`YYYY-MM-DD`) the prices were checked against their sources. */
  readonly date: string;
  /** The currency of every price: US dollars. */
  readonly currency: "USD";
  /** The entries, any order. */
  readonly entries: readonly PriceEntry[];
}
