// The delivery core against a real receiver that fails on purpose: retries (429, 502, 503,
// 504, network errors) with Retry-After honoured, no retry on other statuses, partial success,
// the queue bound, the body cap, gzip, flush() counts and timeouts, and never an empty request.
// Each test has its own route on the file's receiver; stderr reports are captured for the
// whole file and told apart by the route's URL.
import test from "ava";
import { gunzipSync } from "node:zlib";
import { attach, detach, OTLP_EXPORT } from "../../mod.ts";
import type { FinishedSpan } from "../../src/finished_span.ts";
import { counter, createMetricStore } from "../../src/metrics/mod.ts";
import {
  createOtlpExporter,
  encodeSpans,
  type OtlpExporterOptions,
  otlpResource,
} from "../../src/otlp/mod.ts";
import { freePort } from "../fixtures/servers.ts";
import { strictlyDecoded } from "./fixtures/proto.ts";
import { type Receiver, type Responder, type Route, startReceiver } from "./fixtures/receiver.ts";

let receiver: Receiver;
const stderr: string[] = [];
const originalError = console.error;
test.before(async () => {
  receiver = await startReceiver();
  console.error = (line: string) => void stderr.push(String(line));
});
test.after.always(async () => {
  console.error = originalError;
  await receiver.close();
});

/** The stderr lines that name `route`. */
const reportsOf = (route: Route) =>
  stderr.filter((l) => l.includes(`${new URL(route.endpoint).pathname}/`));

let ids = 0;
/** A span with a fresh id (its number in the id's last digits) and `size` bytes of metadata. */
function span(size = 0): FinishedSpan {
  const n = ++ids;
  return {
    traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
    spanId: n.toString(16).padStart(16, "0"),
    parentSpanId: undefined,
    remoteParent: false,
    traceFlags: 1,
    name: `span ${n}`,
    kind: "internal",
    eventPrefix: ["app"],
    startTime: 1700000000000 + n,
    endTime: 1700000000100 + n,
    duration: 100,
    metadata: size > 0 ? { pad: "x".repeat(size) } : {},
    measurements: {},
    attributes: {},
    status: "ok",
    errorType: undefined,
    errorMessage: undefined,
  };
}

const fast = { initialBackoffMs: 5, maxBackoffMs: 20 };

function exporter(route: Route, options: Partial<OtlpExporterOptions> = {}) {
  return createOtlpExporter({
    endpoint: route.endpoint,
    traces: false,
    serviceName: "delivery-test",
    retry: fast,
    ...options,
  });
}

/** The span ids in a traces request. */
function spanIds(text: string): string[] {
  return JSON.parse(text).resourceSpans.flatMap((
    r: { scopeSpans: { spans: { spanId: string }[] }[] },
  ) => r.scopeSpans.flatMap((s) => s.spans.map((x) => x.spanId)));
}

function statusThenOk(status: number, headers: Record<string, string> = {}): Responder {
  return (_r, i) => i === 0 ? { status, headers, body: "{}" } : {};
}

test.serial("telemetry.otlp.export tells what each request sent, rejected and dropped, and the queue's depth", async (t) => {
  const seen: unknown[] = [];
  attach("otlp-export-test", OTLP_EXPORT, (_e, m, md) => void seen.push({ ...m, ...md }));
  t.teardown(() => detach("otlp-export-test"));
  const route = receiver.route((_r, i) =>
    i === 0
      ? { body: JSON.stringify({ partialSuccess: { rejectedSpans: "1", errorMessage: "x" } }) }
      : { status: 400, body: "{}" }
  );
  const otlp = exporter(route, { maxBatchSize: 5, maxQueueSize: 5 });
  for (let i = 0; i < 5; i++) otlp.exportSpan(span()); // a batch: leaves at once
  for (let i = 0; i < 7; i++) otlp.exportSpan(span()); // 5 queued, 2 find the queue full
  await otlp.flush();
  await otlp.shutdown();
  const events = seen.map((e) => ({ ...(e as Record<string, unknown>), duration: 0 }));
  t.deepEqual(events, [
    {
      sent: 4,
      rejected: 1,
      dropped: 2,
      queued: 5,
      requests: 1,
      duration: 0,
      signal: "traces",
      outcome: "partial",
      reason: "queue-full",
    },
    {
      sent: 0,
      rejected: 0,
      dropped: 5,
      queued: 0,
      requests: 1,
      duration: 0,
      signal: "traces",
      outcome: "dropped",
      reason: "status-400",
    },
  ]);
});

