// The Prometheus reporter's exposition, names and checks, line by line. (The real Prometheus,
// Pushgateway and promtool read it in servers.test.ts.)
import test from "ava";
import { spawnSync } from "node:child_process";
import { emitLlmResponse, listHandlers, standardCatalog } from "../../mod.ts";
import {
  counter,
  distribution,
  lastValue,
  type MetricDefinition,
  sum,
  summary,
} from "../../src/metrics/mod.ts";
import {
  createPrometheusReporter,
  escapeLabelValue,
  formatNumber,
  negotiateFormat,
  planFamilies,
  prometheusName,
  pushgatewayUrl,
  servePrometheus,
} from "../../src/prometheus/mod.ts";

const event = ["jido_coder_lib", "llm", "response"];

function respond(model: string, duration: number, outputTokens: number): void {
  emitLlmResponse({ duration, input_tokens: 1, output_tokens: outputTokens }, {
    model,
    provider: "p",
    finish_reason: "stop",
  });
}

/** A reporter over one of each kind, fed two responses; detached by the test's teardown. */
function everyKind(t: { teardown(fn: () => void): void }) {
  const reporter = createPrometheusReporter({
    catalog: standardCatalog,
    labels: { service: "s" },
    metrics: [
      counter("app.calls.count", {
        event,
        tags: ["model"],
        description: 'Calls by "model"\\ and\nline',
      }),
      sum("app.tokens", { event, measurement: "output_tokens", tags: ["model"] }),
      lastValue("app.last", { event, measurement: "duration" }),
      summary("app.latency", { event, measurement: "duration", keep: (md) => md.model === "a" }),
      distribution("app.latency.hist", {
        event,
        measurement: "duration",
        unit: { from: "millisecond", to: "second" },
        buckets: [0.1, 1],
      }),
    ],
  });
  t.teardown(() => reporter.detach());
  respond("a", 250, 10);
  respond('b"\\', 1500, 5);
  return reporter;
}

test.serial("the text format: HELP and TYPE name the sample, base units, cumulative buckets", (t) => {
  t.is(
    everyKind(t).scrape(),
    `# HELP app_calls_total Calls by "model"\\\\ and\\nline
# TYPE app_calls_total counter
app_calls_total{service="s",model="a"} 1
app_calls_total{service="s",model="b\\"\\\\"} 1
# HELP app_tokens_total app.tokens
# TYPE app_tokens_total counter
app_tokens_total{service="s",model="a"} 10
app_tokens_total{service="s",model="b\\"\\\\"} 5
# HELP app_last_seconds app.last
# TYPE app_last_seconds gauge
app_last_seconds{service="s"} 1.5
# HELP app_latency_seconds app.latency
# TYPE app_latency_seconds summary
app_latency_seconds{service="s",quantile="0.5"} 0.25
app_latency_seconds{service="s",quantile="0.9"} 0.25
app_latency_seconds{service="s",quantile="0.95"} 0.25
app_latency_seconds{service="s",quantile="0.99"} 0.25
app_latency_seconds_sum{service="s"} 0.25
app_latency_seconds_count{service="s"} 1
# HELP app_latency_hist_seconds app.latency.hist
# TYPE app_latency_hist_seconds histogram
app_latency_hist_seconds_bucket{service="s",le="0.1"} 0
app_latency_hist_seconds_bucket{service="s",le="1"} 1
app_latency_hist_seconds_bucket{service="s",le="+Inf"} 2
app_latency_hist_seconds_sum{service="s"} 1.75
app_latency_hist_seconds_count{service="s"} 2
`,
  );
});

