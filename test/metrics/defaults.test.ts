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

/** OpenTelemetry's GenAI semantic conventions: gen_ai.client.operation.duration, in seconds. */
const otelDurationBuckets = [
  0.01,
  0.02,
  0.04,
  0.08,
  0.16,
  0.32,
  0.64,
  1.28,
  2.56,
  5.12,
  10.24,
  20.48,
  40.96,
  81.92,
];

/** OpenTelemetry's GenAI semantic conventions: gen_ai.client.token.usage, powers of 4. */
const otelTokenBuckets = [
  1,
  4,
  16,
  64,
  256,
  1024,
  4096,
  16384,
  65536,
  262144,
  1048576,
  4194304,
  16777216,
  67108864,
];

test("defaultDefinitions() defines the standard metrics for the standard catalog", (t) => {
  const defs = defaultDefinitions(catalog);
  t.deepEqual(defs.map((d) => `${d.kind} ${d.name} <- ${d.eventKey}`), [
    `counter ${app}.session.start.count <- ${app}.session.start`,
    `counter ${app}.session.stop.count <- ${app}.session.stop`,
    `counter ${app}.session.error.count <- ${app}.session.error`,
    `counter ${app}.agent.dispatch.count <- ${app}.agent.dispatch`,
    `counter ${app}.agent.complete.count <- ${app}.agent.complete`,
    `counter ${app}.llm.request.count <- ${app}.llm.request`,
    `counter ${app}.llm.response.count <- ${app}.llm.response`,
    `counter ${app}.context.cache_hit.count <- ${app}.context.cache_hit`,
    `counter ${app}.context.cache_miss.count <- ${app}.context.cache_miss`,
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
  t.deepEqual(def, {
    kind: "distribution",
    name: "gen_ai.client.operation.duration",
    event: [app, "llm", "response"],
    eventKey: `${app}.llm.response`,
    measurement: "duration",
    tags: ["model", "provider"],
    tagValues: undefined,
    keep: undefined,
    drop: undefined,
    unit: "second",
    conversion: { from: "millisecond", to: "second" },
    description: "GenAI operation duration",
    reporterOptions: {},
    buckets: otelDurationBuckets,
  });
  t.deepEqual(operationDurationBuckets, otelDurationBuckets);
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
  t.deepEqual(input.buckets, [
    ...otelTokenBuckets.map((le) => ({ le, count: le < 100 ? 0 : 1 })),
    { le: "+Inf", count: 1 },
  ]);
  t.deepEqual(tokenUsageBuckets, otelTokenBuckets);
  const latency = store.snapshot().find((m) => m.name === "gen_ai.client.operation.duration");
  t.is((latency?.series[0].value as DistributionValue).sum, 1.5);
});

test("defaultDefinitions() token and cache tags: own metadata only, the constant tag wins, tagValues agrees", (t) => {
  const defs = defaultDefinitions(catalog);
  const store = createMetricStore(defs, { catalog });
  // provider inherited, not own: ""; a token_type in the metadata cannot replace the constant.
  const md = Object.assign(Object.create({ provider: "inherited" }), {
    model: "m",
    token_type: "forged",
  });
  store.recorderFor(`${app}.llm.response`)({ duration: 1, input_tokens: 3, output_tokens: 4 }, md);
  store.recorderFor(`${app}.context.cache_hit`)({}, { cache: "files", result: "forged" });
  const tagsOf = (name: string) =>
    store.snapshot().find((m) => m.name === name)?.series.map((s) => s.tags);
  t.deepEqual(tagsOf("gen_ai.client.token.usage"), [
    { model: "m", provider: "", token_type: "input" },
    { model: "m", provider: "", token_type: "output" },
  ]);
  t.deepEqual(tagsOf(`${app}.context.cache.lookups`), [{ cache: "files", result: "hit" }]);
  // The tagValues functions, called as telemetry_metrics would, give the same tags.
  const usage = defs.find((d) => d.name === "gen_ai.client.token.usage")!;
  t.deepEqual({ ...usage.tagValues!(md) }, { token_type: "input", model: "m" });
  t.is(Object.getPrototypeOf(usage.tagValues!(md)), null);
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
  t.deepEqual(defaultDefinitions(renamed).map((d) => `${d.name} <- ${d.eventKey}`), [
    "acme.session.start.count <- acme.session.start",
    "acme.session.stop.count <- acme.session.stop",
    "acme.session.error.count <- acme.session.error",
    "acme.agent.dispatch.count <- acme.agent.dispatch",
    "acme.agent.complete.count <- acme.agent.complete",
    "acme.llm.request.count <- acme.llm.request",
    "acme.llm.response.count <- acme.llm.response",
    "acme.context.cache_hit.count <- acme.context.cache_hit",
    "acme.context.cache_miss.count <- acme.context.cache_miss",
    "acme.session.stop.duration <- acme.session.stop",
    "acme.agent.complete.duration <- acme.agent.complete",
    "acme.llm.response.duration <- acme.llm.response",
    "gen_ai.client.operation.duration <- acme.llm.response",
    "gen_ai.client.token.usage <- acme.llm.response",
    "gen_ai.client.token.usage <- acme.llm.response",
    "acme.context.cache.lookups <- acme.context.cache_hit",
    "acme.context.cache.lookups <- acme.context.cache_miss",
  ]);
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
