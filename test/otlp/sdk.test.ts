// Our OTLP bodies against the OpenTelemetry JavaScript SDK's (sdk-trace, sdk-metrics,
// sdk-logs 3.x with the exporter-*-otlp-http 0.301 exporters), field by field: both send the
// same spans, metrics and log records (same ids, times, attributes, resource and scope) to one
// loopback receiver, and the bodies are compared after normalising only what may differ:
//
// - both bodies go through the OTLP protobuf definitions (the SDK writes int64 fields such as
//   intValue and bucketCounts as JSON numbers, the specification as strings);
// - fields holding their protobuf default (droppedAttributesCount 0, status code 0, empty
//   lists), which are not on the wire, are removed from both;
// - the SDK's own clock: metric points' start and collection times and log records' observed
//   time (ours are checked against their inputs instead);
// - histograms' min and max, which the SDK tracks and our metric store does not.
import { SpanKind, SpanStatusCode, trace, ValueType } from "@opentelemetry/api";
import { ROOT_CONTEXT } from "@opentelemetry/api";
import { OTLPLogExporter } from "@opentelemetry/exporter-logs-otlp-http";
import { OTLPMetricExporter } from "@opentelemetry/exporter-metrics-otlp-http";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { LoggerProvider, SimpleLogRecordProcessor } from "@opentelemetry/sdk-logs";
import { MeterProvider, PeriodicExportingMetricReader } from "@opentelemetry/sdk-metrics";
import { SimpleSpanProcessor, TracerProvider } from "@opentelemetry/sdk-trace";
import test from "ava";
import type { FinishedSpan } from "../../src/finished_span.ts";
import { createLogger } from "../../src/logger/mod.ts";
import { counter, createMetricStore, distribution, lastValue, sum } from "../../src/metrics/mod.ts";
import { createOtlpExporter, otlpResource } from "../../src/otlp/mod.ts";
import { roundTrip, type Signal, withoutEmptyArrays } from "./fixtures/proto.ts";
import { type Receiver, startReceiver } from "./fixtures/receiver.ts";

let receiver: Receiver;
test.before(async () => {
  receiver = await startReceiver();
});
test.after.always(() => receiver.close());

/** The resource both sides send: ours, given to the SDK as it is. */
const resource = otlpResource({ serviceName: "sdk-compare", attributes: { "n.int": 3 } });
const sdkResource = resourceFromAttributes({ ...resource } as Record<string, string | number>);

/** Protobuf default values, which are not on the wire: the same message as the field left out. */
const defaults: Readonly<Record<string, unknown>> = {
  droppedAttributesCount: 0,
  droppedEventsCount: 0,
  droppedLinksCount: 0,
  code: 0,
};

function withoutDefaults(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutDefaults);
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (Object.hasOwn(defaults, key) && defaults[key] === v) continue;
    out[key] = withoutDefaults(v);
  }
  return out;
}

/** A body as the protobuf definitions read it, without default values. */
// deno-lint-ignore no-explicit-any
function normal(signal: Signal, text: string): any {
  return withoutDefaults(withoutEmptyArrays(roundTrip(signal, JSON.parse(text))));
}

/** `[seconds, nanoseconds]` of a time in ms, for the SDK (exact for our µs-rounded times). */
function hr(ms: number): [number, number] {
  const us = Math.round(ms * 1000);
  return [Math.floor(us / 1e6), (us % 1e6) * 1000];
}

const traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
const parentId = "00f067aa0ba902b7";
const childId = "b7ad6b7169203331";
const remoteTrace = "0af7651916cd43dd8448eb211c80319c";
const remoteParent = "53995c3f42cd8ad8";
const serverId = "e457b5a2e4d86bd1";
const wideId = "1a2b3c4d5e6f7081";
const t0 = 1700000000123.456;

/** A FinishedSpan from the fields that matter, the rest filled in. */
function finished(fields: Partial<FinishedSpan> & Pick<FinishedSpan, "spanId" | "name">) {
  return {
    traceId,
    parentSpanId: undefined,
    remoteParent: false,
    traceFlags: 1,
    kind: "internal",
    eventPrefix: ["app"],
    startTime: t0,
    endTime: t0 + 420.5,
    duration: 420.5,
    metadata: {},
    measurements: {},
    attributes: {},
    status: "ok",
    errorType: undefined,
    errorMessage: undefined,
    ...fields,
  } as FinishedSpan;
}

