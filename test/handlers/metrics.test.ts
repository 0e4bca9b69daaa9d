import test from "ava";
import {
  attach,
  attachMetricsHandler,
  detach,
  detachMetricsHandler,
  emitAgentComplete,
  emitAgentDispatch,
  emitContextCacheHit,
  emitContextCacheMiss,
  emitLlmRequest,
  emitLlmResponse,
  emitSessionError,
  emitSessionStart,
  emitSessionStop,
  execute,
  getCounters,
  getDurationStats,
  getMetrics,
  listHandlers,
  type Measurements,
  resetCounters,
  standardCatalog,
  TelemetryError,
} from "../../mod.ts";
import { counter, type DistributionValue, summary } from "../../src/metrics/mod.ts";

/** Emits one of each standard event, with the given LLM durations. */
function emitStandard(llmDurations: readonly number[]): void {
  const session_id = "s-1";
  emitSessionStart({ system_time: 1 }, { session_id });
  emitAgentDispatch({ system_time: 2 }, { agent: "planner", action: "plan", session_id });
  emitContextCacheMiss({ system_time: 3 }, { cache: "files", key: "a.ts" });
  emitContextCacheHit({ bytes: 10, age: 5 }, { cache: "files", key: "a.ts" });
  emitContextCacheHit({ bytes: 10, age: 6 }, { cache: "files", key: "a.ts" });
  for (const duration of llmDurations) {
    emitLlmRequest({ system_time: 4 }, { model: "m1", provider: "p1" });
    emitLlmResponse({ duration, input_tokens: 100, output_tokens: 20 }, {
      model: "m1",
      provider: "p1",
      finish_reason: "stop",
    });
  }
  emitAgentComplete({ duration: 250 }, { agent: "planner", action: "plan", status: "ok" });
  emitSessionError({ system_time: 5 }, { session_id, kind: "crash", reason: "boom" });
  emitSessionStop({ duration: 1000 }, { session_id });
}

/** The metrics of the default definitions for the standard catalog, in definition order. */
const defaultMetricNames = [
  "jido_coder_lib.session.start.count",
  "jido_coder_lib.session.stop.count",
  "jido_coder_lib.session.error.count",
  "jido_coder_lib.agent.dispatch.count",
  "jido_coder_lib.agent.complete.count",
  "jido_coder_lib.llm.request.count",
  "jido_coder_lib.llm.response.count",
  "jido_coder_lib.llm.cost.count",
  "jido_coder_lib.context.cache_hit.count",
  "jido_coder_lib.context.cache_miss.count",
  "jido_coder_lib.session.stop.duration",
  "jido_coder_lib.agent.complete.duration",
  "jido_coder_lib.llm.response.duration",
  "gen_ai.client.operation.duration",
  "gen_ai.client.token.usage",
  "jido_coder_lib.context.cache.lookups",
];

/** The summary of one value: every statistic and quantile is the value itself. */
const summaryOfOne = (v: number) => ({
  count: 1,
  sum: v,
  min: v,
  max: v,
  mean: v,
  quantiles: { p50: v, p90: v, p95: v, p99: v },
});

test.serial.afterEach.always(() => {
  detachMetricsHandler();
  resetCounters();
});

test.serial("getCounters() counts each standard event by dotted name", (t) => {
  attachMetricsHandler({ catalog: standardCatalog });
  emitStandard([100, 200, 300]);
  t.deepEqual(getCounters(), {
    "jido_coder_lib.session.start": 1,
    "jido_coder_lib.agent.dispatch": 1,
    "jido_coder_lib.context.cache_miss": 1,
    "jido_coder_lib.context.cache_hit": 2,
    "jido_coder_lib.llm.request": 3,
    "jido_coder_lib.llm.response": 3,
    "jido_coder_lib.agent.complete": 1,
    "jido_coder_lib.session.error": 1,
    "jido_coder_lib.session.stop": 1,
  });
});

test.serial("getDurationStats() gives each event's duration summary in ms", (t) => {
  attachMetricsHandler({ catalog: standardCatalog });
  emitStandard([100, 200, 300, 400]);
  const stats = getDurationStats();
  t.deepEqual(Object.keys(stats).sort(), [
    "jido_coder_lib.agent.complete",
    "jido_coder_lib.llm.response",
    "jido_coder_lib.session.stop",
  ]);
  const { quantiles: { p50, ...upper }, ...llm } = stats["jido_coder_lib.llm.response"];
  t.deepEqual(llm, { count: 4, sum: 1000, min: 100, max: 400, mean: 250 });
  // Nearest rank: p50 is the value of rank ceil(0.5 * 4) = 2 (200), from the sketch, within 1%;
  // p90, p95 and p99 are of rank 4, the last, which is the exact max (400).
  t.true(Math.abs(p50 - 200) <= 2, `p50 ${p50}`);
  t.deepEqual(upper, { p90: 400, p95: 400, p99: 400 });
  t.deepEqual(stats["jido_coder_lib.session.stop"], summaryOfOne(1000));
  t.deepEqual(stats["jido_coder_lib.agent.complete"], summaryOfOne(250));
});