test.serial("OpenMetrics: TYPE names the family, UNIT where the name has one, HELP escapes quotes, # EOF", (t) => {
  t.is(
    everyKind(t).scrape("openmetrics"),
    `# HELP app_calls Calls by \\"model\\"\\\\ and\\nline
# TYPE app_calls counter
app_calls_total{service="s",model="a"} 1
app_calls_total{service="s",model="b\\"\\\\"} 1
# HELP app_tokens app.tokens
# TYPE app_tokens counter
app_tokens_total{service="s",model="a"} 10
app_tokens_total{service="s",model="b\\"\\\\"} 5
# HELP app_last_seconds app.last
# TYPE app_last_seconds gauge
# UNIT app_last_seconds seconds
app_last_seconds{service="s"} 1.5
# HELP app_latency_seconds app.latency
# TYPE app_latency_seconds summary
# UNIT app_latency_seconds seconds
app_latency_seconds{service="s",quantile="0.5"} 0.25
app_latency_seconds{service="s",quantile="0.9"} 0.25
app_latency_seconds{service="s",quantile="0.95"} 0.25
app_latency_seconds{service="s",quantile="0.99"} 0.25
app_latency_seconds_sum{service="s"} 0.25
app_latency_seconds_count{service="s"} 1
# HELP app_latency_hist_seconds app.latency.hist
# TYPE app_latency_hist_seconds histogram
# UNIT app_latency_hist_seconds seconds
app_latency_hist_seconds_bucket{service="s",le="0.1"} 0
app_latency_hist_seconds_bucket{service="s",le="1"} 1
app_latency_hist_seconds_bucket{service="s",le="+Inf"} 2
app_latency_hist_seconds_sum{service="s"} 1.75
app_latency_hist_seconds_count{service="s"} 2
# EOF
`,
  );
});

test.serial("a metric with no series yet is its descriptors only; reset() empties, detach() stops recording", (t) => {
  const reporter = createPrometheusReporter({
    catalog: standardCatalog,
    metrics: [counter("app.calls.count", { event })],
  });
  const empty = "# HELP app_calls_total app.calls.count\n# TYPE app_calls_total counter\n";
  t.is(reporter.scrape(), empty);
  respond("a", 1, 1);
  t.is(reporter.scrape(), `${empty}app_calls_total 1\n`);
  reporter.reset();
  t.is(reporter.scrape(), empty);
  respond("a", 1, 1);
  t.true(reporter.detach());
  respond("a", 1, 1);
  t.is(reporter.scrape(), `${empty}app_calls_total 1\n`, "readable after detach");
  t.false(reporter.detach());
  t.throws(() => reporter.scrape("json" as "text"), {
    instanceOf: TypeError,
    message: 'Unknown exposition format "json"',
  });
});

test.serial("the overflow series is exposed with its own label", (t) => {
  const reporter = createPrometheusReporter({
    catalog: standardCatalog,
    maxSeries: 1,
    metrics: [counter("app.calls.count", { event, tags: ["model"] })],
  });
  t.teardown(() => reporter.detach());
  respond("a", 1, 1);
  respond("b", 1, 1);
  respond("c", 1, 1);
  t.is(
    reporter.scrape(),
    `# HELP app_calls_total app.calls.count
# TYPE app_calls_total counter
app_calls_total{model="a"} 1
app_calls_total{overflow="true"} 2
`,
  );
});

test("prometheusName() keeps [a-zA-Z0-9_] and turns everything else into _", (t) => {
  t.deepEqual(
    [
      "app.llm.response.duration",
      "gen_ai.client.token-usage",
      "a:b",
      "9lives.count",
      "métrique.count",
      "emoji.😀",
    ].map(prometheusName),
    [
      "app_llm_response_duration",
      "gen_ai_client_token_usage",
      "a_b",
      "_9lives_count",
      "m_trique_count",
      "emoji___",
    ],
  );
});

test("planFamilies(): counters end in _total once, units become seconds and bytes, a prefix goes first", (t) => {
  const plan = planFamilies([
    counter("app.request.count", { event }),
    counter("app.retries.total", { event }),
    counter("app.errors", { event }),
    sum("app.bytes", { event, measurement: "output_tokens", unit: "kilobyte" }),
    sum("app.up_down", {
      event,
      measurement: "output_tokens",
      reporterOptions: { prometheusType: "gauge" },
    }),
    summary("app.wait", { event, measurement: "duration", unit: "minute" }),
    summary("app.idle_seconds", { event, measurement: "duration", unit: "second" }),
    distribution("app.age", {
      event,
      measurement: "duration",
      unit: "nanosecond",
      buckets: [1],
      tags: ["model"],
    }),
  ], { prefix: "jido" });
  t.deepEqual(
    plan.map((f) => [f.metric, f.name, f.type, f.unit, f.multiply, f.divide, f.labels]),
    [
      ["app.request.count", "jido_app_request", "counter", "", 1, 1, []],
      ["app.retries.total", "jido_app_retries", "counter", "", 1, 1, []],
      ["app.errors", "jido_app_errors", "counter", "", 1, 1, []],
      ["app.bytes", "jido_app_bytes", "counter", "bytes", 1000, 1, []],
      ["app.up_down", "jido_app_up_down", "gauge", "", 1, 1, []],
      ["app.wait", "jido_app_wait_seconds", "summary", "seconds", 60, 1, []],
      ["app.idle_seconds", "jido_app_idle_seconds", "summary", "seconds", 1, 1, []],
      ["app.age", "jido_app_age_seconds", "histogram", "seconds", 1, 1e9, ["model"]],
    ],
  );
});