test("spans: a parent, a failed child, a remote parent's child and 130 attributes match the SDK", async (t) => {
  const sdkRoute = receiver.route();
  const ourRoute = receiver.route();
  const wide: Record<string, number> = {};
  for (let i = 0; i < 130; i++) wide[`k${i}`] = i;
  const ours: FinishedSpan[] = [
    finished({
      spanId: parentId,
      name: "invoke_agent planner",
      attributes: { "gen_ai.operation.name": "invoke_agent", "gen_ai.agent.name": "planner" },
      metadata: { session_id: "s-1", tags: ["a", "b"], retry: true },
      measurements: { steps: 3, cost: 0.25 },
    }),
    finished({
      spanId: childId,
      parentSpanId: parentId,
      name: "chat gpt-4o",
      kind: "client",
      startTime: t0 + 10.001,
      endTime: t0 + 400.999,
      attributes: { "gen_ai.operation.name": "chat", "gen_ai.request.model": "gpt-4o" },
      metadata: { flags: [1, 2], nested: { a: 1 }, nothing: null },
      status: "error",
      errorType: "RateLimitError",
      errorMessage: "boom",
    }),
    finished({
      traceId: remoteTrace,
      spanId: serverId,
      parentSpanId: remoteParent,
      remoteParent: true,
      name: "POST /run",
      kind: "server",
      metadata: { "http.route": "/run" },
    }),
    finished({ spanId: wideId, name: "wide", kind: "producer", metadata: wide }),
  ];

  // The SDK, with the same ids (an IdGenerator handing them out in order) and times.
  const ids = [parentId, childId, serverId, wideId];
  const provider = new TracerProvider({
    resource: sdkResource,
    idGenerator: { generateTraceId: () => traceId, generateSpanId: () => ids.shift()! },
    spanProcessors: [
      new SimpleSpanProcessor({
        exporter: new OTLPTraceExporter({ url: `${sdkRoute.endpoint}/v1/traces` }),
      }),
    ],
  });
  const tracer = provider.getTracer("@jido/telemetry", "0.1.0");
  const parent = tracer.startSpan("invoke_agent planner", {
    kind: SpanKind.INTERNAL,
    startTime: hr(t0),
    attributes: {
      "gen_ai.operation.name": "invoke_agent",
      "gen_ai.agent.name": "planner",
      session_id: "s-1",
      tags: ["a", "b"],
      retry: true,
      steps: 3,
      cost: 0.25,
    },
  }, ROOT_CONTEXT);
  const child = tracer.startSpan("chat gpt-4o", {
    kind: SpanKind.CLIENT,
    startTime: hr(t0 + 10.001),
    attributes: {
      "gen_ai.operation.name": "chat",
      "gen_ai.request.model": "gpt-4o",
      "error.type": "RateLimitError",
      flags: [1, 2],
      nested: '{"a":1}',
    },
  }, trace.setSpan(ROOT_CONTEXT, parent));
  child.setStatus({ code: SpanStatusCode.ERROR, message: "boom" });
  child.end(hr(t0 + 400.999));
  parent.end(hr(t0 + 420.5));
  const remote = trace.setSpanContext(ROOT_CONTEXT, {
    traceId: remoteTrace,
    spanId: remoteParent,
    traceFlags: 1,
    isRemote: true,
  });
  tracer.startSpan("POST /run", {
    kind: SpanKind.SERVER,
    startTime: hr(t0),
    attributes: { "http.route": "/run" },
  }, remote).end(hr(t0 + 420.5));
  tracer.startSpan("wide", { kind: SpanKind.PRODUCER, startTime: hr(t0), attributes: wide }).end(
    hr(t0 + 420.5),
  );
  await provider.forceFlush();
  await provider.shutdown();

  const otlp = createOtlpExporter({ endpoint: ourRoute.endpoint, traces: false, resource });
  for (const span of ours) otlp.exportSpan(span);
  t.deepEqual(await otlp.shutdown(), { sent: 4, dropped: 0, queued: 0, rejected: 0 });

  const spansOf = (text: string) => {
    const body = normal("traces", text);
    t.is(body.resourceSpans.length, 1);
    return body.resourceSpans[0];
  };
  const sdkSpans = new Map<string, unknown>();
  let sdkResourceSpans: { resource: unknown; scopeSpans: { scope: unknown }[] } | undefined;
  for (const request of sdkRoute.requests) {
    const rs = spansOf(request.text);
    sdkResourceSpans = rs;
    for (const s of rs.scopeSpans[0].spans) sdkSpans.set(s.spanId, s);
  }
  t.is(ourRoute.requests.length, 1);
  const ourSpans = spansOf(ourRoute.requests[0].text);
  t.deepEqual(ourSpans.resource, sdkResourceSpans!.resource);
  t.deepEqual(ourSpans.scopeSpans[0].scope, sdkResourceSpans!.scopeSpans[0].scope);
  t.is(sdkSpans.size, 4);
  t.is(ourSpans.scopeSpans[0].spans.length, 4);
  for (const span of ourSpans.scopeSpans[0].spans) {
    t.deepEqual(span, sdkSpans.get(span.spanId), span.name);
  }
  // The cases the comparison rests on, checked on ours directly.
  const byId = new Map(ourSpans.scopeSpans[0].spans.map((s: { spanId: string }) => [s.spanId, s]));
  // deno-lint-ignore no-explicit-any
  const get = (id: string): any => byId.get(id);
  t.is(get(parentId).startTimeUnixNano, "1700000000123456000");
  t.deepEqual(get(childId).status, { code: 2, message: "boom" });
  t.is(get(childId).flags, 0x101);
  t.is(get(serverId).flags, 0x301);
  t.is(get(wideId).attributes.length, 128);
  t.is(get(wideId).droppedAttributesCount, 2);
});