test.serial("resetCounters() clears counters, durations and metrics, and recording goes on", (t) => {
  attachMetricsHandler({ catalog: standardCatalog });
  emitStandard([100]);
  resetCounters();
  t.deepEqual(getCounters(), {});
  t.deepEqual(getDurationStats(), {});
  t.deepEqual(
    getMetrics().map((m) => [m.name, m.series]),
    defaultMetricNames.map((name) => [name, []]),
  );
  emitLlmResponse({ duration: 50, input_tokens: 1, output_tokens: 1 }, {
    model: "m",
    provider: "p",
    finish_reason: "stop",
  });
  t.deepEqual(getCounters(), { "jido_coder_lib.llm.response": 1 });
  t.deepEqual(getDurationStats(), { "jido_coder_lib.llm.response": summaryOfOne(50) });
});

test.serial("getMetrics() has the GenAI duration histogram in seconds, tagged by model and provider", (t) => {
  attachMetricsHandler({ catalog: standardCatalog });
  emitStandard([150, 700]);
  const duration = getMetrics().find((m) => m.name === "gen_ai.client.operation.duration")!;
  t.is(duration.kind, "distribution");
  t.is(duration.unit, "second");
  t.deepEqual(duration.tags, ["model", "provider"]);
  t.deepEqual(duration.series, [{
    tags: { model: "m1", provider: "p1" },
    value: {
      // 0.15 s and 0.7 s against OpenTelemetry's GenAI duration buckets, cumulative.
      buckets: [
        { le: 0.01, count: 0 },
        { le: 0.02, count: 0 },
        { le: 0.04, count: 0 },
        { le: 0.08, count: 0 },
        { le: 0.16, count: 1 },
        { le: 0.32, count: 1 },
        { le: 0.64, count: 1 },
        { le: 1.28, count: 2 },
        { le: 2.56, count: 2 },
        { le: 5.12, count: 2 },
        { le: 10.24, count: 2 },
        { le: 20.48, count: 2 },
        { le: 40.96, count: 2 },
        { le: 81.92, count: 2 },
        { le: "+Inf", count: 2 },
      ],
      count: 2,
      sum: 0.85,
    },
  }]);
  const tokens = getMetrics().find((m) => m.name === "gen_ai.client.token.usage")!;
  t.deepEqual(
    tokens.series.map(({ tags, value }) => {
      const { count, sum } = value as DistributionValue;
      return [tags, count, sum];
    }),
    [
      [{ model: "m1", provider: "p1", token_type: "input" }, 2, 200],
      [{ model: "m1", provider: "p1", token_type: "output" }, 2, 40],
    ],
  );
});

test.serial("attachMetricsHandler() attaches only to the events its definitions name", (t) => {
  attachMetricsHandler({
    catalog: standardCatalog,
    definitions: [
      counter("jido_coder_lib.llm.response.count", { tags: ["model"] }),
      summary("jido_coder_lib.llm.response.duration"),
    ],
  });
  t.deepEqual(
    listHandlers(["jido_coder_lib"]).filter((h) => h.id.startsWith("metrics:")).map((h) => h.id),
    [
      "metrics:jido_coder_lib.llm.response",
    ],
  );
  emitStandard([100]);
  t.deepEqual(getCounters(), { "jido_coder_lib.llm.response": 1 });
  t.deepEqual(getMetrics().map((m) => m.name), [
    "jido_coder_lib.llm.response.count",
    "jido_coder_lib.llm.response.duration",
  ]);
  t.deepEqual(getMetrics()[0].series, [{ tags: { model: "m1" }, value: 1 }]);
});

test.serial("attachMetricsHandler() twice is an error; detachMetricsHandler() says whether it was attached", (t) => {
  t.false(detachMetricsHandler());
  attachMetricsHandler({ catalog: standardCatalog });
  t.throws(() => attachMetricsHandler({ catalog: standardCatalog }), {
    instanceOf: TelemetryError,
    message: "The metrics handler is already attached",
  });
  t.true(detachMetricsHandler());
  t.false(detachMetricsHandler());
  t.deepEqual(listHandlers([]).filter((h) => h.id.startsWith("metrics:")), []);
  emitStandard([100]);
  t.deepEqual(getCounters(), {}, "nothing is recorded after detaching");
});

test.serial("attachMetricsHandler() rejects a definition on an event not in the catalog, naming it", (t) => {
  t.throws(
    () =>
      attachMetricsHandler({
        catalog: standardCatalog,
        definitions: [summary("jido_coder_lib.llm.respons.duration")],
      }),
    {
      message:
        'Unknown event "jido_coder_lib.llm.respons" for metric "jido_coder_lib.llm.respons.duration"',
    },
  );
  t.false(detachMetricsHandler(), "nothing was attached");
});