test("a 503 with Retry-After: 1 is retried once, a second later", async (t) => {
  const route = receiver.route(statusThenOk(503, { "retry-after": "1" }));
  const otlp = exporter(route);
  otlp.exportSpan(span());
  t.deepEqual(await otlp.flush(), { sent: 1, dropped: 0, queued: 0, rejected: 0 });
  const [first, second] = await route.received(2);
  t.true(second.at - first.at >= 995, `retried after ${second.at - first.at} ms`);
  t.true(second.at - first.at < 5_000);
  t.is(first.text, second.text);
  t.like(otlp.stats().traces, { requests: 2, retries: 1, sent: 1 });
  t.deepEqual(reportsOf(route), []);
  await otlp.shutdown();
});

test("a 429 with an HTTP-date Retry-After waits until that date", async (t) => {
  let until = 0;
  const route = receiver.route((_r, i) => {
    if (i > 0) return {};
    until = (Math.floor(Date.now() / 1000) + 2) * 1000; // 1 to 2 s ahead, whole seconds
    return { status: 429, headers: { "retry-after": new Date(until).toUTCString() } };
  });
  const otlp = exporter(route);
  otlp.exportSpan(span());
  t.like(await otlp.flush(), { sent: 1, dropped: 0 });
  const [, second] = await route.received(2);
  t.true(second.at >= until - 5, `retried ${until - second.at} ms before the date`);
  await otlp.shutdown();
});

test("502, 504 and a refused connection are retried with backoff until they succeed or run out", async (t) => {
  const route = receiver.route((_r, i) =>
    i === 0 ? { status: 502 } : i === 1 ? { status: 504 } : {}
  );
  const otlp = exporter(route);
  otlp.exportSpan(span());
  t.like(await otlp.flush(), { sent: 1, dropped: 0 });
  t.is(route.requests.length, 3);
  await otlp.shutdown();

  const closed = `http://127.0.0.1:${await freePort()}`;
  const nobody = createOtlpExporter({
    endpoint: closed,
    traces: false,
    retry: { maxAttempts: 3, ...fast },
  });
  nobody.exportSpan(span());
  nobody.exportSpan(span());
  t.deepEqual(await nobody.flush(), { sent: 0, dropped: 2, queued: 0, rejected: 0 });
  t.like(nobody.stats().traces, { requests: 3, retries: 2 });
  t.regex(nobody.stats().traces.lastError!, /could not be reached.*gave up after 3 attempts/);
});

for (const status of [400, 401, 404, 413, 500, 501]) {
  test(`a ${status} is not retried: the spans are dropped and reported once`, async (t) => {
    const route = receiver.route(() => ({ status, body: '{"message":"nope"}' }));
    const otlp = exporter(route);
    otlp.exportSpan(span());
    t.deepEqual(await otlp.flush(), { sent: 0, dropped: 1, queued: 0, rejected: 0 });
    otlp.exportSpan(span());
    t.deepEqual(await otlp.flush(), { sent: 0, dropped: 2, queued: 0, rejected: 0 });
    t.is(route.requests.length, 2);
    t.like(otlp.stats().traces, { requests: 2, retries: 0 });
    const reports = reportsOf(route);
    t.is(reports.length, 1);
    t.regex(reports[0], new RegExp(`answered ${status}: \\{"message":"nope"\\} \\(not retried\\)`));
    await otlp.shutdown();
  });
}

test("a Retry-After past the time budget drops the body without waiting", async (t) => {
  const route = receiver.route(() => ({ status: 503, headers: { "retry-after": "30" } }));
  const otlp = exporter(route, { timeoutMs: 2_000 });
  otlp.exportSpan(span());
  const start = Date.now();
  t.like(await otlp.flush(), { sent: 0, dropped: 1, queued: 0 });
  t.true(Date.now() - start < 1_500);
  t.is(route.requests.length, 1);
  t.regex(otlp.stats().traces.lastError!, /in 30000 ms\) would pass the 2000 ms timeout/);
});

