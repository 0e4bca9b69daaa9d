// The dashboard's handler without a browser: its routes and headers, the token check, the
// snapshot's JSON, the event stream's framing, the bounded history, alerts, cost and log lines;
// and its server's refusals (no token off loopback, foreign Host names on loopback).
import test from "ava";
import { ALERT_RESOLVED, ALERT_TRIGGERED, defineCatalog, execute } from "../../mod.ts";
import {
  counter,
  createMetricStore,
  distribution,
  lastValue,
  sum,
  summary,
} from "../../src/metrics/mod.ts";
import {
  createLogRing,
  dashboardHandler,
  type DashboardSnapshot,
  serveDashboard,
} from "../../src/dashboard/mod.ts";

function workload() {
  const store = createMetricStore([
    counter("shop.llm.response.count", { tags: ["model"] }),
    sum("shop.llm.response.tokens"),
    lastValue("shop.queue.depth.size"),
    summary("shop.llm.response.duration", { tags: ["model"] }),
    distribution("shop.tool.call.duration", { buckets: [10, 100, 1000] }),
  ]);
  const llm = store.recorderFor("shop.llm.response");
  const queue = store.recorderFor("shop.queue.depth");
  const tool = store.recorderFor("shop.tool.call");
  const emit = (n: number) => {
    for (let i = 0; i < n; i++) {
      llm({ tokens: 10, duration: 100 + i }, { model: i % 2 ? "gpt" : "claude" });
      queue({ size: i }, {});
      tool({ duration: 5 * 10 ** (i % 4) }, {});
    }
  };
  return { store, emit };
}

const catalog = defineCatalog({
  app: "shop",
  events: ["tool.call", "queue.depth", "llm.response"].map((key) => ({
    name: ["shop", ...key.split(".")],
    key: `shop.${key}`,
    level: "info" as const,
    description: "",
    measurements: [],
    metadata: [],
  })),
});

async function json(response: Response | Promise<Response>): Promise<DashboardSnapshot> {
  return (await response).json() as Promise<DashboardSnapshot>;
}

const get = (path: string, init?: RequestInit) => new Request(`http://127.0.0.1${path}`, init);