test("metrics: a counter, a monotonic sum, an up-down sum, a histogram and a gauge match the SDK", async (t) => {
  const sdkRoute = receiver.route();
  const ourRoute = receiver.route();
  const reader = new PeriodicExportingMetricReader({
    exporter: new OTLPMetricExporter({ url: `${sdkRoute.endpoint}/v1/metrics` }),
    exportIntervalMillis: 1_000_000,
  });
  const provider = new MeterProvider({ resource: sdkResource, readers: [reader] });
  const meter = provider.getMeter("@jido/telemetry", "0.1.0");
  const calls = meter.createCounter("app.llm.response.count", {
    unit: "1",
    description: "Responses",
    valueType: ValueType.INT,
  });
  const tokens = meter.createCounter("app.llm.tokens", {
    unit: "{token}",
    description: "Tokens",
  });
  const balance = meter.createUpDownCounter("app.balance", { unit: "{usd}", description: "" });
  const latency = meter.createHistogram("app.llm.response.duration", {
    unit: "ms",
    description: "Latency",
    advice: { explicitBucketBoundaries: [10, 100] },
  });
  const depth = meter.createGauge("app.queue.depth", { unit: "1", description: "Depth" });

  const event = ["app", "llm", "response"];
  const store = createMetricStore([
    counter("app.llm.response.count", {
      event,
      tags: ["model"],
      unit: "1",
      description: "Responses",
    }),
    sum("app.llm.tokens", {
      event,
      measurement: "tokens",
      tags: ["model"],
      unit: "token",
      description: "Tokens",
    }),
    sum("app.balance", {
      event,
      measurement: "delta",
      unit: "usd",
      reporterOptions: { monotonic: false },
    }),
    distribution("app.llm.response.duration", {
      event,
      measurement: "duration",
      tags: ["model"],
      buckets: [10, 100],
      unit: "millisecond",
      description: "Latency",
    }),
    lastValue("app.queue.depth", {
      event,
      measurement: "depth",
      unit: "1",
      description: "Depth",
    }),
  ]);
  const record = store.recorderFor(event);
  // Series in tag order on both sides (the store sorts them; the SDK keeps arrival order).
  const samples = [
    { model: "a", duration: 5, tokens: 2.5, delta: -3, depth: 3 },
    { model: "a", duration: 10, tokens: 1, delta: 1, depth: 4 },
    { model: "a", duration: 500, tokens: 0.5, delta: -0.5, depth: 7 },
    { model: "b", duration: 50, tokens: 4, delta: 0, depth: 2 },
  ];
  for (const s of samples) {
    const { model, ...measurements } = s;
    record(measurements, { model });
    calls.add(1, { model: s.model });
    tokens.add(s.tokens, { model: s.model });
    balance.add(s.delta);
    latency.record(s.duration, { model: s.model });
    depth.record(s.depth);
  }
  await reader.forceFlush();
  await provider.shutdown();

  const startTime = Date.now() - 5_000;
  const before = Date.now();
  const otlp = createOtlpExporter({
    endpoint: ourRoute.endpoint,
    traces: false,
    resource,
    metrics: { source: store, startTime, intervalMs: 1_000_000 },
  });
  // Two series each of the counter, the token sum and the histogram; one of the others.
  t.deepEqual(await otlp.shutdown(), { sent: 8, dropped: 0, queued: 0, rejected: 0 });
  const after = Date.now();

  // The SDK exports on forceFlush() and again on shutdown(): the first is compared.
  t.true(sdkRoute.requests.length >= 1);
  t.is(ourRoute.requests.length, 1);
  const sdk = normal("metrics", sdkRoute.requests[0].text).resourceMetrics[0];
  const ours = normal("metrics", ourRoute.requests[0].text).resourceMetrics[0];
  t.deepEqual(ours.resource, sdk.resource);
  t.deepEqual(ours.scopeMetrics[0].scope, sdk.scopeMetrics[0].scope);
  // Our times: the given start, and the collection within the shutdown.
  for (const metric of ours.scopeMetrics[0].metrics) {
    const data = metric.sum ?? metric.gauge ?? metric.histogram;
    for (const point of data.dataPoints) {
      t.is(point.startTimeUnixNano, `${startTime}000000`);
      const time = Number(BigInt(point.timeUnixNano) / 1_000_000n);
      t.true(time >= before && time <= after, metric.name);
    }
  }
  const timeless = (metrics: { [k: string]: { dataPoints?: object[] } }[]) =>
    metrics.map((m) => {
      const out: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(m)) {
        out[key] = typeof value === "object" && value !== null && "dataPoints" in value
          ? {
            ...value,
            dataPoints: value.dataPoints!.map((p) => {
              const {
                startTimeUnixNano: _s,
                timeUnixNano: _t,
                min: _min,
                max: _max,
                ...rest
              } = p as Record<string, unknown>;
              return rest;
            }),
          }
          : value;
      }
      return out;
    });
  t.deepEqual(timeless(ours.scopeMetrics[0].metrics), timeless(sdk.scopeMetrics[0].metrics));
  // The SDK's histogram has min and max; ours has neither (the store keeps no extremes).
  t.is(sdk.scopeMetrics[0].metrics[3].histogram.dataPoints[0].min, 5);
  t.false("min" in ours.scopeMetrics[0].metrics[3].histogram.dataPoints[0]);
  t.deepEqual(ours.scopeMetrics[0].metrics[3].histogram.dataPoints[0].bucketCounts, [
    "2",
    "0",
    "1",
  ]);
});