test("a receiver slower than the timeout drops the body (no retry)", async (t) => {
  const route = receiver.route(() => ({ delayMs: 5_000 }));
  const otlp = exporter(route, { timeoutMs: 400 });
  otlp.exportSpan(span());
  t.like(await otlp.flush(), { sent: 0, dropped: 1, queued: 0 });
  t.like(otlp.stats().traces, { requests: 1, retries: 0 });
  t.regex(reportsOf(route)[0], /no answer within the 400 ms timeout/);
});

test("a partial success counts the rejected spans and reports the receiver's message", async (t) => {
  const route = receiver.route((_r, i) => ({
    body: JSON.stringify({
      partialSuccess: i === 0
        ? { rejectedSpans: "2", errorMessage: "2 spans had no name" }
        : { errorMessage: "" },
    }),
  }));
  const otlp = exporter(route);
  for (let i = 0; i < 5; i++) otlp.exportSpan(span());
  t.deepEqual(await otlp.flush(), { sent: 3, dropped: 0, queued: 0, rejected: 2 });
  otlp.exportSpan(span());
  t.deepEqual(await otlp.flush(), { sent: 4, dropped: 0, queued: 0, rejected: 2 });
  const reports = reportsOf(route);
  t.is(reports.length, 1);
  t.regex(reports[0], /rejected 2 of 5 spans: 2 spans had no name/);
  await otlp.shutdown();
});

test("the queue holds maxQueueSize spans while the receiver is slow; the newer ones are dropped", async (t) => {
  const route = receiver.route(() => ({ delayMs: 300 }));
  const otlp = exporter(route, { maxQueueSize: 10, maxBatchSize: 5 });
  // Spans 1-5 fill a batch, which leaves at once; 6-15 fill the queue; 16-30 find it full.
  const spans = Array.from({ length: 30 }, () => span());
  for (const s of spans) otlp.exportSpan(s);
  t.like(otlp.stats().traces, { queued: 15, dropped: 15, sent: 0 });
  t.deepEqual(await otlp.flush(), { sent: 15, dropped: 15, queued: 0, rejected: 0 });
  t.deepEqual(
    route.requests.flatMap((r) => spanIds(r.text)),
    spans.slice(0, 15).map((s) => s.spanId),
  );
  t.deepEqual(route.requests.map((r) => spanIds(r.text).length), [5, 5, 5]);
  t.is(reportsOf(route).length, 1);
  t.regex(reportsOf(route)[0], /the queue is full \(maxQueueSize 10\); newer spans are dropped/);
  await otlp.shutdown();
});

test("batches are cut to maxBodyBytes; a span too large alone is dropped", async (t) => {
  const route = receiver.route();
  const otlp = exporter(route, { maxBodyBytes: 2_000 });
  const spans = Array.from({ length: 10 }, () => span(500));
  const huge = span(5_000);
  for (const s of [...spans.slice(0, 5), huge, ...spans.slice(5)]) otlp.exportSpan(s);
  t.deepEqual(await otlp.flush(), { sent: 10, dropped: 1, queued: 0, rejected: 0 });
  t.true(route.requests.length >= 4, `${route.requests.length} requests`);
  for (const r of route.requests) {
    t.true(r.raw.length <= 2_000, `${r.raw.length} bytes`);
    const { got, want } = strictlyDecoded("traces", JSON.parse(r.text));
    t.deepEqual(got, want);
  }
  t.deepEqual(route.requests.flatMap((r) => spanIds(r.text)), spans.map((s) => s.spanId));
  t.regex(reportsOf(route)[0], /1 spans each larger than maxBodyBytes \(2000\) were dropped/);
  await otlp.shutdown();
});

test("a span too large alone, and nothing else, makes no request", async (t) => {
  const route = receiver.route();
  const otlp = exporter(route, { maxBodyBytes: 1_000 });
  otlp.exportSpan(span(2_000));
  t.deepEqual(await otlp.flush(), { sent: 0, dropped: 1, queued: 0, rejected: 0 });
  t.is(route.requests.length, 0);
  await otlp.shutdown();
});

