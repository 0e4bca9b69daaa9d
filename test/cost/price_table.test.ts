// The price table: the default data, the snapshot-name rule (and what it never guesses),
// overrides, dated entries, and the checks that keep a typo from pricing anything silently.
import test from "ava";
import {
  createPriceTable,
  defaultPrices,
  type PriceEntry,
  type PriceList,
} from "../../src/cost/mod.ts";

/** A price string in micro-dollars per million tokens, for exact ratios. */
const micro = (price: string | undefined): bigint => {
  const [whole, fraction = ""] = price!.split(".");
  return BigInt(whole) * 1_000_000n + BigInt(fraction.padEnd(6, "0"));
};

const entry = (overrides: Partial<PriceEntry> & Record<string, unknown> = {}): PriceEntry => ({
  provider: "acme",
  model: "acme-1",
  effective: "2025-01-01",
  source: "https://acme.example/pricing",
  input: "1.00",
  output: "2.00",
  ...overrides,
} as PriceEntry);

test("defaultPrices is dated, sourced, frozen data", (t) => {
  t.is(defaultPrices.date, "2025-11-24");
  t.is(defaultPrices.currency, "USD");
  t.true(Object.isFrozen(defaultPrices) && Object.isFrozen(defaultPrices.entries));
  t.true(defaultPrices.entries.every((e) => Object.isFrozen(e)));
  const sources: Record<string, string> = {
    anthropic: "https://docs.anthropic.com/en/docs/about-claude/pricing",
    openai: "https://platform.openai.com/docs/pricing",
    "gcp.gemini": "https://ai.google.dev/gemini-api/docs/pricing",
  };
  for (const e of defaultPrices.entries) {
    t.is(e.source, sources[e.provider], e.model);
    t.true(e.effective <= defaultPrices.date, e.model);
  }
  t.deepEqual(
    [...new Set(defaultPrices.entries.map((e) => `${e.provider}/${e.model}`))],
    [
      "anthropic/claude-opus-4-5",
      "anthropic/claude-opus-4-1",
      "anthropic/claude-opus-4",
      "anthropic/claude-sonnet-4-5",
      "anthropic/claude-sonnet-4",
      "anthropic/claude-haiku-4-5",
      "anthropic/claude-3-5-haiku",
      "openai/gpt-5",
      "openai/gpt-5-mini",
      "openai/gpt-5-nano",
      "openai/gpt-4.1",
      "openai/gpt-4.1-mini",
      "openai/gpt-4.1-nano",
      "openai/gpt-4o",
      "openai/gpt-4o-2024-05-13",
      "openai/gpt-4o-mini",
      "openai/o3",
      "openai/o4-mini",
      "gcp.gemini/gemini-2.5-pro",
      "gcp.gemini/gemini-2.5-flash",
    ],
  );
  // The whole default table passes the table's own checks.
  t.is(createPriceTable().entries().length, defaultPrices.entries.length);
});

test("defaultPrices follows each provider's caching rules", (t) => {
  for (const e of defaultPrices.entries) {
    for (const p of [e, e.longContext].filter((x) => x !== undefined)) {
      t.is(p.reasoning, undefined, `${e.model}: reasoning is billed as output`);
      if (e.provider === "anthropic") {
        // 5-minute cache writes 1.25x input, cache reads 0.1x input, exactly.
        t.is(micro(p.cacheWrite) * 4n, micro(p.input) * 5n, `${e.model} cache write`);
        t.is(micro(p.cacheRead) * 10n, micro(p.input), `${e.model} cache read`);
      } else {
        // OpenAI and Gemini: no cache-write charge; cached input discounted (if at all).
        t.is(p.cacheWrite, undefined, e.model);
        if (p.cacheRead !== undefined) t.true(micro(p.cacheRead) < micro(p.input), e.model);
      }
    }
  }
});

