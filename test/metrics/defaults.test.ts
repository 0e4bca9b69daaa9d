import test from "ava";
import {
  createMetricStore,
  defaultDefinitions,
  type DistributionValue,
  operationDurationBuckets,
  tokenUsageBuckets,
  validateDefinition,
} from "../../src/metrics/mod.ts";
import { catalog as standardCatalog } from "../../src/events.generated.ts";
import { catalog, editedCatalog } from "./fixtures.ts";

const app = "jido_coder_lib";

test("defaultDefinitions() defines the standard metrics for the standard catalog", (t) => {
  const defs = defaultDefinitions(catalog);
  t.deepEqual(defs.map((d) => `${d.kind} ${d.name} <- ${d.eventKey}`), [
    ...catalog.events.map((e) => `counter ${e.key}.count <- ${e.key}`),
    `summary ${app}.session.stop.duration <- ${app}.session.stop`,
    `summary ${app}.agent.complete.duration <- ${app}.agent.complete`,
    `summary ${app}.llm.response.duration <- ${app}.llm.response`,
    `distribution gen_ai.client.operation.duration <- ${app}.llm.response`,
    `distribution gen_ai.client.token.usage <- ${app}.llm.response`,
    `distribution gen_ai.client.token.usage <- ${app}.llm.response`,
    `counter ${app}.context.cache.lookups <- ${app}.context.cache_hit`,
    `counter ${app}.context.cache.lookups <- ${app}.context.cache_miss`,
  ]);
  for (const def of defs) t.notThrows(() => validateDefinition(def, catalog));
  t.true(Object.isFrozen(defs));
});

test("defaultDefinitions() measures LLM latency in seconds with OpenTelemetry's buckets", (t) => {
  const def = defaultDefinitions(catalog).find((d) =>
    d.name === "gen_ai.client.operation.duration"
  );
  t.like(def, {
    unit: "second",
    conversion: { from: "millisecond", to: "second" },
    tags: ["model", "provider"],
  });
  t.deepEqual(def?.kind === "distribution" && def.buckets, operationDurationBuckets);
});

test("defaultDefinitions() records token usage tagged by token type", (t) => {
  const store = createMetricStore(defaultDefinitions(catalog), { catalog });
  store.recorderFor(`${app}.llm.response`)(
    { duration: 1500, input_tokens: 100, output_tokens: 20 },
    { model: "gpt", provider: "openai", finish_reason: "stop" },
  );
  const usage = store.snapshot().find((m) => m.name === "gen_ai.client.token.usage");
  t.deepEqual(usage?.tags, ["model", "provider", "token_type"]);
  t.deepEqual(usage?.series.map((s) => [s.tags, (s.value as DistributionValue).sum]), [
    [{ model: "gpt", provider: "openai", token_type: "input" }, 100],
    [{ model: "gpt", provider: "openai", token_type: "output" }, 20],
  ]);
  const input = usage?.series[0].value as DistributionValue;
  t.is(input.buckets.length, tokenUsageBuckets.length + 1);
  t.deepEqual(input.buckets.slice(3, 5), [{ le: 64, count: 0 }, { le: 256, count: 1 }]);
  const latency = store.snapshot().find((m) => m.name === "gen_ai.client.operation.duration");
  t.is((latency?.series[0].value as DistributionValue).sum, 1.5);
});

test("defaultDefinitions() leaves out what an edited catalog lacks and drops missing tags", (t) => {
  const defs = defaultDefinitions(editedCatalog);
  t.deepEqual(defs.map((d) => `${d.name} [${d.tags}]`), [
    `${app}.session.stop.count []`,
    `${app}.llm.response.count []`,
    `${app}.context.cache_hit.count []`,
    `${app}.session.stop.duration []`,
    `${app}.llm.response.duration []`,
    "gen_ai.client.operation.duration [model]",
    `${app}.context.cache.lookups [cache,result]`,
  ]);
  t.notThrows(() => createMetricStore(defs, { catalog: editedCatalog }));
});

test("defaultDefinitions() finds events by role, whatever their app", (t) => {
  const renamed = {
    app: "acme",
    events: catalog.events.map((e) => ({
      ...e,
      name: ["acme", ...e.name.slice(1)],
      key: `acme.${e.name.slice(1).join(".")}`,
    })),
  };
  const names = defaultDefinitions(renamed).map((d) => `${d.name} <- ${d.eventKey}`);
  t.true(names.includes("gen_ai.client.operation.duration <- acme.llm.response"));
  t.true(names.includes("acme.context.cache.lookups <- acme.context.cache_hit"));
  t.true(names.includes("acme.agent.complete.duration <- acme.agent.complete"));
});

test("defaultDefinitions() uses the catalog's app prefix", (t) => {
  const other = {
    app: "acme",
    events: [{
      ...catalog.events[0],
      name: ["acme", "session", "start"],
      key: "acme.session.start",
    }],
  };
  t.deepEqual(defaultDefinitions(other).map((d) => d.name), ["acme.session.start.count"]);
});

test("defaultDefinitions() listens to every catalog event exactly once", (t) => {
  for (const c of [catalog, editedCatalog, standardCatalog]) {
    const store = createMetricStore(defaultDefinitions(c), { catalog: c });
    t.deepEqual(store.events, c.events.map((e) => e.name));
  }
});

test("defaultDefinitions() takes a catalog tag from own metadata only", (t) => {
  const store = createMetricStore(defaultDefinitions(catalog), { catalog });
  store.recorderFor(`${app}.context.cache_hit`)({}, Object.create({ cache: "inherited" }));
  const lookups = store.snapshot().find((m) => m.name === `${app}.context.cache.lookups`);
  t.deepEqual(lookups?.series, [{ tags: { cache: "", result: "hit" }, value: 1 }]);
});