test("planFamilies() refuses what would make a scrape invalid, naming the metric", (t) => {
  const cases: [MetricDefinition[], string][] = [
    [
      [counter("a.b.count", { event }), sum("a.b.total", { event, measurement: "output_tokens" })],
      'Metrics "a.b.count" and "a.b.total" would both be exposed to Prometheus as "a_b"; rename one of them',
    ],
    [
      [summary("a.lat", { event, measurement: "duration" }), counter("a.lat.sum", { event })],
      'Metrics "a.lat" and "a.lat.sum" would both be exposed to Prometheus as "a_lat_sum"; rename one of them',
    ],
    [
      [counter("a-b.c", { event }), counter("a.b_c", { event })],
      'Metrics "a-b.c" and "a.b_c" would both be exposed to Prometheus as "a_b_c"; rename one of them',
    ],
    [
      [counter("a.b", { event, tags: ["finish.reason"] })],
      'Tag of metric "a.b" "finish.reason" is not a valid Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*); rename it with the metric\'s tagValues',
    ],
    [
      [counter("a.b", { event, tags: ["__name"] })],
      'Tag of metric "a.b" "__name" starts with "__", which Prometheus reserves',
    ],
    [
      [distribution("a.b", { event, measurement: "duration", buckets: [1], tags: ["le"] })],
      'Tag of metric "a.b" "le" is reserved by Prometheus for this type',
    ],
    [
      [summary("a.b", { event, measurement: "duration", tags: ["quantile"] })],
      'Tag of metric "a.b" "quantile" is reserved by Prometheus for this type',
    ],
    [
      [counter("__a.b", { event })],
      'Metric "__a.b" cannot be exposed to Prometheus: "__a_b" starts with "__", which Prometheus reserves',
    ],
    [
      [counter("_.-", { event })],
      'Metric "_.-" cannot be exposed to Prometheus: its name has no letter or digit',
    ],
  ];
  for (const [definitions, message] of cases) {
    t.throws(() => planFamilies(definitions), { message }, message);
  }
  t.notThrows(() => planFamilies([counter("a.b", { event, tags: ["le", "quantile"] })]));
  t.throws(() => planFamilies([counter("a.b", { event, tags: ["overflow"] })]), {
    message:
      'Tag of metric "a.b" "overflow" is reserved for the series past the cap (overflow="true"); rename it',
  });
  t.throws(() => planFamilies([], { labels: { overflow: "x" } }), {
    message:
      'Constant label "overflow" is reserved for the series past the cap (overflow="true"); rename it',
  });
  t.throws(
    () => planFamilies([counter("a.b", { event, tags: ["model"] })], { labels: { model: "x" } }),
    {
      message: 'Tag of metric "a.b" "model" is also a constant label; rename one of them',
    },
  );
  t.throws(() => planFamilies([], { labels: { "bad-name": "x" } }), {
    message:
      'Constant label "bad-name" is not a valid Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*); rename it with the metric\'s tagValues',
  });
  t.throws(() => planFamilies([], { labels: { n: 1 as unknown as string } }), {
    instanceOf: TypeError,
    message: 'Constant label "n" must have a string value',
  });
  t.throws(() => planFamilies([], { prefix: "my-app" }), {
    instanceOf: TypeError,
    message: 'The prefix must be a Prometheus name ([a-zA-Z_:][a-zA-Z0-9_:]*), got "my-app"',
  });
});

test.serial("createPrometheusReporter() checks names before attaching anything", (t) => {
  t.throws(
    () =>
      createPrometheusReporter({
        catalog: standardCatalog,
        allowExternalEvents: true,
        metrics: [counter("ext.count", { event: ["ext", "done"], tags: ["x-y"] })],
      }),
    { message: /^Tag of metric "ext.count" "x-y" is not a valid Prometheus label name/ },
  );
  t.deepEqual(listHandlers([]).filter((h) => h.id.startsWith("prometheus:")), []);
  t.throws(() => createPrometheusReporter(undefined as never), {
    instanceOf: TypeError,
    message:
      "createPrometheusReporter() needs options.catalog: your generated catalog, or standardCatalog",
  });
});

