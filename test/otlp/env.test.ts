// The OpenTelemetry environment variables, read through host.ts when an exporter is created:
// endpoints (base and per signal), headers (percent-decoded, merged, never reported),
// timeout, compression, the metric interval, service name and resource attributes; options in
// code win. Serial: the tests set process.env of this worker.
import test from "ava";
import process from "node:process";
import { counter, createMetricStore } from "../../src/metrics/mod.ts";
import { createOtlpExporter, otlpResource } from "../../src/otlp/mod.ts";
import { type Receiver, startReceiver } from "./fixtures/receiver.ts";
import type { FinishedSpan } from "../../src/finished_span.ts";
import { finishedSpan } from "../fixtures/spans.ts";

let receiver: Receiver;
test.before(async () => {
  receiver = await startReceiver();
});
test.after.always(() => receiver.close());

const names = [
  "OTEL_EXPORTER_OTLP_ENDPOINT",
  "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
  "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT",
  "OTEL_EXPORTER_OTLP_LOGS_ENDPOINT",
  "OTEL_EXPORTER_OTLP_HEADERS",
  "OTEL_EXPORTER_OTLP_TRACES_HEADERS",
  "OTEL_EXPORTER_OTLP_LOGS_HEADERS",
  "OTEL_EXPORTER_OTLP_TIMEOUT",
  "OTEL_EXPORTER_OTLP_TRACES_TIMEOUT",
  "OTEL_EXPORTER_OTLP_COMPRESSION",
  "OTEL_EXPORTER_OTLP_LOGS_COMPRESSION",
  "OTEL_METRIC_EXPORT_INTERVAL",
  "OTEL_SERVICE_NAME",
  "OTEL_RESOURCE_ATTRIBUTES",
];

/** Runs `fn` with exactly `vars` of the OTEL_* variables set, capturing console.error. */
async function withEnv<T>(
  vars: Record<string, string>,
  fn: (stderr: string[]) => Promise<T> | T,
): Promise<T> {
  const saved = names.map((n) => [n, process.env[n]] as const);
  for (const n of names) delete process.env[n];
  Object.assign(process.env, vars);
  const stderr: string[] = [];
  const original = console.error;
  console.error = (line: string) => void stderr.push(String(line));
  try {
    return await fn(stderr);
  } finally {
    console.error = original;
    for (const [n, v] of saved) {
      if (v === undefined) delete process.env[n];
      else process.env[n] = v;
    }
  }
}

const span: FinishedSpan = finishedSpan({ name: "env", eventPrefix: ["app"] });

// deno-lint-ignore no-explicit-any
const resourceOf = (text: string): Record<string, any> => {
  const body = JSON.parse(text);
  const list = (body.resourceSpans ?? body.resourceLogs ?? body.resourceMetrics)[0].resource
    .attributes as { key: string; value: Record<string, unknown> }[];
  return Object.fromEntries(list.map((a) => [a.key, Object.values(a.value)[0]]));
};

test.serial("OTEL_EXPORTER_OTLP_ENDPOINT is a base; each signal's path is appended", async (t) => {
  const route = receiver.route();
  await withEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: `${route.endpoint}/base/` }, async () => {
    const store = createMetricStore([counter("a.count", { event: ["a"] })]);
    store.recorderFor(["a"])({}, {});
    const otlp = createOtlpExporter({ traces: false, metrics: { source: store } });
    t.deepEqual(otlp.urls, {
      traces: `${route.endpoint}/base/v1/traces`,
      metrics: `${route.endpoint}/base/v1/metrics`,
      logs: `${route.endpoint}/base/v1/logs`,
    });
    otlp.exportSpan(span);
    await otlp.shutdown();
    t.deepEqual(route.requests.map((r) => r.path).sort(), ["/base/v1/metrics", "/base/v1/traces"]);
  });
});

