// attachCostAccounting(): llm.response events priced as they arrive, executed as llm.cost, and
// summed exactly; unknown models unpriced, never zero; nothing reaches the application.
import test from "ava";
import {
  attach,
  type Catalog,
  defineCatalog,
  detach,
  emitLlmResponse,
  type EventName,
  execute,
  listHandlers,
  type Measurements,
  type Metadata,
  standardCatalog,
  TelemetryError,
} from "../../mod.ts";
import { attachCostAccounting, createPriceTable, type PriceEntry } from "../../src/cost/mod.ts";

const LLM_COST: EventName = ["jido_coder_lib", "llm", "cost"];
const LLM_RESPONSE: EventName = ["jido_coder_lib", "llm", "response"];

interface Heard {
  readonly measurements: Measurements;
  readonly metadata: Metadata;
}

/** Records every event of `name` until the test ends. */
function listen(t: { teardown(fn: () => void): void }, name: EventName, id: string): Heard[] {
  const heard: Heard[] = [];
  attach(id, name, (_e, measurements, metadata) => {
    heard.push({ measurements, metadata });
  });
  t.teardown(() => detach(id));
  return heard;
}

const acme = (input: string, output: string, effective = "2025-01-01"): PriceEntry => ({
  provider: "acme",
  model: "acme-1",
  effective,
  source: "https://acme.example/pricing",
  input,
  output,
});

test.serial("attachCostAccounting() executes llm.cost for each response with the exact amount", (t) => {
  const costs = attachCostAccounting(standardCatalog, { clock: () => Date.UTC(2025, 6, 1) });
  t.teardown(() => costs.detach());
  const heard = listen(t, LLM_COST, "test-cost");
  // Sonnet 4, 12,000 input (10,000 cache reads, 1,000 cache writes), 500 output: $0.01725
  // (1,000 × 3 + 10,000 × 0.30 + 1,000 × 3.75 + 500 × 15 = 17,250 per million).
  emitLlmResponse({
    duration: 1_500,
    input_tokens: 12_000,
    cache_read_tokens: 10_000,
    cache_creation_tokens: 1_000,
    output_tokens: 500,
  }, {
    model: "claude-sonnet-4",
    response_model: "claude-sonnet-4-20250514",
    provider: "anthropic",
    finish_reason: "stop",
    request_id: "r-1",
    session_id: "s-1",
    agent: "coder",
    response_id: "msg_1",
  });
  t.deepEqual(heard, [{
    measurements: { cost: 0.01725 },
    metadata: {
      model: "claude-sonnet-4-20250514",
      provider: "anthropic",
      priced: true,
      source: "local",
      amount: "0.01725",
      currency: "USD",
      price_date: "2025-05-22",
      request_id: "r-1",
      session_id: "s-1",
      agent: "coder",
    },
  }]);
  t.deepEqual(costs.total(), { amount: "0.01725", cost: 0.01725, responses: 1, unpriced: 0 });
});

test.serial("attachCostAccounting() leaves an unknown model unpriced: no cost, never zero", (t) => {
  const costs = attachCostAccounting(standardCatalog, { id: "cost-unknown" });
  t.teardown(() => costs.detach());
  const heard = listen(t, LLM_COST, "test-cost-unknown");
  emitLlmResponse({ duration: 10, input_tokens: 100, output_tokens: 10 }, {
    model: "my-finetune",
    provider: "openai",
    finish_reason: "stop",
    agent: "planner",
  });
  t.deepEqual(heard, [{
    measurements: {},
    metadata: {
      model: "my-finetune",
      provider: "openai",
      priced: false,
      source: "local",
      agent: "planner",
      reason: 'No price for model "my-finetune" of provider "openai"',
    },
  }]);
  t.deepEqual(costs.total(), { amount: "0.00", cost: 0, responses: 0, unpriced: 1 });
  t.deepEqual(costs.unpriced(), {
    "my-finetune": { count: 1, reason: 'No price for model "my-finetune" of provider "openai"' },
  });
  t.deepEqual(costs.byAgent(), {
    planner: { amount: "0.00", cost: 0, responses: 0, unpriced: 1 },
  });
});