test("lookup() matches exact ids, aliases and dated snapshots by one documented rule", (t) => {
  const prices = createPriceTable();
  const found = (provider: string, model: string) =>
    prices.lookup(provider, model, Date.UTC(2025, 11, 1))?.model;
  const cases: [string, string, string | undefined][] = [
    ["anthropic", "claude-sonnet-4", "claude-sonnet-4"],
    ["anthropic", "claude-sonnet-4-20250514", "claude-sonnet-4"],
    ["anthropic", "claude-sonnet-4-0", "claude-sonnet-4"],
    ["anthropic", "claude-sonnet-4-5-20250929", "claude-sonnet-4-5"],
    ["anthropic", "claude-opus-4-20250514", "claude-opus-4"],
    ["anthropic", "claude-opus-4-0", "claude-opus-4"],
    ["anthropic", "claude-opus-4-1-20250805", "claude-opus-4-1"],
    ["anthropic", "claude-opus-4-5-20251101", "claude-opus-4-5"],
    ["anthropic", "claude-haiku-4-5-20251001", "claude-haiku-4-5"],
    ["anthropic", "claude-3-5-haiku-20241022", "claude-3-5-haiku"],
    ["anthropic", "claude-3-5-haiku-latest", "claude-3-5-haiku"],
    ["openai", "gpt-4o-2024-08-06", "gpt-4o"],
    ["openai", "gpt-4o-2024-11-20", "gpt-4o"],
    ["openai", "gpt-4o-2024-05-13", "gpt-4o-2024-05-13"],
    ["openai", "gpt-4o-mini-2024-07-18", "gpt-4o-mini"],
    ["openai", "gpt-5-2025-08-07", "gpt-5"],
    ["openai", "gpt-5-mini-2025-08-07", "gpt-5-mini"],
    ["openai", "gpt-4.1-2025-04-14", "gpt-4.1"],
    ["openai", "o3-2025-04-16", "o3"],
    ["openai", "o4-mini-2025-04-16", "o4-mini"],
    ["gcp.gemini", "gemini-2.5-pro", "gemini-2.5-pro"],
    ["gcp.gemini", "models/gemini-2.5-flash", "gemini-2.5-flash"],
    ["google", "gemini-2.5-flash", "gemini-2.5-flash"],
    ["gemini", "gemini-2.5-pro", "gemini-2.5-pro"],
  ];
  for (const [provider, model, expected] of cases) {
    t.is(found(provider, model), expected, `${provider} ${model}`);
  }
});

test("lookup() never guesses across models, families or providers", (t) => {
  const prices = createPriceTable();
  const cases: [string, string][] = [
    ["openai", "gpt-5-pro"],
    ["openai", "gpt-5-chat-latest"],
    ["openai", "gpt-4o-audio-preview"],
    ["openai", "gpt-4o-mini-tts"],
    ["openai", "gpt-4"],
    ["openai", "GPT-4o"],
    ["openai", "gpt-4o-2024-13-01"], // not a calendar date
    ["openai", "gpt-4o-20240806x"],
    ["anthropic", "claude-sonnet-4-20250230"], // February 30th
    ["anthropic", "claude-sonnet"],
    ["anthropic", "claude-sonnet-4-6"],
    ["anthropic", "claude-3-7-sonnet-latest"],
    ["anthropic", "claude-sonnet-4@20250514"],
    ["gcp.gemini", "gemini-2.5-flash-lite"],
    ["gcp.gemini", "gemini-2.5-flash-preview-04-17"],
    ["openai", "claude-sonnet-4"],
    ["anthropic", "gpt-4o"],
    ["gcp.vertex_ai", "gemini-2.5-pro"],
    ["aws.bedrock", "claude-sonnet-4"],
    ["", "gpt-4o"],
  ];
  for (const [provider, model] of cases) {
    t.is(prices.lookup(provider, model), undefined, `${provider} ${model}`);
  }
  t.is(prices.lookup(undefined as unknown as string, "gpt-4o"), undefined);
});

test("lookup() takes the latest dated entry in effect, else the earliest", (t) => {
  const prices = createPriceTable();
  const at = (iso: string) => prices.lookup("openai", "o3", new Date(iso))?.input;
  t.is(at("2025-04-16T00:00:00Z"), "10.00");
  t.is(at("2025-06-09T23:59:59.999Z"), "10.00");
  t.is(at("2025-06-10T00:00:00Z"), "2.00");
  t.is(at("2020-01-01T00:00:00Z"), "10.00");
  // A single entry applies at any time.
  t.is(prices.lookup("openai", "gpt-5", Date.UTC(2020, 0, 1))?.input, "1.25");
  t.throws(() => prices.lookup("openai", "o3", NaN), {
    instanceOf: TypeError,
    message: "lookup() needs a Date or milliseconds since the epoch, got NaN",
  });
});

test("createPriceTable() entries replace the base's entries of their model and add others", (t) => {
  const prices = createPriceTable([
    entry({ provider: "openai", model: "gpt-4o", effective: "2024-01-01", input: "2.00" }),
    entry({ provider: "acme", model: "acme-1" }),
  ]);
  // The override's earlier date does not let the base's later gpt-4o entry win: it is gone.
  t.is(prices.lookup("openai", "gpt-4o-2024-08-06")?.input, "2.00");
  t.is(prices.entries().filter((e) => e.model === "gpt-4o").length, 1);
  // The snapshot with its own entry keeps it.
  t.is(prices.lookup("openai", "gpt-4o-2024-05-13")?.input, "5.00");
  t.is(prices.lookup("acme", "acme-1")?.source, "https://acme.example/pricing");
  t.is(prices.lookup("anthropic", "claude-haiku-4-5")?.input, "1.00");
  // Dated entries of an override.
  const dated = createPriceTable([
    entry({ effective: "2025-01-01", input: "1.00" }),
    entry({ effective: "2025-07-01", input: "0.50" }),
  ], { base: false });
  t.is(dated.lookup("acme", "acme-1", Date.UTC(2025, 5, 30))?.input, "1.00");
  t.is(dated.lookup("acme", "acme-1", Date.UTC(2025, 6, 1))?.input, "0.50");
});

