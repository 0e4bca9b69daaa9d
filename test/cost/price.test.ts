// priceUsage(): invoices computed by hand, in dollars per million tokens (the arithmetic in the
// comments), exact decimal strings, dated and long-context prices, and every bad input unpriced
// with its reason.
import test from "ava";
import { createPriceTable, type PriceEntry, priceUsage } from "../../src/cost/mod.ts";

const sonnet4 = { provider: "anthropic", model: "claude-sonnet-4-20250514" };

/** The amount, or the reason when unpriced (so a failure shows why). */
function amount(usage: object, options: Parameters<typeof priceUsage>[1]): string {
  const cost = priceUsage(usage, options);
  return cost.priced ? cost.amount : `unpriced: ${cost.reason}`;
}

test("priceUsage() bills uncached input, cache reads, cache writes and output each at its price", (t) => {
  // Sonnet 4: 12,000 input of which 10,000 cache reads and 1,000 cache writes, 500 output.
  //   uncached input   1,000 × 3.00  =  3,000
  //   cache reads     10,000 × 0.30  =  3,000
  //   cache writes     1,000 × 3.75  =  3,750
  //   output             500 × 15.00 =  7,500
  //   total                            17,250 dollars per million tokens = $0.01725
  const cost = priceUsage(
    {
      input_tokens: 12_000,
      cache_read_tokens: 10_000,
      cache_creation_tokens: 1_000,
      output_tokens: 500,
    },
    { ...sonnet4, at: Date.UTC(2025, 6, 1) },
  );
  if (!cost.priced) return t.fail(cost.reason);
  t.is(cost.amount, "0.01725");
  t.is(cost.cost, 0.01725);
  t.is(cost.currency, "USD");
  t.false(cost.longContext);
  t.is(cost.model, "claude-sonnet-4-20250514");
  t.is(cost.entry.model, "claude-sonnet-4");
  t.is(cost.entry.effective, "2025-05-22");
  t.is(cost.entry.source, "https://docs.anthropic.com/en/docs/about-claude/pricing");
  t.deepEqual(cost.lines, [
    { kind: "input", tokens: 1_000, price: "3.00", amount: "0.003" },
    { kind: "cache_read", tokens: 10_000, price: "0.30", amount: "0.003" },
    { kind: "cache_creation", tokens: 1_000, price: "3.75", amount: "0.00375" },
    { kind: "output", tokens: 500, price: "15.00", amount: "0.0075" },
  ]);
});

test("priceUsage() never prices a cached prompt twice: the double-priced figure is 2.9x, or 11x when fully cached", (t) => {
  const usage = {
    input_tokens: 12_000,
    cache_read_tokens: 10_000,
    cache_creation_tokens: 1_000,
    output_tokens: 500,
  };
  // Double-priced: all 12,000 input at $3 and the cached tokens again at their own prices:
  //   12,000 × 3 + 10,000 × 0.30 + 1,000 × 3.75 + 500 × 15 = 36,000 + 3,000 + 3,750 + 7,500
  //   = 50,250 per million = $0.05025, against the correct $0.01725 (50,250 / 17,250 = 2.913).
  t.is(amount(usage, sonnet4), "0.01725");
  // A prompt served wholly from the cache: 100,000 cache reads, no output.
  //   correct:       100,000 × 0.30 = 30,000 per million = $0.03
  //   double-priced: 100,000 × 3 + 100,000 × 0.30 = 330,000 per million = $0.33 (11x)
  t.is(
    amount({ input_tokens: 100_000, cache_read_tokens: 100_000, output_tokens: 0 }, sonnet4),
    "0.03",
  );
  // Ignoring the cache (all input at $3) would be 12,000 × 3 + 500 × 15 = $0.0435.
});