test("logs: records with nested metadata, null, redaction, a module and a span match the SDK", async (t) => {
  const sdkRoute = receiver.route();
  const ourRoute = receiver.route();
  const time = 1700000000123.25;
  const span = { traceId, spanId: childId, traceFlags: 1 };

  const provider = new LoggerProvider({
    resource: sdkResource,
    processors: [
      new SimpleLogRecordProcessor({
        exporter: new OTLPLogExporter({ url: `${sdkRoute.endpoint}/v1/logs` }),
      }),
    ],
  });
  const inSpan = trace.setSpanContext(ROOT_CONTEXT, { ...span, isRemote: false });
  provider.getLogger("agent.tools").emit({
    timestamp: hr(time),
    severityNumber: 13,
    severityText: "warn",
    body: "Retrying",
    attributes: {
      attempt: 2,
      ratio: 0.5,
      tool: "grep",
      api_key: "[REDACTED]",
      args: { path: "/tmp", depth: [1, "x", null] },
      missing: null,
    },
    context: inSpan,
  });
  provider.getLogger("@jido/telemetry", "0.1.0").emit({
    timestamp: hr(time),
    severityNumber: 5,
    severityText: "debug",
    body: "Plain",
    attributes: { ok: true },
  });
  await provider.forceFlush();
  await provider.shutdown();

  let inside = true;
  const otlp = createOtlpExporter({
    endpoint: ourRoute.endpoint,
    traces: false,
    resource,
    traceContext: () => inside ? span : undefined,
  });
  const log = createLogger({ ...otlp.loggerOptions(), level: "debug", clock: () => time });
  const before = Date.now();
  log.child({}, { module: "agent.tools" }).warn("Retrying", {
    attempt: 2,
    ratio: 0.5,
    tool: "grep",
    api_key: "sk-abcdefgh12345678",
    args: { path: "/tmp", depth: [1, "x", null] },
    missing: null,
  });
  inside = false;
  log.debug("Plain", { ok: true });
  t.deepEqual(await otlp.shutdown(), { sent: 2, dropped: 0, queued: 0, rejected: 0 });
  const after = Date.now();

  const sdkScopes = sdkRoute.requests.flatMap((r) =>
    normal("logs", r.text).resourceLogs[0].scopeLogs
  );
  t.is(ourRoute.requests.length, 1);
  const ours = normal("logs", ourRoute.requests[0].text).resourceLogs[0];
  t.deepEqual(ours.resource, normal("logs", sdkRoute.requests[0].text).resourceLogs[0].resource);
  for (const scope of ours.scopeLogs) {
    for (const record of scope.logRecords) {
      const observed = Number(BigInt(record.observedTimeUnixNano) / 1_000_000n);
      t.true(observed >= before && observed <= after);
    }
  }
  const withoutObserved = (scopes: { scope: unknown; logRecords: object[] }[]) =>
    scopes.map((s) => ({
      scope: s.scope,
      logRecords: s.logRecords.map((r) => {
        const { observedTimeUnixNano: _o, ...rest } = r as Record<string, unknown>;
        return rest;
      }),
    }));
  t.deepEqual(withoutObserved(ours.scopeLogs), withoutObserved(sdkScopes));
  t.is(ours.scopeLogs[0].logRecords[0].timeUnixNano, "1700000000123250000");
  t.is(ours.scopeLogs[0].logRecords[0].traceId, traceId);
});