test("createPriceTable() with base: false holds only the entries given", (t) => {
  const prices = createPriceTable([entry()], { base: false });
  t.is(prices.entries().length, 1);
  t.is(prices.lookup("openai", "gpt-4o"), undefined);
  t.is(createPriceTable([], { base: false }).entries().length, 0);
  const list: PriceList = { date: "2025-01-01", currency: "USD", entries: [entry()] };
  t.is(createPriceTable([], { base: list }).lookup("acme", "acme-1")?.input, "1.00");
  t.throws(() => createPriceTable([], { base: "none" as unknown as false }), {
    instanceOf: TypeError,
    message:
      'createPriceTable() option base must be a price list such as defaultPrices, or false, got "none"',
  });
});

test("set() changes prices at run time, replacing a model's entries and aliases", (t) => {
  const prices = createPriceTable([], { base: false });
  prices.set(entry({ aliases: ["acme-one"] }));
  t.is(prices.lookup("acme", "acme-one-20250101")?.input, "1.00");
  prices.set([entry({ input: "3.00" })]);
  t.is(prices.lookup("acme", "acme-1")?.input, "3.00");
  t.is(prices.lookup("acme", "acme-one"), undefined);
  // Entries are copied and frozen: changing the object given changes nothing.
  const given = entry({ model: "acme-2" }) as { input: string };
  prices.set(given as PriceEntry);
  given.input = "99.00";
  t.is(prices.lookup("acme", "acme-2")?.input, "1.00");
  t.true(Object.isFrozen(prices.lookup("acme", "acme-2")));
});

test("set() rejects an invalid entry, naming it and the field, and changes nothing", (t) => {
  const prices = createPriceTable([entry()], { base: false });
  const rejects = (value: unknown, message: string) => {
    t.throws(() => prices.set(value as PriceEntry), { instanceOf: TypeError, message }, message);
  };
  const name = "Invalid price entry acme/acme-1 (2025-01-01):";
  rejects(
    entry({ cache_read: "0.10" }),
    `${name} unknown field "cache_read", expected one of provider, model, aliases, effective, ` +
      "source, longContext, input, output, cacheRead, cacheWrite, reasoning",
  );
  rejects(
    entry({ input: 3.75 as unknown as string }),
    `${name} input must be a decimal string of US dollars per million tokens with at most 6 ` +
      'decimals, e.g. "3.75", got 3.75',
  );
  for (const bad of ["3.1234567", "-1", "1e3", " 3", "3.", ".5", "03.00", ""]) {
    rejects(
      entry({ output: bad }),
      `${name} output must be a decimal string of US dollars per million tokens with at most 6 ` +
        `decimals, e.g. "3.75", got ${JSON.stringify(bad)}`,
    );
  }
  rejects(entry({ input: undefined }), `${name} input is missing`);
  rejects(entry({ source: "" }), `${name} source must be a non-empty string, got ""`);
  rejects(
    entry({ effective: "2025-02-30" }),
    'Invalid price entry acme/acme-1 (2025-02-30): effective must be a day YYYY-MM-DD, got "2025-02-30"',
  );
  rejects(
    entry({ aliases: "acme" as unknown as string[] }),
    `${name} aliases must be an array of non-empty strings, got "acme"`,
  );
  rejects(
    entry({ cacheRead: "0.10", longContext: { above: 1000, input: "2.00", output: "4.00" } }),
    `${name} longContext must give cacheRead too, since the entry does`,
  );
  rejects(
    entry({ longContext: { above: -1, input: "2.00", output: "4.00" } }),
    `${name} longContext.above must be a non-negative integer of tokens, got -1`,
  );
  rejects(
    entry({ longContext: { above: 10, input: "2.00", output: "4.00", threshold: 5 } as never }),
    `${name} unknown field "threshold" of longContext, expected one of above, input, output, ` +
      "cacheRead, cacheWrite, reasoning",
  );
  rejects(null, "Invalid price entry #0: expected a plain object, got null");
  rejects(
    [entry({ model: "b" }), entry({ model: "b", input: "2.00" })],
    "Invalid price entry acme/b (2025-01-01): two entries of the model take effect that day",
  );
  rejects(
    [entry({ model: "b", aliases: ["acme-1"] })],
    'Invalid price entry acme/b: the name "acme-1" is also model "acme-1"',
  );
  // Nothing changed: a failed set() is all or nothing.
  t.deepEqual(prices.entries().map((e) => [e.model, e.input]), [["acme-1", "1.00"]]);
});

test("createPriceTable() accepts a price of zero when it is written down", (t) => {
  const prices = createPriceTable([entry({ input: "0", output: "0.00" })], { base: false });
  t.is(prices.lookup("acme", "acme-1")?.output, "0.00");
});