test("priceUsage() bills reasoning tokens inside output once, at the output price", (t) => {
  // gpt-5: 50,000 input of which 40,000 cached, 3,000 output of which 2,000 reasoning.
  //   uncached input  10,000 × 1.25  = 12,500
  //   cached input    40,000 × 0.125 =  5,000
  //   output           3,000 × 10    = 30,000 (reasoning included, not added again)
  //   total                            47,500 per million = $0.0475
  const cost = priceUsage(
    {
      input_tokens: 50_000,
      cache_read_tokens: 40_000,
      output_tokens: 3_000,
      reasoning_tokens: 2_000,
    },
    { provider: "openai", model: "gpt-5-2025-08-07" },
  );
  if (!cost.priced) return t.fail(cost.reason);
  t.is(cost.amount, "0.0475");
  t.deepEqual(cost.lines.map((l) => [l.kind, l.tokens, l.amount]), [
    ["input", 10_000, "0.0125"],
    ["cache_read", 40_000, "0.005"],
    ["output", 3_000, "0.03"],
  ]);
});

test("priceUsage() bills reasoning at its own price when the entry gives one", (t) => {
  const prices = createPriceTable([{
    provider: "acme",
    model: "thinker",
    effective: "2025-01-01",
    source: "test",
    input: "1.00",
    output: "4.00",
    reasoning: "20.00",
  }], { base: false });
  // 1,000 input, 1,000 output of which 600 reasoning:
  //   input 1,000 × 1 = 1,000; output 400 × 4 = 1,600; reasoning 600 × 20 = 12,000
  //   total 14,600 per million = $0.0146
  const cost = priceUsage(
    { input_tokens: 1_000, output_tokens: 1_000, reasoning_tokens: 600 },
    { provider: "acme", model: "thinker", prices },
  );
  if (!cost.priced) return t.fail(cost.reason);
  t.is(cost.amount, "0.0146");
  t.deepEqual(cost.lines.map((l) => [l.kind, l.tokens, l.price]), [
    ["input", 1_000, "1.00"],
    ["output", 400, "4.00"],
    ["reasoning", 600, "20.00"],
  ]);
  // Without reasoning_tokens, all output is output.
  t.is(
    amount({ input_tokens: 1_000, output_tokens: 1_000 }, {
      provider: "acme",
      model: "thinker",
      prices,
    }),
    "0.005",
  );
});

test("priceUsage() bills a prompt above the long-context threshold at the long-context prices", (t) => {
  const sonnet45 = { provider: "anthropic", model: "claude-sonnet-4-5-20250929" };
  // 300,000 input (200,000 cache reads, 50,000 cache writes), 10,000 output, all at the
  // long-context prices: 50,000 × 6 + 200,000 × 0.60 + 50,000 × 7.50 + 10,000 × 22.50
  //   = 300,000 + 120,000 + 375,000 + 225,000 = 1,020,000 per million = $1.02
  const long = priceUsage({
    input_tokens: 300_000,
    cache_read_tokens: 200_000,
    cache_creation_tokens: 50_000,
    output_tokens: 10_000,
  }, sonnet45);
  if (!long.priced) return t.fail(long.reason);
  t.true(long.longContext);
  t.is(long.amount, "1.02");
  // Gemini 2.5 Pro: exactly 200,000 is not above the threshold:
  //   200,000 × 1.25 + 2,000 × 10 = 250,000 + 20,000 = 270,000 per million = $0.27
  // one token more is: 200,001 × 2.50 + 2,000 × 15 = 500,002.5 + 30,000 = $0.5300025
  const pro = { provider: "gcp.gemini", model: "gemini-2.5-pro" };
  t.is(amount({ input_tokens: 200_000, output_tokens: 2_000 }, pro), "0.27");
  t.is(amount({ input_tokens: 200_001, output_tokens: 2_000 }, pro), "0.5300025");
});

