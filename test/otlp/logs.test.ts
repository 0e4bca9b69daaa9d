// Logs and spans from the library itself: a logger made with loggerOptions() sends its records
// redacted, in its module's scope, with the ids of the span they were logged in; spans come
// from span() through onSpanEnd, unsampled ones left out. Serial: an exporter with traces on
// hears every span of this worker.
import test from "ava";
import { isDeepStrictEqual } from "node:util";
import { span } from "../../mod.ts";
import { createLogger } from "../../src/logger/mod.ts";
import { createOtlpExporter } from "../../src/otlp/mod.ts";
import { parseTraceparent, withTraceContext } from "../../src/trace/mod.ts";
import { strictlyDecoded } from "./fixtures/proto.ts";
import { type Receiver, type Route, startReceiver } from "./fixtures/receiver.ts";

let receiver: Receiver;
test.before(async () => {
  receiver = await startReceiver();
});
test.after.always(() => receiver.close());

interface Sent {
  scope: { name: string };
  // deno-lint-ignore no-explicit-any
  record: any;
}

function logsOf(route: Route): Sent[] {
  return route.requests.filter((r) => r.path === "/v1/logs").flatMap((r) => {
    const body = JSON.parse(r.text);
    const { got, want } = strictlyDecoded("logs", body);
    if (!isDeepStrictEqual(got, want)) throw new Error(`Not valid OTLP: ${r.text}`);
    return body.resourceLogs[0].scopeLogs.flatMap((
      s: { scope: Sent["scope"]; logRecords: unknown[] },
    ) => s.logRecords.map((record) => ({ scope: s.scope, record })));
  });
}

// deno-lint-ignore no-explicit-any
function spansOf(route: Route): any[] {
  return route.requests.filter((r) => r.path === "/v1/traces").flatMap((r) =>
    JSON.parse(r.text).resourceSpans[0].scopeSpans[0].spans
  );
}

test.serial("records are redacted and carry the ids of the span they were logged in", async (t) => {
  const route = receiver.route();
  const otlp = createOtlpExporter({ endpoint: route.endpoint });
  const log = createLogger({ ...otlp.loggerOptions(), level: "debug" });
  span(["app", "outer"], { user: "u1" }, () => {
    log.info("Calling the API", { api_key: "sk-abcdefgh12345678", tool: "grep" });
    span(["app", "inner"], {}, () => log.warn("Inside"));
  });
  log.debug("Outside");
  t.deepEqual(await otlp.shutdown(), { sent: 5, dropped: 0, queued: 0, rejected: 0 });
  const spans = spansOf(route);
  t.deepEqual(spans.map((s) => s.name), ["app.inner", "app.outer"]);
  const [inner, outer] = spans;
  t.is(inner.parentSpanId, outer.spanId);
  t.deepEqual(outer.attributes, [{ key: "user", value: { stringValue: "u1" } }]);
  const logs = logsOf(route).map((l) => l.record);
  t.deepEqual(logs.map((r) => [r.body.stringValue, r.spanId, r.traceId, r.flags]), [
    ["Calling the API", outer.spanId, outer.traceId, 1],
    ["Inside", inner.spanId, inner.traceId, 1],
    ["Outside", undefined, undefined, undefined],
  ]);
  t.deepEqual(logs[0].attributes, [
    { key: "api_key", value: { stringValue: "[REDACTED]" } },
    { key: "tool", value: { stringValue: "grep" } },
  ]);
  t.deepEqual(logs.map((r) => [r.severityNumber, r.severityText]), [
    [9, "info"],
    [13, "warn"],
    [5, "debug"],
  ]);
});

test.serial("a span whose trace is not sampled is not exported", async (t) => {
  const route = receiver.route();
  const otlp = createOtlpExporter({ endpoint: route.endpoint });
  const unsampled = parseTraceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00");
  const sampled = parseTraceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
  withTraceContext(unsampled, () => span(["app", "skipped"], {}, () => 1));
  withTraceContext(sampled, () => span(["app", "kept"], {}, () => 1));
  t.like(await otlp.shutdown(), { sent: 1, dropped: 0 });
  const [kept] = spansOf(route);
  t.is(kept.name, "app.kept");
  t.is(kept.parentSpanId, "00f067aa0ba902b7");
  t.is(kept.flags, 0x301);
});

test.serial("traces: false hears no span; traceContext: false sends no ids", async (t) => {
  const route = receiver.route();
  const otlp = createOtlpExporter({ endpoint: route.endpoint, traces: false, traceContext: false });
  const log = createLogger({ ...otlp.loggerOptions(), level: "info" });
  span(["app", "quiet"], {}, () => log.info("In a span"));
  t.like(await otlp.shutdown(), { sent: 1 });
  t.deepEqual(spansOf(route), []);
  const [{ record }] = logsOf(route);
  t.false("traceId" in record);
  t.false("spanId" in record);
});

test("a child logger's module is its record's scope", async (t) => {
  const route = receiver.route();
  const otlp = createOtlpExporter({ endpoint: route.endpoint, traces: false });
  const log = createLogger({ ...otlp.loggerOptions(), level: "info", module: "agent" });
  log.info("From agent");
  log.child({ tool: "grep" }, { module: "agent.tools" }).info("From tools");
  t.like(await otlp.shutdown(), { sent: 2 });
  const sent = logsOf(route);
  t.deepEqual(sent.map((s) => [s.scope.name, s.record.body.stringValue]), [
    ["agent", "From agent"],
    ["agent.tools", "From tools"],
  ]);
  t.deepEqual(sent[1].record.attributes, [{ key: "tool", value: { stringValue: "grep" } }]);
});

test("the sink alone sends another format's line as the record's body", async (t) => {
  const route = receiver.route();
  const otlp = createOtlpExporter({ endpoint: route.endpoint, traces: false });
  const { sink } = otlp.loggerOptions();
  const log = createLogger({ sink, format: "minimal", level: "info" });
  log.warn("Disk low", { free: 3 });
  t.like(await otlp.shutdown(), { sent: 1 });
  const [{ record, scope }] = logsOf(route);
  t.is(record.body.stringValue, "[warn] Disk low free=3");
  t.is(record.severityNumber, 13);
  t.is(scope.name, "@jido/telemetry");
});

test("two loggers on one exporter keep their records apart", async (t) => {
  const route = receiver.route();
  const otlp = createOtlpExporter({ endpoint: route.endpoint, traces: false });
  const a = createLogger({ ...otlp.loggerOptions(), level: "info", module: "a" });
  const b = createLogger({ ...otlp.loggerOptions(), level: "info", module: "b" });
  a.info("one");
  b.info("two");
  a.info("three");
  t.like(await otlp.shutdown(), { sent: 3 });
  t.deepEqual(logsOf(route).map((s) => `${s.scope.name}:${s.record.body.stringValue}`), [
    "a:one",
    "a:three",
    "b:two",
  ]);
});