test("metric data points are cut to maxBodyBytes too, each body repeating its metric", async (t) => {
  const route = receiver.route();
  const event = ["app", "req"];
  const store = createMetricStore([
    counter("app.req.count", { event, tags: ["route"], description: "Requests by route" }),
  ]);
  const routes = Array.from({ length: 40 }, (_, i) => `/route/${String(i).padStart(2, "0")}`);
  for (const r of routes) store.recorderFor(event)({}, { route: r });
  const otlp = exporter(route, {
    maxBodyBytes: 1_500,
    metrics: { source: store, intervalMs: 1e6 },
  });
  t.deepEqual(await otlp.flush(), { sent: 40, dropped: 0, queued: 0, rejected: 0 });
  t.true(route.requests.length >= 3, `${route.requests.length} requests`);
  const seen: string[] = [];
  for (const r of route.requests) {
    t.true(r.raw.length <= 1_500, `${r.raw.length} bytes`);
    const body = JSON.parse(r.text);
    const { got, want } = strictlyDecoded("metrics", body);
    t.deepEqual(got, want);
    const [metric] = body.resourceMetrics[0].scopeMetrics[0].metrics;
    t.like(metric, { name: "app.req.count", description: "Requests by route", unit: "" });
    t.like(metric.sum, { aggregationTemporality: 2, isMonotonic: true });
    for (const p of metric.sum.dataPoints) seen.push(p.attributes[0].value.stringValue);
  }
  t.deepEqual(seen, routes);
  await otlp.shutdown();
});

test("gzip: the body is compressed and is exactly encodeSpans()' text", async (t) => {
  const route = receiver.route();
  const otlp = exporter(route, { compression: "gzip", headers: { "x-team": "agents" } });
  const spans = [span(100), span(), span()];
  for (const s of spans) otlp.exportSpan(s);
  t.like(await otlp.flush(), { sent: 3 });
  const [request] = route.requests;
  t.is(request.method, "POST");
  t.is(request.path, "/v1/traces");
  t.is(request.headers["content-encoding"], "gzip");
  t.is(request.headers["content-type"], "application/json");
  t.is(request.headers["x-team"], "agents");
  t.is(request.headers["user-agent"], "jido-telemetry/0.1.0");
  t.deepEqual([...request.raw.subarray(0, 2)], [0x1f, 0x8b]);
  const expected = encodeSpans(spans, { resource: otlpResource({ serviceName: "delivery-test" }) });
  t.is(gunzipSync(request.raw).toString("utf8"), expected);
  t.true(request.raw.length < Buffer.byteLength(expected));
  await otlp.shutdown();
});

test("uncompressed bodies say nothing of an encoding", async (t) => {
  const route = receiver.route();
  const otlp = exporter(route);
  otlp.exportSpan(span());
  await otlp.flush();
  t.is(route.requests[0].headers["content-encoding"], undefined);
  t.is(route.requests[0].text[0], "{");
  await otlp.shutdown();
});

test("flush() counts every signal exactly, and sends no empty request", async (t) => {
  const route = receiver.route();
  const store = createMetricStore([
    counter("app.req.count", { event: ["app", "req"], tags: ["r"] }),
  ]);
  const otlp = exporter(route, { metrics: { source: store, intervalMs: 1_000_000 } });
  t.deepEqual(await otlp.flush(), { sent: 0, dropped: 0, queued: 0, rejected: 0 });
  t.is(route.requests.length, 0, "nothing to send: no request, not even for the empty store");
  const log = (await import("../../src/logger/mod.ts")).createLogger({
    ...otlp.loggerOptions(),
    level: "info",
  });
  for (const s of [span(), span(), span()]) otlp.exportSpan(s);
  log.info("one");
  log.warn("two");
  for (const r of ["a", "b", "c", "d"]) store.recorderFor("app.req")({}, { r });
  t.deepEqual(await otlp.flush(), { sent: 9, dropped: 0, queued: 0, rejected: 0 });
  t.deepEqual(route.requests.map((r) => r.path).sort(), ["/v1/logs", "/v1/metrics", "/v1/traces"]);
  t.like(otlp.stats(), {
    traces: { sent: 3, requests: 1 },
    metrics: { sent: 4, requests: 1 },
    logs: { sent: 2, requests: 1 },
  });
  t.deepEqual(
    await otlp.flush(),
    { sent: 13, dropped: 0, queued: 0, rejected: 0 },
    "metrics again",
  );
  t.is(route.requests.length, 4);
  for (const r of route.requests) {
    t.not(JSON.parse(r.text)[Object.keys(JSON.parse(r.text))[0]].length, 0);
  }
  await otlp.shutdown();
});