test("priceUsage() is exact where floats are not", (t) => {
  // gpt-4.1-nano, 3 input tokens at $0.10 per million: 0.3 per million = $0.0000003 exactly;
  // in floats 3 × 0.1 / 1e6 is 3.0000000000000004e-7.
  t.not(3 * 0.1 / 1e6, 3e-7);
  const nano = priceUsage({ input_tokens: 3, output_tokens: 0 }, {
    provider: "openai",
    model: "gpt-4.1-nano",
  });
  t.like(nano, { priced: true, amount: "0.0000003", cost: 3e-7 });
  // The smallest price, $0.000001 per million tokens, for one token: $1e-12.
  const prices = createPriceTable([{
    provider: "acme",
    model: "tiny",
    effective: "2025-01-01",
    source: "test",
    input: "0.000001",
    output: "0",
  }], { base: false });
  const tiny = priceUsage({ input_tokens: 1, output_tokens: 5 }, {
    provider: "acme",
    model: "tiny",
    prices,
  });
  t.like(tiny, { priced: true, amount: "0.000000000001", cost: 1e-12 });
  // A large bill: 2^53 - 1 tokens at $75 per million is exactly
  // 9,007,199,254,740,991 × 75 / 1e6 = $675,539,944,105.574325.
  t.is(
    amount({ input_tokens: 0, output_tokens: Number.MAX_SAFE_INTEGER }, {
      provider: "anthropic",
      model: "claude-opus-4-1",
    }),
    "675539944105.574325",
  );
});

test("priceUsage() takes the dated price in effect at the response's time", (t) => {
  // o3: $10 / $40 from 2025-04-16, $2 / $8 from 2025-06-10 (UTC days).
  const o3 = (at: Date | number) =>
    amount({ input_tokens: 1_000_000, output_tokens: 1_000_000 }, {
      provider: "openai",
      model: "o3-2025-04-16",
      at,
    });
  t.is(o3(new Date("2025-05-01T12:00:00Z")), "50.00");
  t.is(o3(Date.UTC(2025, 5, 9, 23, 59, 59, 999)), "50.00");
  t.is(o3(Date.UTC(2025, 5, 10)), "10.00");
  t.is(o3(Date.UTC(2026, 0, 1)), "10.00");
  // Before every dated entry, the earliest applies.
  t.is(o3(Date.UTC(2024, 0, 1)), "50.00");
  const cost = priceUsage({ input_tokens: 1, output_tokens: 1 }, {
    provider: "openai",
    model: "o3",
    at: Date.UTC(2025, 6, 1),
  });
  t.is(cost.priced && cost.entry.effective, "2025-06-10");
});

test("priceUsage() prices a response of no tokens at zero, as a priced result", (t) => {
  t.like(priceUsage({ input_tokens: 0, output_tokens: 0 }, sonnet4), {
    priced: true,
    amount: "0.00",
    cost: 0,
    lines: [],
  });
});

test("priceUsage() leaves an unknown model or provider unpriced, never zero", (t) => {
  const usage = { input_tokens: 100, output_tokens: 10 };
  const unknown = priceUsage(usage, { provider: "openai", model: "gpt-99" });
  t.deepEqual(unknown, {
    priced: false,
    provider: "openai",
    model: "gpt-99",
    reason: 'No price for model "gpt-99" of provider "openai"',
  });
  t.false("amount" in unknown || "cost" in unknown);
  t.like(priceUsage(usage, { provider: "acme", model: "claude-sonnet-4" }), {
    priced: false,
    reason: 'No price for model "claude-sonnet-4" of provider "acme"',
  });
  // A model is never found under another provider.
  t.like(priceUsage(usage, { provider: "openai", model: "claude-sonnet-4" }), { priced: false });
});