test.serial("attachCostAccounting() totals by model, agent and session exactly", (t) => {
  const prices = createPriceTable([acme("1.00", "4.00")]);
  const costs = attachCostAccounting(standardCatalog, { id: "cost-totals", prices });
  t.teardown(() => costs.detach());
  const respond = (
    model: string,
    input: number,
    output: number,
    agent?: string,
    session?: string,
  ) =>
    emitLlmResponse({ duration: 1, input_tokens: input, output_tokens: output }, {
      model,
      provider: model === "acme-1" ? "acme" : "openai",
      finish_reason: "stop",
      ...(agent && { agent }),
      ...(session && { session_id: session }),
    });
  // acme-1 at $1 / $4: 1,000 in + 250 out = 1,000 + 1,000 = 2,000 per million = $0.002
  respond("acme-1", 1_000, 250, "coder", "s-1");
  respond("acme-1", 1_000, 250, "planner", "s-1");
  // gpt-4o-mini at $0.15 / $0.60: 10,000 in + 1,000 out = 1,500 + 600 = 2,100 per million
  respond("gpt-4o-mini", 10_000, 1_000, "coder", "s-2");
  respond("unknown-model", 1, 1, "coder");
  t.deepEqual(costs.total(), { amount: "0.0061", cost: 0.0061, responses: 3, unpriced: 1 });
  t.deepEqual(costs.byModel(), {
    "acme-1": { amount: "0.004", cost: 0.004, responses: 2, unpriced: 0 },
    "gpt-4o-mini": { amount: "0.0021", cost: 0.0021, responses: 1, unpriced: 0 },
    "unknown-model": { amount: "0.00", cost: 0, responses: 0, unpriced: 1 },
  });
  t.deepEqual(costs.byAgent(), {
    coder: { amount: "0.0041", cost: 0.0041, responses: 2, unpriced: 1 },
    planner: { amount: "0.002", cost: 0.002, responses: 1, unpriced: 0 },
  });
  t.deepEqual(costs.bySession(), {
    "s-1": { amount: "0.004", cost: 0.004, responses: 2, unpriced: 0 },
    "s-2": { amount: "0.0021", cost: 0.0021, responses: 1, unpriced: 0 },
    "": { amount: "0.00", cost: 0, responses: 0, unpriced: 1 },
  });
  costs.reset();
  t.deepEqual(costs.total(), { amount: "0.00", cost: 0, responses: 0, unpriced: 0 });
  t.deepEqual([costs.byModel(), costs.byAgent(), costs.bySession(), costs.unpriced()], [
    {},
    {},
    {},
    {},
  ]);
});

test.serial("attachCostAccounting() sums a million responses of $0.000001 to exactly $1.00", (t) => {
  // 1 input token at $1.00 per million tokens is $0.000001.
  const prices = createPriceTable([acme("1.00", "1.00")], { base: false });
  const costs = attachCostAccounting(standardCatalog, { id: "cost-million", prices });
  t.teardown(() => costs.detach());
  let floats = 0;
  for (let i = 0; i < 1_000_000; i++) {
    emitLlmResponse({ duration: 1, input_tokens: 1, output_tokens: 0 }, {
      model: "acme-1",
      provider: "acme",
      finish_reason: "stop",
    });
    floats += 0.000001;
  }
  t.not(floats, 1); // 1.000000000007918: float addition drifts
  t.deepEqual(costs.total(), { amount: "1.00", cost: 1, responses: 1_000_000, unpriced: 0 });
});

test.serial("attachCostAccounting() prices each response at the price in effect at its time", (t) => {
  let now = Date.UTC(2025, 4, 1);
  const costs = attachCostAccounting(standardCatalog, { id: "cost-dated", clock: () => now });
  t.teardown(() => costs.detach());
  const heard = listen(t, LLM_COST, "test-cost-dated");
  const respond = () =>
    emitLlmResponse({ duration: 1, input_tokens: 1_000_000, output_tokens: 0 }, {
      model: "o3",
      provider: "openai",
      finish_reason: "stop",
    });
  respond(); // 1,000,000 × $10 per million = $10
  now = Date.UTC(2025, 5, 10);
  respond(); // after the cut: $2
  t.deepEqual(heard.map((h) => [h.metadata.amount, h.metadata.price_date]), [
    ["10.00", "2025-04-16"],
    ["2.00", "2025-06-10"],
  ]);
});

test.serial("attachCostAccounting() prices the next response with prices set at run time", (t) => {
  const prices = createPriceTable([], { base: false });
  const costs = attachCostAccounting(standardCatalog, { id: "cost-set", prices });
  t.teardown(() => costs.detach());
  const respond = () =>
    emitLlmResponse({ duration: 1, input_tokens: 1_000, output_tokens: 0 }, {
      model: "acme-1",
      provider: "acme",
      finish_reason: "stop",
    });
  respond();
  prices.set(acme("5.00", "5.00"));
  respond(); // 1,000 × $5 per million = $0.005
  t.deepEqual(costs.total(), { amount: "0.005", cost: 0.005, responses: 1, unpriced: 1 });
  t.is(costs.prices, prices);
});