test("dashboardHandler() serves the page, its script and style with CSP and nosniff", async (t) => {
  const handler = dashboardHandler({ metrics: () => [], intervalMs: 0 });
  t.teardown(handler.close);
  const page = await handler(get("/"));
  t.is(page.status, 200);
  t.is(page.headers.get("content-type"), "text/html; charset=utf-8");
  t.regex(page.headers.get("content-security-policy")!, /default-src 'self'; script-src 'self'/);
  t.is(page.headers.get("x-content-type-options"), "nosniff");
  t.is(page.headers.get("x-frame-options"), "DENY");
  const html = await page.text();
  t.regex(html, /<script src="app\.js" defer><\/script>/);
  t.notRegex(html, /<script>|<script [^>]*>[^<]|\sstyle=|\son[a-z]+=/);
  const js = await handler(get("/app.js"));
  t.is(js.headers.get("content-type"), "text/javascript; charset=utf-8");
  const script = await js.text();
  t.notRegex(script, /innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(/);
  const css = await handler(get("/style.css"));
  t.is(css.headers.get("content-type"), "text/css; charset=utf-8");
  t.regex(await css.text(), /prefers-color-scheme:dark/);
  t.is((await handler(get("/nope"))).status, 404);
  const post = await handler(get("/api/snapshot", { method: "POST" }));
  t.is(post.status, 405);
  t.is(post.headers.get("allow"), "GET, HEAD");
});

test("the page weighs well under 30 KB (HTML, CSS and JS together)", async (t) => {
  const handler = dashboardHandler({ metrics: () => [], intervalMs: 0 });
  t.teardown(handler.close);
  let bytes = 0;
  for (const path of ["/", "/style.css", "/app.js"]) {
    bytes += (await (await handler(get(path))).arrayBuffer()).byteLength;
  }
  t.log(`page weight: ${bytes} bytes`);
  t.true(bytes < 25_000, String(bytes));
});

test("/api/snapshot holds the store's values, grouped by the catalog's components", async (t) => {
  const { store, emit } = workload();
  let now = 1_000;
  const handler = dashboardHandler({ metrics: store, catalog, intervalMs: 0, clock: () => now });
  t.teardown(handler.close);
  emit(4);
  handler.sample();
  now += 1_000;
  emit(2);
  handler.sample();
  const response = await handler(get("/api/snapshot"));
  t.is(response.headers.get("content-type"), "application/json; charset=utf-8");
  t.is(response.headers.get("cache-control"), "no-store");
  const snap = await json(response);
  t.is(snap.time, 2_000);
  t.is(snap.history, 120);
  t.is(snap.logs, null);
  t.is(snap.cost, null);
  t.deepEqual(snap.metrics.map((m) => `${m.component} ${m.name}`), [
    "tool shop.tool.call.duration",
    "queue shop.queue.depth.size",
    "llm shop.llm.response.count",
    "llm shop.llm.response.duration",
    "llm shop.llm.response.tokens",
  ]);
  const byName = new Map(store.snapshot().map((m) => [m.name, m]));
  for (const m of snap.metrics) {
    t.deepEqual(m.series.map((s) => s.value), byName.get(m.name)!.series.map((s) => s.value));
  }
  const count = snap.metrics.find((m) => m.name === "shop.llm.response.count")!;
  t.deepEqual(count.series.map((s) => [s.key, s.points]), [
    ['{"model":"claude"}', [[1_000, 2], [2_000, 3]]],
    ['{"model":"gpt"}', [[1_000, 2], [2_000, 3]]],
  ]);
  const duration = snap.metrics.find((m) => m.name === "shop.llm.response.duration")!;
  t.deepEqual(duration.series[0].points![0], [1_000, 100, 102, 102]);
  const tool = snap.metrics.find((m) => m.kind === "distribution")!;
  t.deepEqual(tool.series[0].points, [[1_000, 4], [2_000, 6]]);
  const light = await json(handler(get("/api/snapshot?history=0")));
  t.false(light.metrics.some((m) => m.series.some((s) => "points" in s)));
});

test("without a catalog, charts are grouped by the metric name's second segment", (t) => {
  const { store, emit } = workload();
  emit(1);
  const handler = dashboardHandler({ metrics: () => store.snapshot(), intervalMs: 0 });
  t.teardown(handler.close);
  t.deepEqual(handler.snapshot().metrics.map((m) => m.component), [
    "llm",
    "llm",
    "llm",
    "queue",
    "tool",
  ]);
});

test("each series keeps a bounded history; series that are gone are forgotten", (t) => {
  let series = [{ tags: { a: "1" }, value: 0 }];
  let now = 0;
  const handler = dashboardHandler({
    metrics: () => [{
      name: "x.y.z",
      kind: "lastValue",
      unit: "",
      description: "",
      tags: ["a"],
      overflowCount: 0,
      rejectedCount: 0,
      series,
    }],
    history: 3,
    intervalMs: 0,
    clock: () => now,
  });
  t.teardown(handler.close);
  for (let i = 1; i <= 5; i++) {
    now = i;
    series = [{ tags: { a: "1" }, value: i * 10 }];
    handler.sample();
  }
  t.deepEqual(handler.snapshot().metrics[0].series[0].points, [[3, 30], [4, 40], [5, 50]]);
  series = [{ tags: { a: "2" }, value: 1 }];
  handler.sample();
  series = [{ tags: { a: "1" }, value: 7 }];
  t.deepEqual(handler.snapshot().metrics[0].series[0].points, []);
});

test("with a token, the page and its API need it (Bearer or ?token=); the assets do not", async (t) => {
  const token = "s3cret-token-0123456789";
  const handler = dashboardHandler({ metrics: () => [], intervalMs: 0, token });
  t.teardown(handler.close);
  for (const path of ["/", "/api/snapshot", "/api/events"]) {
    const refused = await handler(get(path));
    t.is(refused.status, 401, path);
    t.is(refused.headers.get("www-authenticate"), 'Bearer realm="dashboard"');
    t.is((await handler(get(`${path}?token=${token}x`))).status, 401);
    t.is((await handler(get(`${path}?token=${token.slice(0, -1)}`))).status, 401);
    const bearer = { headers: { authorization: `Bearer ${token}` } };
    const ok = [await handler(get(path, bearer)), await handler(get(`${path}?token=${token}`))];
    for (const response of ok) {
      t.is(response.status, 200, path);
      await response.body?.cancel();
    }
  }
  t.is(
    (await handler(get("/api/snapshot", { headers: { authorization: "Bearer nope" } }))).status,
    401,
  );
  t.is((await handler(get("/app.js"))).status, 200);
  t.is((await handler(get("/style.css"))).status, 200);
});

test("/api/events frames each sample as a server-sent event and ends on close()", async (t) => {
  const { store, emit } = workload();
  const logs = createLogRing();
  const handler = dashboardHandler({ metrics: store, logs, intervalMs: 0 });
  t.teardown(handler.close);
  logs.sink("first", "info");
  const response = await handler(get("/api/events?logsAfter=0"));
  t.is(response.headers.get("content-type"), "text/event-stream; charset=utf-8");
  t.is(response.headers.get("cache-control"), "no-store");
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = "";
  const frame = async (): Promise<string> => {
    while (!buffered.includes("\n\n")) {
      const { value, done } = await reader.read();
      if (done) throw new Error("The stream ended");
      buffered += value;
    }
    const end = buffered.indexOf("\n\n");
    const out = buffered.slice(0, end);
    buffered = buffered.slice(end + 2);
    return out;
  };
  t.is(await frame(), "retry: 1000");
  const first = (await frame()).split("\n");
  t.deepEqual(first.slice(0, 2), ["id: 1", "event: snapshot"]);
  t.true(first[2].startsWith("data: {"));
  t.is(first.length, 3);
  const data1 = JSON.parse(first[2].slice(6)) as DashboardSnapshot;
  t.deepEqual(data1.logs!.map((l) => l.line), ["first"]);
  emit(3);
  logs.sink("second", "warn");
  handler.sample();
  const second = (await frame()).split("\n");
  t.is(second[0], "id: 2");
  const data2 = JSON.parse(second[2].slice(6)) as DashboardSnapshot;
  t.deepEqual(data2.logs!.map((l) => [l.seq, l.level, l.line]), [[2, "warn", "second"]]);
  const count = data2.metrics.find((m) => m.name === "shop.llm.response.count")!;
  t.deepEqual(count.series.map((s) => s.value), [2, 1]);
  handler.close();
  t.true((await reader.read()).done);
});

test("alerts: triggered ones are active until resolved; recent lists both, newest first", (t) => {
  const handler = dashboardHandler({ metrics: () => [], intervalMs: 0, clock: () => 5 });
  t.teardown(handler.close);
  const md = {
    rule: "llm-slow",
    metric: "shop.llm.response.duration",
    condition: "mean > 10",
    severity: "warning",
    labels: { model: "<b>gpt</b>" },
  };
  execute(ALERT_TRIGGERED, { value: 12, threshold: 10 }, md);
  const active = handler.snapshot().alerts.active;
  t.deepEqual(active, [{
    rule: "llm-slow",
    metric: "shop.llm.response.duration",
    condition: "mean > 10",
    severity: "warning",
    labels: { model: "<b>gpt</b>" },
    state: "active",
    value: 12,
    threshold: 10,
    time: 5,
  }]);
  execute(ALERT_RESOLVED, { value: 8, threshold: 10, duration: 1 }, md);
  const { alerts } = handler.snapshot();
  t.deepEqual(alerts.active, []);
  t.deepEqual(alerts.recent.map((a) => a.state), ["resolved", "active"]);
  handler.close();
  execute(ALERT_TRIGGERED, { value: 12, threshold: 10 }, md);
  t.is(handler.snapshot().alerts.active.length, 0);
});

test("cost per model comes most expensive first", (t) => {
  const handler = dashboardHandler({
    metrics: () => [],
    intervalMs: 0,
    cost: () => ({ a: { cost: 0.1, responses: 2 }, b: { cost: 0.5 } }),
  });
  t.teardown(handler.close);
  t.deepEqual(handler.snapshot().cost, [
    { model: "b", cost: 0.5 },
    { model: "a", cost: 0.1, responses: 2 },
  ]);
});

test("createLogRing() keeps the latest lines without colour codes and forwards each", (t) => {
  const forwarded: string[] = [];
  const ring = createLogRing({ size: 2, forward: (line) => forwarded.push(line), clock: () => 9 });
  ring.sink("\x1b[33mone\x1b[0m", "warn");
  ring.sink("two", "info");
  ring.sink("three", "error");
  t.deepEqual(ring.lines(), [
    { seq: 2, time: 9, level: "info", line: "two" },
    { seq: 3, time: 9, level: "error", line: "three" },
  ]);
  t.deepEqual(ring.lines(2).map((l) => l.line), ["three"]);
  t.deepEqual(forwarded, ["\x1b[33mone\x1b[0m", "two", "three"]);
  t.throws(() => createLogRing({ size: 0 }), { message: /positive integer, got 0/ });
});

test("basePath mounts the dashboard under a prefix", async (t) => {
  const handler = dashboardHandler({ metrics: () => [], intervalMs: 0, basePath: "/dash" });
  t.teardown(handler.close);
  const redirect = await handler(get("/dash?token=a"));
  t.is(redirect.status, 308);
  t.is(redirect.headers.get("location"), "/dash/?token=a");
  t.is((await handler(get("/dash/api/snapshot"))).status, 200);
  t.is((await handler(get("/api/snapshot"))).status, 404);
  t.throws(() => dashboardHandler({ metrics: () => [], basePath: "dash/" }), {
    instanceOf: TypeError,
  });
});

test("serveDashboard() refuses a non-loopback address without a long enough token", async (t) => {
  await t.throwsAsync(serveDashboard({ metrics: () => [], hostname: "0.0.0.0", port: 0 }), {
    message: /needs a token of at least 16 characters to listen on "0.0.0.0"/,
  });
  await t.throwsAsync(
    serveDashboard({ metrics: () => [], hostname: "0.0.0.0", port: 0, token: "short" }),
    { message: /at least 16 characters/ },
  );
});

test("serveDashboard() listens on loopback, streams events and refuses foreign Host names", async (t) => {
  const { store, emit } = workload();
  const server = await serveDashboard({ metrics: store, port: 0, intervalMs: 50 });
  t.teardown(server.close);
  t.is(server.hostname, "127.0.0.1");
  t.is(server.url, `http://127.0.0.1:${server.port}/`);
  const page = await fetch(server.url);
  t.is(page.status, 200);
  t.is(page.headers.get("x-content-type-options"), "nosniff");
  await page.body?.cancel();
  const http = await import("node:http");
  const status = await new Promise<number>((resolve, reject) => {
    http.get(`${server.url}api/snapshot`, { headers: { host: "evil.example" } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    }).on("error", reject);
  });
  t.is(status, 403);
  const events = await fetch(`${server.url}api/events`);
  const reader = events.body!.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  emit(2);
  while (!/"value":1\b/.test(text)) text += (await reader.read()).value ?? "";
  t.regex(text, /^retry: 1000\n\nid: 1\nevent: snapshot\ndata: /);
  await reader.cancel();
});
