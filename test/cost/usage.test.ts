// normalizeUsage(): each provider's raw usage into the catalog's convention (cached tokens
// inside input_tokens, reasoning inside output_tokens), so the same request costs the same
// whoever reported it, and bad usage is a reason, never a throw.
import test from "ava";
import {
  createPriceTable,
  normalizeUsage,
  type PriceEntry,
  priceUsage,
  type TokenUsage,
} from "../../src/cost/mod.ts";

function usage(provider: string, raw: unknown): TokenUsage | string {
  const result = normalizeUsage(provider, raw);
  return result.ok ? result.usage : result.reason;
}

test("normalizeUsage() adds Anthropic's cache reads and writes to its input_tokens, which leaves them out", (t) => {
  t.deepEqual(
    usage("anthropic", {
      input_tokens: 1_000,
      cache_read_input_tokens: 10_000,
      cache_creation_input_tokens: 1_000,
      output_tokens: 500,
      service_tier: "standard",
    }),
    {
      input_tokens: 12_000,
      output_tokens: 500,
      cache_read_tokens: 10_000,
      cache_creation_tokens: 1_000,
    },
  );
  // Caching not used: the fields absent, or null as streaming events send them.
  t.deepEqual(usage("anthropic", { input_tokens: 20, output_tokens: 5 }), {
    input_tokens: 20,
    output_tokens: 5,
  });
  t.deepEqual(
    usage("anthropic", {
      input_tokens: 20,
      output_tokens: 5,
      cache_read_input_tokens: null,
      cache_creation_input_tokens: 0,
    }),
    { input_tokens: 20, output_tokens: 5, cache_creation_tokens: 0 },
  );
});

test("normalizeUsage() keeps OpenAI's cached and reasoning tokens inside the counts that include them", (t) => {
  const expected = {
    input_tokens: 50_000,
    output_tokens: 3_000,
    cache_read_tokens: 40_000,
    reasoning_tokens: 2_000,
  };
  // Chat Completions.
  t.deepEqual(
    usage("openai", {
      prompt_tokens: 50_000,
      completion_tokens: 3_000,
      total_tokens: 53_000,
      prompt_tokens_details: { cached_tokens: 40_000, audio_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 2_000, audio_tokens: 0 },
    }),
    expected,
  );
  // The Responses API.
  t.deepEqual(
    usage("openai", {
      input_tokens: 50_000,
      input_tokens_details: { cached_tokens: 40_000 },
      output_tokens: 3_000,
      output_tokens_details: { reasoning_tokens: 2_000 },
      total_tokens: 53_000,
    }),
    expected,
  );
  // Azure OpenAI reports the same usage; details may be absent.
  t.deepEqual(usage("azure.ai.openai", { prompt_tokens: 10, completion_tokens: 2 }), {
    input_tokens: 10,
    output_tokens: 2,
  });
});

test("normalizeUsage() adds Gemini's thinking tokens to output and keeps cached content inside the prompt", (t) => {
  const expected = {
    input_tokens: 20_000,
    output_tokens: 5_000,
    cache_read_tokens: 8_000,
    reasoning_tokens: 4_000,
  };
  t.deepEqual(
    usage("gcp.gemini", {
      promptTokenCount: 20_000,
      cachedContentTokenCount: 8_000,
      candidatesTokenCount: 1_000,
      thoughtsTokenCount: 4_000,
      totalTokenCount: 25_000,
    }),
    expected,
  );
  // snake_case, as the Python SDK and some proxies spell it.
  t.deepEqual(
    usage("google", {
      prompt_token_count: 20_000,
      cached_content_token_count: 8_000,
      candidates_token_count: 1_000,
      thoughts_token_count: 4_000,
    }),
    expected,
  );
  // Zero counts are omitted by Gemini; tool-use prompt tokens are input.
  t.deepEqual(
    usage("gcp.vertex_ai", {
      promptTokenCount: 300,
      toolUsePromptTokenCount: 50,
      totalTokenCount: 350,
    }),
    { input_tokens: 350, output_tokens: 0 },
  );
});

test("normalizeUsage() makes the same request cost the same in every provider's convention", (t) => {
  // One request: a 10,000-token prompt of which 8,000 cached, 300 response tokens of which 100
  // reasoning, priced at one test price under each provider:
  //   uncached 2,000 × 2 + cached 8,000 × 0.50 + output 300 × 8 = 4,000 + 4,000 + 2,400
  //   = 10,400 per million = $0.0104
  const price = (provider: string): PriceEntry => ({
    provider,
    model: "same-model",
    effective: "2025-01-01",
    source: "test",
    input: "2.00",
    output: "8.00",
    cacheRead: "0.50",
  });
  const prices = createPriceTable(["anthropic", "openai", "gcp.gemini"].map(price), {
    base: false,
  });
  const raw: [string, object][] = [
    ["anthropic", { input_tokens: 2_000, cache_read_input_tokens: 8_000, output_tokens: 300 }],
    ["openai", {
      prompt_tokens: 10_000,
      prompt_tokens_details: { cached_tokens: 8_000 },
      completion_tokens: 300,
      completion_tokens_details: { reasoning_tokens: 100 },
    }],
    ["gcp.gemini", {
      promptTokenCount: 10_000,
      cachedContentTokenCount: 8_000,
      candidatesTokenCount: 200,
      thoughtsTokenCount: 100,
    }],
  ];
  for (const [provider, report] of raw) {
    const normalized = normalizeUsage(provider, report);
    if (!normalized.ok) return t.fail(normalized.reason);
    t.like(normalized.usage, {
      input_tokens: 10_000,
      cache_read_tokens: 8_000,
      output_tokens: 300,
    });
    const cost = priceUsage(normalized.usage, { provider, model: "same-model", prices });
    t.like(cost, { priced: true, amount: "0.0104" }, provider);
  }
  // Priced raw, Anthropic's usage would be unpriced (its cache reads exceed its input_tokens),
  // not billed twice or undercounted.
  const rawAnthropic = { input_tokens: 2_000, cache_read_tokens: 8_000, output_tokens: 300 };
  t.like(priceUsage(rawAnthropic, { provider: "anthropic", model: "same-model", prices }), {
    priced: false,
  });
});

