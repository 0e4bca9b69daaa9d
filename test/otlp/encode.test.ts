// The encoders: exact JSON for each kind of value, time and metric, and every body strictly
// decoded by the official OTLP protobuf definitions (fixtures/proto.ts): fromObject → encode →
// decode → toObject must give the body back, so a misspelled key, a wrong type (a number
// where the specification wants a decimal string) or a bad id fails.
import test from "ava";
import fc from "fast-check";
import { readFileSync } from "node:fs";
import type { FinishedSpan } from "../../src/finished_span.ts";
import { finishedSpan } from "../fixtures/spans.ts";
import type { LogRecord } from "../../src/logger/mod.ts";
import {
  counter,
  createMetricStore,
  distribution,
  lastValue,
  type MetricSnapshot,
  sum,
  summary,
} from "../../src/metrics/mod.ts";
import {
  encodeLogs,
  encodeMetrics,
  encodeSpans,
  otlpScope,
  severityNumber,
  ucumUnit,
} from "../../src/otlp/mod.ts";
import { type Signal, strictlyDecoded } from "./fixtures/proto.ts";

const resource = { "service.name": "test" };

function span(fields: Partial<FinishedSpan> = {}): FinishedSpan {
  return finishedSpan(fields);
}

function record(fields: Partial<LogRecord> = {}): LogRecord {
  return {
    time: 1700000000000,
    level: "info",
    message: "m",
    module: undefined,
    metadata: {},
    units: undefined,
    callSite: undefined,
    ...fields,
  };
}

// deno-lint-ignore no-explicit-any
const spanOf = (body: string): any => JSON.parse(body).resourceSpans[0].scopeSpans[0].spans[0];
// deno-lint-ignore no-explicit-any
const logOf = (body: string): any => JSON.parse(body).resourceLogs[0].scopeLogs[0].logRecords[0];

/** Asserts that `body` comes back unchanged through the protobuf definitions. */
function decodes(
  t: { deepEqual(a: unknown, b: unknown, m?: string): void },
  signal: Signal,
  body: string,
) {
  const { got, want } = strictlyDecoded(signal, JSON.parse(body));
  t.deepEqual(got, want, `${signal} body changed through protobuf`);
}

test("the strict protobuf check fails a misspelled key, a number for a string and a bad id", (t) => {
  const good = JSON.parse(encodeSpans([span()], { resource }));
  t.notThrows(() => decodes(t, "traces", JSON.stringify(good)));
  const cases: [string, (s: Record<string, unknown>) => void][] = [
    ["misspelled key", (s) => void (s.startTimeUnixNanos = s.startTimeUnixNano)],
    ["number time", (s) => void (s.startTimeUnixNano = 1700000000000000000)],
    ["string kind", (s) => void (s.kind = "1")],
  ];
  for (const [what, mutate] of cases) {
    const body = structuredClone(good);
    mutate(body.resourceSpans[0].scopeSpans[0].spans[0]);
    const { got, want } = strictlyDecoded("traces", body);
    t.notDeepEqual(got, want, what);
  }
  const badId = structuredClone(good);
  badId.resourceSpans[0].scopeSpans[0].spans[0].spanId = "AQIDBAUGBwg=";
  t.throws(() => strictlyDecoded("traces", badId), { message: /not lowercase hex/ });
});

test("encodeSpans() writes times in nanoseconds exact to the microsecond", (t) => {
  const cases: [number, string][] = [
    [1700000000123.456, "1700000000123456000"],
    [1700000000123, "1700000000123000000"],
    [1700000000123.0005, "1700000000123001000"], // half a microsecond rounds up
    [1700000000123.9999, "1700000000124000000"],
    [0, "0"],
    [-5, "0"],
    [Number.NaN, "0"],
  ];
  for (const [ms, ns] of cases) {
    t.is(
      spanOf(encodeSpans([span({ startTime: ms })], { resource })).startTimeUnixNano,
      ns,
      `${ms}`,
    );
  }
});

test("nanoseconds are exact for every microsecond time up to year 2100 (property)", (t) => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 4_102_444_800_000_000 }), (us) => {
      const body = encodeLogs([record({ time: us / 1000 })], { resource, observedTime: 0 });
      return logOf(body).timeUnixNano === `${us}000`;
    }),
    { numRuns: 2000 },
  );
  t.pass();
});