test("flush() resolves at its timeout with what is still queued", async (t) => {
  const route = receiver.route(() => ({ delayMs: 1_000 }));
  const otlp = exporter(route);
  otlp.exportSpan(span());
  const start = Date.now();
  t.deepEqual(await otlp.flush({ timeoutMs: 100 }), {
    sent: 0,
    dropped: 0,
    queued: 1,
    rejected: 0,
  });
  t.true(Date.now() - start < 800);
  t.deepEqual(await otlp.shutdown(), { sent: 1, dropped: 0, queued: 0, rejected: 0 });
});

test("spans wait at most scheduleDelayMs for their batch", async (t) => {
  const route = receiver.route();
  const otlp = exporter(route, { scheduleDelayMs: 50 });
  otlp.exportSpan(span());
  await route.received(1, 2_000);
  t.is(spanIds(route.requests[0].text).length, 1);
  await otlp.shutdown();
});

test("after shutdown() entries are dropped and counted, and nothing throws", async (t) => {
  const route = receiver.route();
  const otlp = exporter(route);
  const log = (await import("../../src/logger/mod.ts")).createLogger({
    ...otlp.loggerOptions(),
    level: "info",
  });
  t.deepEqual(await otlp.shutdown(), { sent: 0, dropped: 0, queued: 0, rejected: 0 });
  t.is(otlp.shutdown(), otlp.shutdown());
  otlp.exportSpan(span());
  log.info("late");
  t.deepEqual(await otlp.flush(), { sent: 0, dropped: 2, queued: 0, rejected: 0 });
  t.is(route.requests.length, 0);
});

test("a span that cannot be encoded is dropped and counted, never thrown", async (t) => {
  const route = receiver.route();
  const otlp = exporter(route);
  t.notThrows(() => otlp.exportSpan({ ...span(), spanId: "nope" }));
  t.notThrows(() => otlp.exportSpan(null as unknown as FinishedSpan));
  const hostile = new Proxy({}, {
    ownKeys: () => {
      throw new Error("no keys");
    },
  });
  otlp.exportSpan({ ...span(), metadata: hostile });
  otlp.exportSpan({
    ...span(),
    metadata: {
      get bad() {
        throw new Error("getter");
      },
    },
  });
  t.deepEqual(await otlp.flush(), { sent: 2, dropped: 2, queued: 0, rejected: 0 });
  const sent = JSON.parse(route.requests[0].text).resourceSpans[0].scopeSpans[0].spans;
  t.deepEqual(sent[0].attributes, []);
  t.deepEqual(sent[1].attributes, [{ key: "bad", value: { stringValue: "[Throws: getter]" } }]);
  await otlp.shutdown();
});

test("createOtlpExporter() refuses invalid options, naming them", (t) => {
  const bad: [Partial<OtlpExporterOptions>, RegExp][] = [
    [{ endpoint: "localhost:4318" }, /endpoint must be an http or https URL/],
    [{ traces: { url: "ftp://x" } }, /traces.url must be an http or https URL/],
    [{ headers: { "bad name": "v" } }, /invalid header name "bad name"/],
    [{ headers: { auth: "secret\nvalue" } }, /invalid value for header "auth"/],
    [{ compression: "br" as "gzip" }, /compression must be "gzip" or "none"/],
    [{ maxQueueSize: 0 }, /maxQueueSize must be an integer from 1/],
    [{ maxQueueSize: 10, maxBatchSize: 11 }, /maxBatchSize must be an integer from 1 to 10/],
    [{ maxBodyBytes: 10 }, /maxBodyBytes/],
    [{ retry: { maxAttempts: 0 } }, /retry.maxAttempts/],
    [{ retry: { initialBackoffMs: 100, maxBackoffMs: 50 } }, /retry.maxBackoffMs/],
    [{ timeoutMs: 0 }, /timeoutMs/],
    [{ metrics: { source: {} as never } }, /metrics.source must be a metric store or a function/],
  ];
  for (const [options, message] of bad) {
    const error = t.throws(() => createOtlpExporter(options as OtlpExporterOptions));
    t.regex(error!.message, message);
    t.false(error!.message.includes("secret"));
  }
});