test("normalizeUsage() rejects an unknown provider and usage that is not an object", (t) => {
  t.is(
    usage("acme", { input_tokens: 1 }),
    'Unknown provider "acme": normalizeUsage() reads the usage of anthropic, openai, ' +
      "azure.ai.openai, gcp.gemini, gcp.vertex_ai, gcp.gen_ai, google, gemini",
  );
  t.regex(usage(undefined as unknown as string, {}) as string, /^Unknown provider undefined:/);
  t.regex(usage("toString", {}) as string, /^Unknown provider "toString":/);
  t.is(usage("openai", null), "The openai usage must be an object, got null");
  t.is(usage("openai", "12"), 'The openai usage must be an object, got "12"');
  t.is(usage("openai", [1]), "The openai usage must be an object, got [1]");
});

test("normalizeUsage() rejects missing, negative, fractional and non-number counts", (t) => {
  t.is(
    usage("anthropic", { output_tokens: 1 }),
    "Invalid anthropic usage: input_tokens is missing",
  );
  t.is(
    usage("anthropic", { input_tokens: -5, output_tokens: 1 }),
    "Invalid anthropic usage: input_tokens must be a non-negative integer, got -5",
  );
  t.is(
    usage("anthropic", { input_tokens: 5, output_tokens: 1, cache_read_input_tokens: NaN }),
    "Invalid anthropic usage: cache_read_input_tokens must be a non-negative integer, got NaN",
  );
  t.is(
    usage("openai", { prompt_tokens: "10", completion_tokens: 1 }),
    'Invalid openai usage: prompt_tokens must be a non-negative integer, got "10"',
  );
  t.is(
    usage("openai", { prompt_tokens: 10, completion_tokens: 1.5 }),
    "Invalid openai usage: completion_tokens must be a non-negative integer, got 1.5",
  );
  t.is(
    usage("openai", {
      prompt_tokens: 10,
      completion_tokens: 1,
      prompt_tokens_details: { cached_tokens: -1 },
    }),
    "Invalid openai usage: prompt_tokens_details.cached_tokens must be a non-negative integer, got -1",
  );
  t.is(usage("openai", { total_tokens: 10 }), "Invalid openai usage: input_tokens is missing");
  t.is(
    usage("gcp.gemini", { candidatesTokenCount: 3 }),
    "Invalid gcp.gemini usage: promptTokenCount is missing",
  );
  t.is(
    usage("anthropic", {
      input_tokens: Number.MAX_SAFE_INTEGER,
      cache_read_input_tokens: 1,
      output_tokens: 0,
    }),
    "Invalid anthropic usage: the token counts add up past 2^53",
  );
});

test("normalizeUsage() rejects cached or reasoning tokens above the counts that include them", (t) => {
  t.is(
    usage("openai", {
      prompt_tokens: 100,
      completion_tokens: 1,
      prompt_tokens_details: { cached_tokens: 101 },
    }),
    "Invalid openai usage: prompt_tokens_details.cached_tokens (101) exceeds prompt_tokens (100), which includes it",
  );
  t.is(
    usage("openai", {
      input_tokens: 10,
      output_tokens: 5,
      output_tokens_details: { reasoning_tokens: 6 },
    }),
    "Invalid openai usage: output_tokens_details.reasoning_tokens (6) exceeds output_tokens (5), which includes it",
  );
  t.is(
    usage("gcp.gemini", { promptTokenCount: 10, cachedContentTokenCount: 11 }),
    "Invalid gcp.gemini usage: cachedContentTokenCount (11) exceeds promptTokenCount (10), which includes it",
  );
});

test("normalizeUsage() never throws, even on hostile objects", (t) => {
  const throwing = new Proxy({}, {
    get() {
      throw new Error("no access");
    },
  });
  t.is(
    usage("anthropic", throwing),
    'Invalid anthropic usage: input_tokens must be a non-negative integer, got "[Throws: no access]"',
  );
  t.regex(usage("openai", throwing) as string, /^Invalid openai usage: /);
  t.regex(usage("gemini", throwing) as string, /^Invalid gemini usage: /);
  const nested = { prompt_tokens: 5, completion_tokens: 1, prompt_tokens_details: throwing };
  t.regex(usage("openai", nested) as string, /cached_tokens must be a non-negative integer/);
});