test("encodeSpans() maps kinds, status, error.type, flags and every attribute value type", (t) => {
  const kinds = ["internal", "server", "client", "producer", "consumer"] as const;
  t.deepEqual(kinds.map((kind) => spanOf(encodeSpans([span({ kind })], { resource })).kind), [
    1,
    2,
    3,
    4,
    5,
  ]);
  const failed = spanOf(encodeSpans([span({
    parentSpanId: "b7ad6b7169203331",
    remoteParent: true,
    traceFlags: 0x01,
    status: "error",
    errorType: "TypeError",
    errorMessage: "x is not a function",
    attributes: { "gen_ai.operation.name": "chat", "error.type": "Overridden" },
    metadata: {
      s: "text",
      i: 42,
      neg: -7,
      d: 0.5,
      big: 2 ** 60,
      inf: Infinity,
      nan: NaN,
      b: false,
      strs: ["a", "b"],
      ints: [1, 2],
      doubles: [1, 2.5],
      bools: [true],
      mixed: [1, "a"],
      empty: [],
      obj: { a: [1, { b: 2 }] },
      n: 9007199254740993n,
      hugeBig: 2n ** 64n,
      nil: null,
      undef: undefined,
      fn: () => 1,
      "gen_ai.operation.name": "ignored: attributes win",
    },
    measurements: { tokens: 12, s: 99 },
  })], { resource }));
  t.is(failed.parentSpanId, "b7ad6b7169203331");
  t.is(failed.flags, 0x301);
  t.deepEqual(failed.status, { code: 2, message: "x is not a function" });
  t.deepEqual(failed.attributes, [
    { key: "gen_ai.operation.name", value: { stringValue: "chat" } },
    { key: "error.type", value: { stringValue: "Overridden" } },
    { key: "s", value: { stringValue: "text" } },
    { key: "i", value: { intValue: "42" } },
    { key: "neg", value: { intValue: "-7" } },
    { key: "d", value: { doubleValue: 0.5 } },
    { key: "big", value: { doubleValue: 2 ** 60 } },
    { key: "inf", value: { doubleValue: "Infinity" } },
    { key: "nan", value: { doubleValue: "NaN" } },
    { key: "b", value: { boolValue: false } },
    {
      key: "strs",
      value: { arrayValue: { values: [{ stringValue: "a" }, { stringValue: "b" }] } },
    },
    { key: "ints", value: { arrayValue: { values: [{ intValue: "1" }, { intValue: "2" }] } } },
    {
      key: "doubles",
      value: { arrayValue: { values: [{ doubleValue: 1 }, { doubleValue: 2.5 }] } },
    },
    { key: "bools", value: { arrayValue: { values: [{ boolValue: true }] } } },
    { key: "mixed", value: { stringValue: '[1,"a"]' } },
    { key: "empty", value: { arrayValue: { values: [] } } },
    { key: "obj", value: { stringValue: '{"a":[1,{"b":2}]}' } },
    { key: "n", value: { intValue: "9007199254740993" } },
    { key: "hugeBig", value: { stringValue: "18446744073709551616" } },
    { key: "tokens", value: { intValue: "12" } },
  ]);
  const ok = spanOf(encodeSpans([span()], { resource }));
  t.deepEqual(ok.status, {});
  t.is(ok.flags, 0x101);
  t.false("parentSpanId" in ok);
  t.is(spanOf(encodeSpans([span({ traceFlags: 0 })], { resource })).flags, 0x100);
  decodes(t, "traces", encodeSpans([span(), span({ kind: "consumer" })], { resource }));
});

test("encodeSpans() refuses ids that are not lowercase hex of the right length", (t) => {
  for (
    const bad of [
      { traceId: "4BF92F3577B34DA6A3CE929D0E0E4736" },
      { traceId: "00000000000000000000000000000000" },
      { spanId: "00f067aa0ba902b" },
      { parentSpanId: "zzf067aa0ba902b7" },
    ]
  ) {
    t.throws(() => encodeSpans([span(bad)], { resource }), { message: /hex/ });
  }
});

test("every span body decodes strictly, whatever the metadata (property)", (t) => {
  const value = fc.oneof(
    fc.string(),
    fc.double(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.string(), { maxLength: 3 }),
    fc.array(fc.double(), { maxLength: 3 }),
    fc.array(fc.integer(), { maxLength: 3 }),
    fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
  );
  fc.assert(
    fc.property(
      fc.dictionary(fc.string(), value, { maxKeys: 8 }),
      fc.string(),
      (metadata, name) => {
        const body = encodeSpans([span({ metadata, name, status: "error", errorMessage: name })], {
          resource: { "service.name": name },
        });
        const { got, want } = strictlyDecoded("traces", JSON.parse(body));
        t.deepEqual(got, want);
      },
    ),
    { numRuns: 300 },
  );
});

test("every log body decodes strictly, whatever the metadata and message (property)", (t) => {
  fc.assert(
    fc.property(
      fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 4 }), { maxKeys: 8 }),
      fc.string(),
      fc.option(fc.string(), { nil: undefined }),
      fc.constantFrom("debug", "info", "warn", "error"),
      (metadata, message, module, level) => {
        const body = encodeLogs([record({ metadata, message, module, level })], { resource });
        const { got, want } = strictlyDecoded("logs", JSON.parse(body));
        t.deepEqual(got, want);
      },
    ),
    { numRuns: 300 },
  );
});

