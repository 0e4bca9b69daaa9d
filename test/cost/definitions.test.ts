// costDefinitions(): metrics over llm.cost, recorded by the metrics handler from the costs that
// attachCostAccounting() executes, read back from the store.
import test from "ava";
import {
  attachMetricsHandler,
  type Catalog,
  defineCatalog,
  detachMetricsHandler,
  emitLlmResponse,
  getMetrics,
  resetCounters,
  standardCatalog,
} from "../../mod.ts";
import { attachCostAccounting, costDefinitions, createPriceTable } from "../../src/cost/mod.ts";
import { createMetricStore, type MetricSnapshot } from "../../src/metrics/mod.ts";

function metric(name: string): MetricSnapshot {
  const found = getMetrics().find((m) => m.name === name);
  if (found === undefined) throw new Error(`No metric ${name}`);
  return found;
}

/** A metric's series as `tag values joined by "|"` → value. */
function series(name: string): Record<string, unknown> {
  return Object.fromEntries(
    metric(name).series.map((s) => [Object.values(s.tags).join("|"), s.value]),
  );
}

test("costDefinitions() defines the cost sums and the unpriced counter of the standard catalog", (t) => {
  const defs = costDefinitions(standardCatalog);
  t.deepEqual(
    defs.map((d) => [d.name, d.kind, d.tags, d.unit]),
    [
      ["jido_coder_lib.llm.cost.cost", "sum", ["model", "provider"], "usd"],
      ["jido_coder_lib.llm.cost.cost.by_agent", "sum", ["agent"], "usd"],
      ["jido_coder_lib.llm.cost.unpriced.count", "counter", ["model", "provider"], "1"],
    ],
  );
  t.true(Object.isFrozen(defs));
  t.deepEqual(
    costDefinitions(standardCatalog, { bySession: true }).map((d) => d.name),
    [
      "jido_coder_lib.llm.cost.cost",
      "jido_coder_lib.llm.cost.cost.by_agent",
      "jido_coder_lib.llm.cost.cost.by_session",
      "jido_coder_lib.llm.cost.unpriced.count",
    ],
  );
  // Every definition is valid for the catalog.
  t.notThrows(() =>
    createMetricStore(costDefinitions(standardCatalog, { bySession: true }), {
      catalog: standardCatalog,
    })
  );
});

test.serial("costDefinitions() sums exact costs by model, agent and session, and counts unpriced responses", (t) => {
  const prices = createPriceTable([{
    provider: "acme",
    model: "acme-1",
    effective: "2025-01-01",
    source: "test",
    input: "1.00",
    output: "4.00",
  }]);
  attachMetricsHandler({
    catalog: standardCatalog,
    definitions: costDefinitions(standardCatalog, { bySession: true }),
  });
  const costs = attachCostAccounting(standardCatalog, { id: "cost-metrics", prices });
  t.teardown(() => {
    costs.detach();
    detachMetricsHandler();
    resetCounters();
  });
  const respond = (model: string, provider: string, agent: string, session: string) =>
    emitLlmResponse({ duration: 1, input_tokens: 1_000, output_tokens: 250 }, {
      model,
      provider,
      finish_reason: "stop",
      agent,
      session_id: session,
    });
  // acme-1: 1,000 × $1 + 250 × $4 = 2,000 per million = $0.002
  // gpt-4o: 1,000 × $2.50 + 250 × $10 = 5,000 per million = $0.005
  respond("acme-1", "acme", "coder", "s-1");
  respond("acme-1", "acme", "planner", "s-1");
  respond("gpt-4o", "openai", "coder", "s-2");
  respond("mystery", "openai", "coder", "s-2");
  respond("mystery", "openai", "coder", "s-2");
  t.deepEqual(series("jido_coder_lib.llm.cost.cost"), {
    "acme-1|acme": 0.004,
    "gpt-4o|openai": 0.005,
  });
  t.deepEqual(series("jido_coder_lib.llm.cost.cost.by_agent"), { coder: 0.007, planner: 0.002 });
  t.deepEqual(series("jido_coder_lib.llm.cost.cost.by_session"), { "s-1": 0.004, "s-2": 0.005 });
  // The unknown model is counted, and added to no sum (not even as zero).
  t.deepEqual(series("jido_coder_lib.llm.cost.unpriced.count"), { "mystery|openai": 2 });
  t.is(metric("jido_coder_lib.llm.cost.cost").series.length, 2);
  t.deepEqual(costs.total(), { amount: "0.009", cost: 0.009, responses: 3, unpriced: 2 });
});

test.serial("costDefinitions() sums a million responses of $0.000001 to exactly 1", (t) => {
  const prices = createPriceTable([{
    provider: "acme",
    model: "acme-1",
    effective: "2025-01-01",
    source: "test",
    input: "1.00",
    output: "1.00",
  }], { base: false });
  attachMetricsHandler({ catalog: standardCatalog, definitions: costDefinitions(standardCatalog) });
  const costs = attachCostAccounting(standardCatalog, { id: "cost-metrics-million", prices });
  t.teardown(() => {
    costs.detach();
    detachMetricsHandler();
    resetCounters();
  });
  for (let i = 0; i < 1_000_000; i++) {
    emitLlmResponse({ duration: 1, input_tokens: 1, output_tokens: 0 }, {
      model: "acme-1",
      provider: "acme",
      finish_reason: "stop",
    });
  }
  // The store's sums are exact, rounded once: 1, where adding 1e-6 a million times gives
  // 1.000000000007918.
  t.deepEqual(series("jido_coder_lib.llm.cost.cost"), { "acme-1|acme": 1 });
  t.is(costs.total().amount, "1.00");
});

const md = (name: string) => ({
  name,
  type: "string" as const,
  required: false,
  description: name,
});

test("costDefinitions() follows what the catalog's llm.cost declares, under any app", (t) => {
  const catalog = defineCatalog(
    {
      app: "my_app",
      events: [{
        name: ["my_app", "llm", "cost"],
        key: "my_app.llm.cost",
        level: "debug",
        description: "cost",
        measurements: [{
          name: "cost",
          type: "float",
          unit: "usd",
          required: false,
          description: "cost",
        }],
        metadata: [md("model")],
      }],
    } satisfies Catalog,
  );
  t.deepEqual(costDefinitions(catalog, { bySession: true }).map((d) => [d.name, d.tags]), [
    ["my_app.llm.cost.cost", ["model"]],
  ]);
  const noCost = defineCatalog({ app: "x", events: [] });
  t.deepEqual(costDefinitions(noCost), []);
  t.throws(() => costDefinitions({} as Catalog), {
    instanceOf: TypeError,
    message:
      "costDefinitions() needs a catalog: your generated catalog, or standardCatalog; got an object",
  });
});