test("priceUsage() rejects bad token counts with a clear reason", (t) => {
  const reason = (usage: unknown, options = sonnet4) => {
    const cost = priceUsage(usage as object, options);
    return cost.priced ? "priced" : cost.reason;
  };
  const base = { input_tokens: 100, output_tokens: 10 };
  t.is(
    reason({ ...base, input_tokens: -1 }),
    "Invalid usage: input_tokens must be a non-negative integer, got -1",
  );
  t.is(
    reason({ ...base, output_tokens: NaN }),
    "Invalid usage: output_tokens must be a non-negative integer, got NaN",
  );
  t.is(
    reason({ ...base, input_tokens: "100" }),
    'Invalid usage: input_tokens must be a non-negative integer, got "100"',
  );
  t.is(
    reason({ ...base, input_tokens: 1.5 }),
    "Invalid usage: input_tokens must be a non-negative integer, got 1.5",
  );
  t.is(
    reason({ ...base, output_tokens: Infinity }),
    "Invalid usage: output_tokens must be a non-negative integer, got Infinity",
  );
  t.is(
    reason({ ...base, input_tokens: 2 ** 53 }),
    "Invalid usage: input_tokens must be a non-negative integer, got 9007199254740992",
  );
  t.is(
    reason({ ...base, cache_read_tokens: null }),
    "Invalid usage: cache_read_tokens must be a non-negative integer, got null",
  );
  t.is(reason({ output_tokens: 10 }), "Invalid usage: input_tokens is missing");
  t.is(reason({ input_tokens: 10 }), "Invalid usage: output_tokens is missing");
  t.is(reason(null), "Invalid usage: expected an object, got null");
  t.is(reason("12"), 'Invalid usage: expected an object, got "12"');
  t.is(
    reason({ ...base, cache_read_tokens: 101 }),
    "Invalid usage: cache_read_tokens (101) + cache_creation_tokens (0) exceed input_tokens (100), " +
      "which includes them; normalize a provider's usage with normalizeUsage()",
  );
  t.is(
    reason({ ...base, cache_read_tokens: 60, cache_creation_tokens: 41 }),
    "Invalid usage: cache_read_tokens (60) + cache_creation_tokens (41) exceed input_tokens (100), " +
      "which includes them; normalize a provider's usage with normalizeUsage()",
  );
  t.is(
    reason({ ...base, reasoning_tokens: 11 }),
    "Invalid usage: reasoning_tokens (11) exceeds output_tokens (10), which includes them",
  );
  // Bad counts are reported for an unknown model too.
  t.is(
    reason({ ...base, input_tokens: -1 }, { provider: "openai", model: "gpt-99" }),
    "Invalid usage: input_tokens must be a non-negative integer, got -1",
  );
  // A throwing getter is read safely.
  const hostile = {
    output_tokens: 1,
    get input_tokens(): number {
      throw new Error("boom");
    },
  };
  t.is(
    reason(hostile),
    'Invalid usage: input_tokens must be a non-negative integer, got "[Throws: boom]"',
  );
});

test("priceUsage() rejects a missing provider or model and a bad time", (t) => {
  const usage = { input_tokens: 1, output_tokens: 1 };
  t.like(priceUsage(usage, { provider: "", model: "gpt-4o" }), {
    priced: false,
    reason: 'No provider: got ""',
  });
  t.like(priceUsage(usage, { provider: "openai", model: undefined as unknown as string }), {
    priced: false,
    model: "",
    reason: "No model: got undefined",
  });
  t.like(priceUsage(usage, { provider: "openai", model: "gpt-4o", at: NaN }), {
    priced: false,
    reason: "Invalid time: at must be a Date or milliseconds since the epoch, got NaN",
  });
  t.like(priceUsage(usage, { provider: "openai", model: "gpt-4o", at: new Date("nope") }), {
    priced: false,
  });
  t.like(priceUsage(usage, undefined as unknown as { provider: string; model: string }), {
    priced: false,
    reason: "No provider: got undefined",
  });
});

test("priceUsage() uses the table it is given", (t) => {
  const entry: PriceEntry = {
    provider: "openai",
    model: "gpt-4o",
    effective: "2025-01-01",
    source: "our contract",
    input: "2.00",
    output: "8.00",
  };
  const prices = createPriceTable([entry]);
  // 1,000 × 2 + 1,000 × 8 = 10,000 per million = $0.01 (the default table: 2,500 + 10,000).
  const usage = { input_tokens: 1_000, output_tokens: 1_000 };
  t.is(amount(usage, { provider: "openai", model: "gpt-4o", prices }), "0.01");
  t.is(amount(usage, { provider: "openai", model: "gpt-4o" }), "0.0125");
});