test("encodeMetrics() encodes every kind exactly, in UCUM units", (t) => {
  const event = ["app", "req"];
  const store = createMetricStore([
    counter("app.req.count", { event, tags: ["route"], description: "Requests" }),
    sum("app.req.bytes", { event, measurement: "bytes", unit: "byte" }),
    sum("app.req.delta", { event, measurement: "delta", reporterOptions: { monotonic: false } }),
    sum("app.req.gauge_sum", {
      event,
      measurement: "delta",
      reporterOptions: { prometheusType: "gauge" },
    }),
    lastValue("app.req.last", { event, measurement: "bytes", unit: "kilobyte" }),
    summary("app.req.duration", { event, measurement: "duration", unit: "millisecond" }),
    distribution("app.req.latency", {
      event,
      measurement: "duration",
      buckets: [1, 10],
      unit: { from: "millisecond", to: "second" },
    }),
  ]);
  const recordEvent = store.recorderFor(event);
  recordEvent({ bytes: 100, delta: -2, duration: 500 }, { route: "/a" });
  recordEvent({ bytes: 50, delta: 1, duration: 4000 }, { route: "/b" });
  const body = encodeMetrics(store.snapshot(), {
    resource,
    startTime: 1700000000000,
    time: 1700000060000.5,
    definitions: store.definitions,
  });
  decodes(t, "metrics", body);
  const metrics = JSON.parse(body).resourceMetrics[0].scopeMetrics[0].metrics;
  const times = { startTimeUnixNano: "1700000000000000000", timeUnixNano: "1700000060000500000" };
  const tag = (route: string) => [{ key: "route", value: { stringValue: route } }];
  t.deepEqual(metrics, [
    {
      name: "app.req.count",
      description: "Requests",
      unit: "",
      sum: {
        aggregationTemporality: 2,
        isMonotonic: true,
        dataPoints: [
          { attributes: tag("/a"), ...times, asInt: "1" },
          { attributes: tag("/b"), ...times, asInt: "1" },
        ],
      },
    },
    {
      name: "app.req.bytes",
      description: "",
      unit: "By",
      sum: {
        aggregationTemporality: 2,
        isMonotonic: true,
        dataPoints: [{ attributes: [], ...times, asDouble: 150 }],
      },
    },
    {
      name: "app.req.delta",
      description: "",
      unit: "",
      sum: {
        aggregationTemporality: 2,
        isMonotonic: false,
        dataPoints: [{ attributes: [], ...times, asDouble: -1 }],
      },
    },
    {
      name: "app.req.gauge_sum",
      description: "",
      unit: "",
      sum: {
        aggregationTemporality: 2,
        isMonotonic: false,
        dataPoints: [{ attributes: [], ...times, asDouble: -1 }],
      },
    },
    {
      name: "app.req.last",
      description: "",
      unit: "kBy",
      gauge: { dataPoints: [{ attributes: [], ...times, asDouble: 50 }] },
    },
    {
      name: "app.req.duration",
      description: "",
      unit: "ms",
      summary: {
        dataPoints: [{
          attributes: [],
          ...times,
          count: "2",
          sum: 4500,
          quantileValues: [
            { quantile: 0, value: 500 },
            { quantile: 0.5, value: metrics[5].summary.dataPoints[0].quantileValues[1].value },
            { quantile: 0.9, value: metrics[5].summary.dataPoints[0].quantileValues[2].value },
            { quantile: 0.95, value: metrics[5].summary.dataPoints[0].quantileValues[3].value },
            { quantile: 0.99, value: metrics[5].summary.dataPoints[0].quantileValues[4].value },
            { quantile: 1, value: 4000 },
          ],
        }],
      },
    },
    {
      name: "app.req.latency",
      description: "",
      unit: "s",
      histogram: {
        aggregationTemporality: 2,
        dataPoints: [{
          attributes: [],
          ...times,
          count: "2",
          sum: 4.5,
          bucketCounts: ["1", "1", "0"], // 0.5 s ≤ 1, 4 s ≤ 10, none past 10
          explicitBounds: [1, 10],
        }],
      },
    },
  ]);
  // The sketch's quantiles, within its 1%: the median of {500, 4000} is 500, the rest 4000.
  const q = metrics[5].summary.dataPoints[0].quantileValues.map((v: { value: number }) => v.value);
  t.true(Math.abs(q[1] - 500) <= 5 && q.slice(2, 5).every((v: number) => Math.abs(v - 4000) <= 40));
});