test("formatNumber() and escapeLabelValue() spell values as Prometheus reads them", (t) => {
  t.deepEqual(
    [NaN, Infinity, -Infinity, -0, 0.1, 1e21, 5e-324, 1.7976931348623157e308, -2].map(
      formatNumber,
    ),
    ["NaN", "+Inf", "-Inf", "0", "0.1", "1e+21", "5e-324", "1.7976931348623157e+308", "-2"],
  );
  t.is(escapeLabelValue('a\\b"c\nd\re\tf ü'), 'a\\\\b\\"c\\nd\re\tf ü');
  t.is(escapeLabelValue("plain"), "plain");
});

test("negotiateFormat() picks OpenMetrics only when the Accept header accepts it", (t) => {
  const prometheus =
    "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";
  t.deepEqual(
    [
      prometheus,
      "text/plain;version=0.0.4",
      "application/openmetrics-text; q=0",
      "text/plain;q=1, application/openmetrics-text;q=0.1",
      "text/plain;q=0.5, application/openmetrics-text;q=0.5",
      "Application/OpenMetrics-Text",
      "*/*",
      "",
      null,
      undefined,
    ].map(negotiateFormat),
    [
      "openmetrics",
      "text",
      "text",
      "text",
      "openmetrics",
      "openmetrics",
      "text",
      "text",
      "text",
      "text",
    ],
  );
});

test.serial("handler(): content negotiation, HEAD, 405, and the same body as scrape()", async (t) => {
  const reporter = everyKind(t);
  const om = await reporter.handler(
    new Request("http://x/metrics", {
      headers: { accept: "application/openmetrics-text;version=1.0.0,text/plain;q=0.5" },
    }),
  );
  t.is(om.status, 200);
  t.is(
    om.headers.get("content-type"),
    "application/openmetrics-text; version=1.0.0; charset=utf-8",
  );
  t.is(await om.text(), reporter.scrape("openmetrics"));
  const text = reporter.handler(new Request("http://x/metrics"));
  t.is(text.headers.get("content-type"), "text/plain; version=0.0.4; charset=utf-8");
  t.is(await text.text(), reporter.scrape("text"));
  const head = reporter.handler(new Request("http://x/metrics", { method: "HEAD" }));
  t.is(head.status, 200);
  t.is(head.body, null);
  const post = reporter.handler(new Request("http://x/metrics", { method: "POST", body: "x" }));
  t.is(post.status, 405);
  t.is(post.headers.get("allow"), "GET, HEAD");
});

test.serial("servePrometheus() serves on loopback, 404 elsewhere; a large scrape is rendered a chunk at a time as it is read", async (t) => {
  const tags = Array.from({ length: 20_000 }, (_, i) => `model-${i}`);
  const reporter = createPrometheusReporter({
    catalog: standardCatalog,
    maxSeries: 20_000,
    metrics: [counter("app.calls.count", { event, tags: ["model"] })],
  });
  t.teardown(() => reporter.detach());
  for (const model of tags) respond(model, 1, 1);
  const server = await servePrometheus(reporter, { port: 0 });
  t.teardown(() => server.close());
  t.is(server.hostname, "127.0.0.1");
  t.is(server.url, `http://127.0.0.1:${server.port}/metrics`);
  t.is((await fetch(`http://127.0.0.1:${server.port}/other`)).status, 404);
  const body = await (await fetch(server.url)).text();
  t.is(body, reporter.scrape());
  t.true(body.length > 600_000);
  // The body is rendered as it is read, 256 series at a time, into chunks of about 64 KiB: a
  // large registry never holds the event loop for a whole scrape (the server waits a turn of
  // the event loop between chunks).
  const reader = reporter.handler(new Request("http://x/metrics")).body!.getReader();
  const sizes: number[] = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    sizes.push(value.length);
  }
  t.true(sizes.length >= 10, `${sizes.length} chunks`);
  for (const size of sizes.slice(0, -1)) {
    t.true(size >= 64 * 1024 && size < 64 * 1024 + 256 * 64, `chunk of ${size} bytes`);
  }
  t.is(sizes.reduce((a, b) => a + b, 0), new TextEncoder().encode(body).length);
});