test.serial("a definition whose function throws skips that metric only, and is reported once", (t) => {
  const lines: string[] = [];
  const original = console.error;
  console.error = (line: string) => void lines.push(line);
  try {
    attachMetricsHandler({
      catalog: standardCatalog,
      definitions: [
        counter("jido_coder_lib.llm.response.count"),
        summary("jido_coder_lib.llm.response.duration", {
          measurement: () => {
            throw new Error("bad measurement");
          },
        }),
      ],
    });
    emitStandard([100, 200]);
  } finally {
    console.error = original;
  }
  t.deepEqual(getCounters(), { "jido_coder_lib.llm.response": 2 });
  t.deepEqual(getMetrics().map((m) => [m.name, m.series]), [
    ["jido_coder_lib.llm.response.count", [{ tags: {}, value: 2 }]],
    ["jido_coder_lib.llm.response.duration", []],
  ]);
  t.deepEqual(lines, [
    '[telemetry] Metric "jido_coder_lib.llm.response.duration" failed to record event ' +
    '"jido_coder_lib.llm.response": bad measurement (the metric skips such events; reported once)',
  ]);
  t.deepEqual(
    listHandlers(["jido_coder_lib", "llm", "response"]).map((h) => h.id),
    ["metrics:jido_coder_lib.llm.response"],
    "still attached",
  );
});

test.serial("events with missing or null measurements are counted and do not detach the handler", (t) => {
  attachMetricsHandler({ catalog: standardCatalog });
  const start = ["jido_coder_lib", "session", "start"];
  execute(start, null as unknown as Measurements, { session_id: "s" });
  execute(start, undefined as unknown as Measurements);
  emitSessionStart({ system_time: 1 }, { session_id: "s" });
  t.deepEqual(getCounters(), { "jido_coder_lib.session.start": 3 });
  t.deepEqual(listHandlers(start).map((h) => h.id), ["metrics:jido_coder_lib.session.start"]);
});

test.serial("attachMetricsHandler() attaches nothing when one of its ids is taken", (t) => {
  attach("metrics:jido_coder_lib.session.stop", ["unrelated", "event"], () => {});
  t.throws(() => attachMetricsHandler({ catalog: standardCatalog }), {
    instanceOf: TelemetryError,
    message: 'Handler id "metrics:jido_coder_lib.session.stop" is already attached',
  });
  detach("metrics:jido_coder_lib.session.stop");
  t.deepEqual(listHandlers([]).filter((h) => h.id.startsWith("metrics:")), []);
  t.false(detachMetricsHandler());
  t.notThrows(() => attachMetricsHandler({ catalog: standardCatalog }), "a retry works");
});

test.serial("getCounters() and getDurationStats() read the one store, so keep/drop apply", (t) => {
  attachMetricsHandler({
    catalog: standardCatalog,
    definitions: [
      counter("jido_coder_lib.llm.response.count", { keep: (md) => md.model === "m2" }),
      summary("jido_coder_lib.llm.response.duration", { drop: (md) => md.model === "m1" }),
    ],
  });
  emitStandard([100, 200]);
  t.deepEqual(getCounters(), {}, "every response came from m1");
  t.deepEqual(getDurationStats(), {});
  emitLlmResponse({ duration: 50, input_tokens: 1, output_tokens: 2 }, {
    model: "m2",
    provider: "p1",
    finish_reason: "stop",
  });
  t.deepEqual(getCounters(), { "jido_coder_lib.llm.response": 1 });
  t.deepEqual(getDurationStats(), { "jido_coder_lib.llm.response": summaryOfOne(50) });
});

test.serial("a keep filter that reads the measurements records what it keeps, with nothing on stderr", (t) => {
  const lines: string[] = [];
  const original = console.error;
  console.error = (line: string) => void lines.push(line);
  try {
    attachMetricsHandler({
      catalog: standardCatalog,
      definitions: [
        summary("jido_coder_lib.llm.response.duration", {
          keep: (md, m) => md.model === "m1" && m.duration > 150,
        }),
      ],
    });
    emitStandard([100, 200, 300]);
  } finally {
    console.error = original;
  }
  t.deepEqual(lines, []);
  // 200 and 300 kept; with two values every quantile is of the first or last rank, so exact.
  t.deepEqual(getDurationStats(), {
    "jido_coder_lib.llm.response": {
      count: 2,
      sum: 500,
      min: 200,
      max: 300,
      mean: 250,
      quantiles: { p50: 200, p90: 300, p95: 300, p99: 300 },
    },
  });
});

test.serial("values stay readable after detaching, until resetCounters()", (t) => {
  attachMetricsHandler({ catalog: standardCatalog });
  emitStandard([100]);
  t.true(detachMetricsHandler());
  t.is(getCounters()["jido_coder_lib.llm.response"], 1);
  t.is(
    getMetrics().find((m) => m.name === "jido_coder_lib.llm.response.count")?.series[0].value,
    1,
  );
  resetCounters();
  t.deepEqual(getCounters(), {});
  t.is(getMetrics().find((m) => m.name === "jido_coder_lib.llm.response.count")?.series.length, 0);
});

test.serial("attachMetricsHandler() needs a catalog", (t) => {
  t.throws(
    () => attachMetricsHandler(undefined as unknown as { catalog: typeof standardCatalog }),
    {
      instanceOf: TypeError,
      message:
        "attachMetricsHandler() needs options.catalog: your generated catalog, or standardCatalog",
    },
  );
});