test("encodeMetrics() writes NaN and the infinities as strings, leaves out empty metrics", (t) => {
  const base = { description: "", unit: "", tags: [], overflowCount: 0, rejectedCount: 0 };
  const snapshots: MetricSnapshot[] = [
    { ...base, name: "empty", kind: "counter", series: [] },
    { ...base, name: "g", kind: "lastValue", series: [{ tags: { a: "" }, value: NaN }] },
    { ...base, name: "s", kind: "sum", series: [{ tags: {}, value: -Infinity }] },
    {
      ...base,
      name: "h",
      kind: "distribution",
      series: [{
        tags: { overflow: "true" },
        value: { buckets: [{ le: "+Inf", count: 3 }], count: 3, sum: Infinity },
      }],
    },
  ];
  const body = encodeMetrics(snapshots, { resource, startTime: 1, time: 2 });
  decodes(t, "metrics", body);
  const metrics = JSON.parse(body).resourceMetrics[0].scopeMetrics[0].metrics;
  t.deepEqual(metrics.map((m: { name: string }) => m.name), ["g", "s", "h"]);
  t.is(metrics[0].gauge.dataPoints[0].asDouble, "NaN");
  t.deepEqual(metrics[0].gauge.dataPoints[0].attributes, [{
    key: "a",
    value: { stringValue: "" },
  }]);
  t.is(metrics[1].sum.dataPoints[0].asDouble, "-Infinity");
  t.is(metrics[2].histogram.dataPoints[0].sum, "Infinity");
  t.deepEqual(metrics[2].histogram.dataPoints[0].bucketCounts, ["3"]);
  t.deepEqual(metrics[2].histogram.dataPoints[0].explicitBounds, []);
  t.is(
    encodeMetrics([snapshots[0]], { resource, startTime: 1, time: 2 }),
    '{"resourceMetrics":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"test"}}]},"scopeMetrics":[]}]}',
  );
});

test("ucumUnit() spells catalog units as OpenTelemetry does", (t) => {
  const cases: [string, string][] = [
    ["millisecond", "ms"],
    ["second", "s"],
    ["microsecond", "us"],
    ["nanosecond", "ns"],
    ["minute", "min"],
    ["hour", "h"],
    ["byte", "By"],
    ["kilobyte", "kBy"],
    ["megabyte", "MBy"],
    ["gigabyte", "GBy"],
    ["percent", "%"],
    ["1", "1"],
    ["", ""],
    ["token", "{token}"],
    ["usd", "{usd}"],
    ["{request}", "{request}"],
    ["a{b}c", "{abc}"],
    ["toString", "{toString}"],
  ];
  for (const [unit, want] of cases) t.is(ucumUnit(unit), want, unit);
});

test("encodeLogs() writes severity, body, nested metadata, scope per module", (t) => {
  t.deepEqual(
    (["debug", "info", "warn", "error"] as const).map(severityNumber),
    [5, 9, 13, 17],
  );
  const body = encodeLogs([
    record({
      time: 1700000000123.5,
      level: "error",
      message: "Failed ✗",
      module: "agent.tools",
      metadata: { a: { b: [1, "x", null, { c: true }] }, n: 1.5, nil: null, big: 2 ** 60 },
    }),
    record({ level: "debug", message: "Plain" }),
    record({ level: "info", message: "Tools again", module: "agent.tools" }),
  ], { resource, observedTime: 1700000000200 });
  decodes(t, "logs", body);
  const scopes = JSON.parse(body).resourceLogs[0].scopeLogs;
  t.deepEqual(scopes.map((s: { scope: unknown }) => s.scope), [
    { name: "agent.tools" },
    { name: "@jido/telemetry", version: "0.1.0" },
  ]);
  t.deepEqual(scopes[0].logRecords.map((r: { body: unknown }) => r.body), [
    { stringValue: "Failed ✗" },
    { stringValue: "Tools again" },
  ]);
  t.deepEqual(scopes[0].logRecords[0], {
    timeUnixNano: "1700000000123500000",
    observedTimeUnixNano: "1700000000200000000",
    severityNumber: 17,
    severityText: "error",
    body: { stringValue: "Failed ✗" },
    attributes: [
      {
        key: "a",
        value: {
          kvlistValue: {
            values: [{
              key: "b",
              value: {
                arrayValue: {
                  values: [
                    { intValue: "1" },
                    { stringValue: "x" },
                    {},
                    { kvlistValue: { values: [{ key: "c", value: { boolValue: true } }] } },
                  ],
                },
              },
            }],
          },
        },
      },
      { key: "n", value: { doubleValue: 1.5 } },
      { key: "nil", value: {} },
      { key: "big", value: { doubleValue: 2 ** 60 } },
    ],
  });
});

test("otlpScope.version is the package's version", (t) => {
  const npm = JSON.parse(readFileSync("package.json", "utf8"));
  const deno = JSON.parse(readFileSync("deno.json", "utf8"));
  t.is(otlpScope.name, npm.name);
  t.is(otlpScope.version, npm.version);
  t.is(otlpScope.version, deno.version);
});