test.serial("attachCostAccounting() never throws into the application, whatever it is given", (t) => {
  const costs = attachCostAccounting(standardCatalog, {
    id: "cost-hostile",
    clock: () => {
      throw new Error("clock broke");
    },
  });
  t.teardown(() => costs.detach());
  const heard = listen(t, LLM_COST, "test-cost-hostile");
  // A handler of llm.cost that throws is detached by the bus; the emitter never sees it.
  attach("test-cost-throws", LLM_COST, () => {
    throw new Error("broken cost handler");
  });
  t.teardown(() => detach("test-cost-throws"));
  const hostile = new Proxy({}, {
    get() {
      throw new Error("no access");
    },
  });
  const run = () => {
    execute(LLM_RESPONSE, hostile as Measurements, hostile as Metadata);
    execute(LLM_RESPONSE, { input_tokens: -1, output_tokens: NaN }, { model: 5, provider: null });
    execute(LLM_RESPONSE, null as unknown as Measurements, null as unknown as Metadata);
    execute(LLM_RESPONSE, { input_tokens: 10, output_tokens: 1, cache_read_tokens: 11 }, {
      model: "gpt-4o",
      provider: "openai",
      session_id: "__proto__",
    });
    // A broken clock: priced at the system time.
    emitLlmResponse({ duration: 1, input_tokens: 1_000, output_tokens: 0 }, {
      model: "gpt-4o",
      provider: "openai",
      finish_reason: "stop",
      session_id: "__proto__",
    });
  };
  const stderr = console.error;
  console.error = () => {};
  try {
    t.notThrows(run);
  } finally {
    console.error = stderr;
  }
  t.true(listHandlers(LLM_RESPONSE).some((h) => h.id === "cost-hostile"));
  t.false(listHandlers(LLM_COST).some((h) => h.id === "test-cost-throws"));
  t.is(heard.length, 5);
  t.deepEqual(heard.map((h) => h.metadata.priced), [false, false, false, false, true]);
  t.like(costs.total(), { amount: "0.0025", responses: 1, unpriced: 4 });
  // Unpriced per model, with the latest reason: the first three responses name no model.
  t.deepEqual(costs.unpriced(), {
    "": { count: 3, reason: "No provider: got undefined" },
    "gpt-4o": {
      count: 1,
      reason: "Invalid usage: cache_read_tokens (11) + cache_creation_tokens (0) exceed " +
        "input_tokens (10), which includes them; normalize a provider's usage with normalizeUsage()",
    },
  });
  // A session named __proto__ is a key like any other.
  t.deepEqual(Object.keys(costs.bySession()), ["", "__proto__"]);
  t.like(costs.bySession()["__proto__"], { amount: "0.0025", responses: 1, unpriced: 1 });
});

test.serial("attachCostAccounting() folds keys past maxKeys into __overflow__", (t) => {
  const costs = attachCostAccounting(standardCatalog, { id: "cost-cap", maxKeys: 2 });
  t.teardown(() => costs.detach());
  for (const session of ["a", "b", "c", "d", "a"]) {
    emitLlmResponse({ duration: 1, input_tokens: 1_000, output_tokens: 0 }, {
      model: "gpt-4o",
      provider: "openai",
      finish_reason: "stop",
      session_id: session,
    });
  }
  // 1,000 × $2.50 per million = $0.0025 each.
  t.deepEqual(costs.bySession(), {
    a: { amount: "0.005", cost: 0.005, responses: 2, unpriced: 0 },
    b: { amount: "0.0025", cost: 0.0025, responses: 1, unpriced: 0 },
    __overflow__: { amount: "0.005", cost: 0.005, responses: 2, unpriced: 0 },
  });
  t.like(costs.total(), { amount: "0.0125", responses: 5 });
});

test.serial("attachCostAccounting() detaches, keeping its totals readable", (t) => {
  const costs = attachCostAccounting(standardCatalog, { id: "cost-detach" });
  const respond = () =>
    emitLlmResponse({ duration: 1, input_tokens: 1_000, output_tokens: 0 }, {
      model: "gpt-4o",
      provider: "openai",
      finish_reason: "stop",
    });
  respond();
  t.true(costs.detach());
  t.false(costs.detach());
  respond();
  t.like(costs.total(), { amount: "0.0025", responses: 1 });
  t.false(listHandlers(LLM_RESPONSE).some((h) => h.id === "cost-detach"));
  // A later accounting under the same id is not detached by the old handle.
  const again = attachCostAccounting(standardCatalog, { id: "cost-detach" });
  t.false(costs.detach());
  t.true(listHandlers(LLM_RESPONSE).some((h) => h.id === "cost-detach"));
  t.true(again.detach());
});