test.serial("a signal's own endpoint variable is used as it is; options win over both", async (t) => {
  const route = receiver.route();
  await withEnv({
    OTEL_EXPORTER_OTLP_ENDPOINT: "http://example.invalid:4318",
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${route.endpoint}/custom/spans`,
  }, async () => {
    const otlp = createOtlpExporter({ traces: false });
    t.is(otlp.urls.traces, `${route.endpoint}/custom/spans`);
    t.is(otlp.urls.logs, "http://example.invalid:4318/v1/logs");
    otlp.exportSpan(span);
    t.like(await otlp.shutdown(), { sent: 1 });
    t.is(route.requests[0].path, "/custom/spans");
    const coded = createOtlpExporter({
      endpoint: "http://127.0.0.1:1/x",
      logs: { url: "http://127.0.0.1:2/y" },
      traces: false,
    });
    t.deepEqual(coded.urls, {
      traces: "http://127.0.0.1:1/x/v1/traces",
      metrics: "http://127.0.0.1:1/x/v1/metrics",
      logs: "http://127.0.0.1:2/y",
    });
    await coded.shutdown();
  });
});

test.serial("no endpoint anywhere means http://localhost:4318", async (t) => {
  await withEnv({}, async () => {
    const otlp = createOtlpExporter({ traces: false });
    t.deepEqual(otlp.urls, {
      traces: "http://localhost:4318/v1/traces",
      metrics: "http://localhost:4318/v1/metrics",
      logs: "http://localhost:4318/v1/logs",
    });
    await otlp.shutdown();
  });
});

test.serial("headers: percent-decoded, the signal's over the general, options over both; never reported", async (t) => {
  const route = receiver.route(() => ({ status: 401 }));
  await withEnv({
    OTEL_EXPORTER_OTLP_ENDPOINT: route.endpoint,
    OTEL_EXPORTER_OTLP_HEADERS: "api-key=s3cr%3Dt%2Cvalue, x-tenant = acme ,x-over=env,broken",
    OTEL_EXPORTER_OTLP_TRACES_HEADERS: "x-tenant=traces-team",
  }, async (stderr) => {
    const otlp = createOtlpExporter({
      traces: false,
      headers: { "X-Over": "code" },
      logs: { headers: { "x-log": "1" } },
    });
    otlp.exportSpan(span);
    t.like(await otlp.shutdown(), { dropped: 1 });
    const { headers } = route.requests[0];
    t.is(headers["api-key"], "s3cr=t,value");
    t.is(headers["x-tenant"], "traces-team");
    t.is(headers["x-over"], "code");
    t.is(headers["x-log"], undefined);
    t.deepEqual(stderr.length, 2);
    t.regex(
      stderr[0],
      /OTEL_EXPORTER_OTLP_HEADERS has 1 entries that are not a valid header=value pair/,
    );
    t.regex(stderr[1], /answered 401/);
    for (const line of stderr) {
      t.false(line.includes("s3cr"), line);
      t.false(line.includes("acme"), line);
    }
  });
});

test.serial("OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES make the resource; options win", async (t) => {
  await withEnv({
    OTEL_RESOURCE_ATTRIBUTES:
      "service.name=from-attrs,deployment.environment.name=prod%20eu, team = a%2Cb ",
    OTEL_SERVICE_NAME: "from-env",
  }, async () => {
    t.deepEqual(otlpResource(), {
      "service.name": "from-env",
      "telemetry.sdk.language": "nodejs",
      "telemetry.sdk.name": "@jido/telemetry",
      "telemetry.sdk.version": "0.1.0",
      "deployment.environment.name": "prod eu",
      team: "a,b",
    });
    const route = receiver.route();
    const otlp = createOtlpExporter({
      endpoint: route.endpoint,
      traces: false,
      resource: { team: "code", n: 2 },
    });
    otlp.exportSpan(span);
    await otlp.shutdown();
    t.deepEqual(resourceOf(route.requests[0].text), {
      "service.name": "from-env",
      "telemetry.sdk.language": "nodejs",
      "telemetry.sdk.name": "@jido/telemetry",
      "telemetry.sdk.version": "0.1.0",
      "deployment.environment.name": "prod eu",
      team: "code",
      n: "2",
    });
    t.is(
      otlpResource({ serviceName: "coded", attributes: { "service.name": "x" } })["service.name"],
      "coded",
    );
  });
  await withEnv({ OTEL_RESOURCE_ATTRIBUTES: "service.name=only-attrs" }, () => {
    t.is(otlpResource()["service.name"], "only-attrs");
  });
  await withEnv({}, () => {
    t.is(otlpResource()["service.name"], "unknown_service:node");
  });
});

test.serial("an unreadable OTEL_RESOURCE_ATTRIBUTES is ignored whole and reported", async (t) => {
  await withEnv({ OTEL_RESOURCE_ATTRIBUTES: "a=1,b=%zz,c=3" }, (stderr) => {
    const resource = otlpResource();
    t.false("a" in resource);
    t.false("c" in resource);
    t.deepEqual(stderr, [
      "[telemetry] OTLP: OTEL_RESOURCE_ATTRIBUTES has entries that are not key=value (entries 2); the variable is ignored",
    ]);
  });
});

test.serial("OTEL_EXPORTER_OTLP_TIMEOUT and a signal's COMPRESSION are honoured", async (t) => {
  const route = receiver.route(() => ({ delayMs: 5_000 }));
  await withEnv({
    OTEL_EXPORTER_OTLP_ENDPOINT: route.endpoint,
    OTEL_EXPORTER_OTLP_TIMEOUT: "300",
    OTEL_EXPORTER_OTLP_LOGS_COMPRESSION: "gzip",
  }, async (stderr) => {
    const otlp = createOtlpExporter({ traces: false });
    otlp.exportSpan(span);
    const start = Date.now();
    t.like(await otlp.flush(), { dropped: 1 });
    t.true(Date.now() - start < 3_000);
    t.regex(stderr[0], /no answer within the 300 ms timeout/);
    await otlp.shutdown();
  });
  const ok = receiver.route();
  await withEnv({
    OTEL_EXPORTER_OTLP_ENDPOINT: ok.endpoint,
    OTEL_EXPORTER_OTLP_COMPRESSION: "none",
    OTEL_EXPORTER_OTLP_LOGS_COMPRESSION: "gzip",
  }, async () => {
    const otlp = createOtlpExporter({});
    const { format, sink } = otlp.loggerOptions();
    sink(
      format({
        time: 1,
        level: "info",
        message: "zipped",
        module: undefined,
        metadata: {},
        units: undefined,
        callSite: undefined,
      }),
      "info",
    );
    otlp.exportSpan(span);
    await otlp.shutdown();
    const byPath = Object.fromEntries(ok.requests.map((r) => [r.path, r]));
    t.is(byPath["/v1/logs"].headers["content-encoding"], "gzip");
    t.is(byPath["/v1/traces"].headers["content-encoding"], undefined);
  });
});

test.serial("unusable variables are reported once each and their defaults used", async (t) => {
  await withEnv({
    OTEL_EXPORTER_OTLP_ENDPOINT: "localhost:4318",
    OTEL_EXPORTER_OTLP_TIMEOUT: "soon",
    OTEL_EXPORTER_OTLP_COMPRESSION: "brotli",
    OTEL_METRIC_EXPORT_INTERVAL: "-1",
  }, async (stderr) => {
    const store = createMetricStore([counter("a.count", { event: ["a"] })]);
    const otlp = createOtlpExporter({ traces: false, metrics: { source: store } });
    t.is(otlp.urls.traces, "http://localhost:4318/v1/traces");
    t.deepEqual(stderr, [
      "[telemetry] OTLP: OTEL_EXPORTER_OTLP_ENDPOINT is not an http(s) URL; http://localhost:4318 is used",
      "[telemetry] OTLP: OTEL_EXPORTER_OTLP_TIMEOUT is not a positive number of milliseconds; 10000 is used",
      '[telemetry] OTLP: OTEL_EXPORTER_OTLP_COMPRESSION must be "gzip" or "none"; "none" is used',
      "[telemetry] OTLP: OTEL_METRIC_EXPORT_INTERVAL is not a positive number of milliseconds; 60000 is used",
    ]);
    await otlp.shutdown();
  });
});

test.serial("OTEL_METRIC_EXPORT_INTERVAL sets how often metrics are sent", async (t) => {
  const route = receiver.route();
  await withEnv(
    { OTEL_EXPORTER_OTLP_ENDPOINT: route.endpoint, OTEL_METRIC_EXPORT_INTERVAL: "50" },
    async () => {
      const store = createMetricStore([counter("a.count", { event: ["a"] })]);
      store.recorderFor(["a"])({}, {});
      const otlp = createOtlpExporter({ traces: false, metrics: { source: store } });
      await route.received(2, 3_000);
      await otlp.shutdown();
      t.true(route.requests.every((r) => r.path === "/v1/metrics"));
    },
  );
});