test("servePrometheus() checks its options", async (t) => {
  const reporter = createPrometheusReporter({ catalog: standardCatalog, metrics: [] });
  await t.throwsAsync(servePrometheus(reporter, { port: 70_000 }), {
    instanceOf: RangeError,
    message: "The port must be an integer from 0 to 65535, got 70000",
  });
  await t.throwsAsync(servePrometheus(reporter, { path: "metrics" }), {
    instanceOf: TypeError,
    message: 'The path must start with "/", got "metrics"',
  });
  const a = await servePrometheus(reporter, { port: 0, hostname: "::1", path: "/m" });
  t.is(a.url, `http://[::1]:${a.port}/m`);
  t.is((await fetch(a.url)).status, 200);
  await t.throwsAsync(servePrometheus(reporter, { port: a.port, hostname: "::1" }), {
    message: /EADDRINUSE/,
  });
  await a.close();
});

test("pushgatewayUrl(): job and grouping key in the path, base64url where a value has a slash or is empty", (t) => {
  t.is(
    pushgatewayUrl({
      url: "http://127.0.0.1:9091/",
      job: "coder cli",
      groupingKey: { instance: "run-1", path: "/tmp/ü", empty: "" },
    }),
    "http://127.0.0.1:9091/metrics/job/coder%20cli/instance/run-1/path@base64/L3RtcC_DvA==/empty@base64/=",
  );
  t.is(
    pushgatewayUrl({ url: "http://g", job: "a/b" }),
    "http://g/metrics/job@base64/YS9i",
  );
  // URL parsing would collapse "." and "..", pushing to another group.
  t.is(
    pushgatewayUrl({ url: "http://g", job: "..", groupingKey: { instance: "." } }),
    "http://g/metrics/job@base64/Li4=/instance@base64/Lg==",
  );
  t.throws(() => pushgatewayUrl({ url: "http://g", job: "" }), {
    instanceOf: TypeError,
    message: "The Pushgateway job must be a non-empty string",
  });
  t.throws(() => pushgatewayUrl({ url: "http://g", job: "j", groupingKey: { "a-b": "x" } }), {
    instanceOf: TypeError,
    message: 'Grouping key label "a-b" is not a valid label name',
  });
});

test.serial("Pushgateway options are checked when the reporter is made, not at exit", (t) => {
  const bad: [Record<string, unknown>, string][] = [
    [{ url: "http://g", job: "" }, "The Pushgateway job must be a non-empty string"],
    [
      { url: "http://g", job: "j", mode: "merge" },
      'The Pushgateway mode must be "replace" or "add", got merge',
    ],
    [
      { url: "http://g", job: "j", timeoutMs: 0 },
      "The Pushgateway timeoutMs must be positive, got 0",
    ],
  ];
  for (const [pushgateway, message] of bad) {
    t.throws(
      () =>
        createPrometheusReporter({
          catalog: standardCatalog,
          metrics: [],
          pushgateway: pushgateway as never,
        }),
      { message },
    );
  }
});

test.serial("flush() needs a Pushgateway, and rejects with the network error when it is down", async (t) => {
  const plain = createPrometheusReporter({ catalog: standardCatalog, metrics: [] });
  await t.throwsAsync(plain.flush(), {
    message: "flush() needs the reporter's pushgateway option",
  });
  const down = createPrometheusReporter({
    catalog: standardCatalog,
    metrics: [],
    pushgateway: { url: "http://127.0.0.1:1", job: "j", pushOnExit: false },
  });
  await t.throwsAsync(down.flush(), { message: "fetch failed" });
  plain.detach();
  down.detach();
});

test("servePrometheus() serves under Deno (Deno.serve) and Bun (node:http)", (t) => {
  const script = "test/prometheus/fixtures/serve_once.ts";
  const expected = {
    url: "http://127.0.0.1:PORT/metrics",
    type: "application/openmetrics-text; version=1.0.0; charset=utf-8",
    body: "# HELP app_calls app.calls.count\n# TYPE app_calls counter\napp_calls_total 1\n# EOF\n",
  };
  const runs = {
    deno: spawnSync("node_modules/.bin/deno", ["run", "--allow-net=127.0.0.1", script], {
      encoding: "utf8",
    }),
    bun: spawnSync("node_modules/.bin/bun", [script], { encoding: "utf8" }),
  };
  for (const [runtime, run] of Object.entries(runs)) {
    t.is(run.status, 0, `${runtime}: ${run.stderr}`);
    t.deepEqual(JSON.parse(run.stdout), expected, runtime);
  }
});