test.serial("attachCostAccounting() rejects a bad catalog, bad options and a taken id", (t) => {
  t.throws(() => attachCostAccounting(undefined as unknown as Catalog), {
    instanceOf: TypeError,
    message:
      "attachCostAccounting() needs a catalog: your generated catalog, or standardCatalog; got undefined",
  });
  t.throws(() => attachCostAccounting(defineCatalog({ app: "x", events: [] })), {
    message:
      'attachCostAccounting() found no llm.response event in the catalog (an event named [<app>, "llm", "response"])',
  });
  const bad: [object, string][] = [
    [
      { prices: {} },
      "Invalid option prices for attachCostAccounting(): expected a price table from createPriceTable(), got an object",
    ],
    [{ id: 5 }, "Invalid option id for attachCostAccounting(): expected a string, got 5"],
    [{ clock: 5 }, "Invalid option clock for attachCostAccounting(): expected a function, got 5"],
    [
      { maxKeys: 0 },
      "Invalid option maxKeys for attachCostAccounting(): expected a positive integer or Infinity, got 0",
    ],
  ];
  for (const [options, message] of bad) {
    t.throws(() => attachCostAccounting(standardCatalog, options), {
      instanceOf: TypeError,
      message,
    });
  }
  const costs = attachCostAccounting(standardCatalog, { id: "cost-taken" });
  t.teardown(() => costs.detach());
  t.throws(() => attachCostAccounting(standardCatalog, { id: "cost-taken" }), {
    instanceOf: TelemetryError,
  });
});

const md = (name: string) => ({
  name,
  type: "string" as const,
  required: false,
  description: name,
});
const tokens = (name: string) => ({
  name,
  type: "integer" as const,
  unit: "token",
  required: false,
  description: name,
});

test.serial("attachCostAccounting() works for any app name, and sends only the fields the cost event declares", (t) => {
  const catalog = defineCatalog(
    {
      app: "my_app",
      events: [
        {
          name: ["my_app", "llm", "response"],
          key: "my_app.llm.response",
          level: "info",
          description: "response",
          measurements: [tokens("input_tokens"), tokens("output_tokens")],
          metadata: [md("model"), md("provider"), md("session_id")],
        },
        {
          name: ["my_app", "llm", "cost"],
          key: "my_app.llm.cost",
          level: "debug",
          description: "cost",
          measurements: [],
          metadata: [md("model"), md("provider"), md("priced"), md("source"), md("reason")],
        },
      ],
    } satisfies Catalog,
  );
  const costs = attachCostAccounting(catalog, { id: "cost-my-app" });
  t.teardown(() => costs.detach());
  const heard = listen(t, ["my_app", "llm", "cost"], "test-cost-my-app");
  execute(["my_app", "llm", "response"], { input_tokens: 1_000, output_tokens: 0 }, {
    model: "gpt-4o",
    provider: "openai",
    session_id: "s-9",
  });
  execute(["my_app", "llm", "response"], { input_tokens: 1, output_tokens: 0 }, {
    model: "nope",
    provider: "openai",
  });
  t.deepEqual(heard, [
    {
      measurements: {},
      metadata: { model: "gpt-4o", provider: "openai", priced: true, source: "local" },
    },
    {
      measurements: {},
      metadata: {
        model: "nope",
        provider: "openai",
        priced: false,
        source: "local",
        reason: 'No price for model "nope" of provider "openai"',
      },
    },
  ]);
  t.like(costs.bySession()["s-9"], { amount: "0.0025" });
});

test.serial("attachCostAccounting() keeps totals for a catalog without an llm.cost event", (t) => {
  const catalog = defineCatalog(
    {
      app: "bare",
      events: [{
        name: ["bare", "llm", "response"],
        key: "bare.llm.response",
        level: "info",
        description: "response",
        measurements: [tokens("input_tokens"), tokens("output_tokens")],
        metadata: [md("model"), md("provider")],
      }],
    } satisfies Catalog,
  );
  const costs = attachCostAccounting(catalog, { id: "cost-bare" });
  t.teardown(() => costs.detach());
  execute(["bare", "llm", "response"], { input_tokens: 1_000, output_tokens: 0 }, {
    model: "gpt-4o",
    provider: "openai",
  });
  t.like(costs.total(), { amount: "0.0025", responses: 1 });
});
