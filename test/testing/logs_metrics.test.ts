import test from "ava";
import { createLogger } from "../../src/logger/mod.ts";
import { counter, createMetricStore, summary } from "../../src/metrics/mod.ts";
import {
  assertMetric,
  captureLogs,
  metricsSnapshot,
  TelemetryAssertionError,
} from "../../src/testing/mod.ts";

test("captureLogs() parses json lines back into level, message and fields", (t) => {
  const logs = captureLogs();
  const log = createLogger({ ...logs.loggerOptions, module: "agent", clock: () => 0 });
  log.debug("Starting", { step: 1 });
  log.warn("Retrying", { attempt: 2, nested: { a: [1, 2] }, api_key: "sk-abcdefgh12345678" });
  t.is(logs.lines.length, 2);
  t.deepEqual(logs.records[1], {
    time: "1970-01-01T00:00:00.000Z",
    level: "warn",
    message: "Retrying",
    module: "agent",
    fields: { attempt: 2, nested: { a: [1, 2] }, api_key: "[REDACTED]" },
    line: logs.lines[1],
  });
  logs.assertLogged({ level: "warn", message: "Retrying", fields: { nested: { a: [1, 2] } } });
  logs.assertLogged({ message: /^Start/, times: 1 });
  logs.assertLogged({ times: 2 });
  logs.assertNotLogged({ level: "error" });
  logs.clear();
  t.deepEqual(logs.records, []);
  logs.dispose();
  log.info("after");
  t.deepEqual(logs.lines, [], "a disposed capture keeps nothing");
});

test("captureLogs() matchers fail showing the records", (t) => {
  const logs = captureLogs({ level: "info" });
  const log = createLogger(logs.loggerOptions);
  log.debug("hidden");
  log.info("Tool called", { tool: "grep" });
  const error = t.throws(() => logs.assertLogged({ level: "error", message: "Tool called" }), {
    instanceOf: TelemetryAssertionError,
  });
  t.is(
    error.message,
    `Expected a record with level error, message "Tool called" logged, but none was
Logged records (1):
  #1 info "Tool called" {"tool":"grep"}`,
  );
  t.throws(() => logs.assertLogged({ fields: { tool: "grep" }, times: 2 }), {
    message: `Expected a record with fields matching {"tool":"grep"} logged 2 times, but 1 was
Logged records (1):
  #1 info "Tool called" {"tool":"grep"}`,
  });
  t.throws(() => logs.assertNotLogged({ message: /Tool/ }), {
    message: `Expected no record with message /Tool/ logged, but 1 was
Logged records (1):
  #1 info "Tool called" {"tool":"grep"}`,
  });
  t.throws(() => captureLogs().assertLogged({}), {
    message: "Expected any record logged, but none was\nNo record was logged",
  });
});

test("captureLogs() keeps lines of other formats whole", (t) => {
  const logs = captureLogs();
  createLogger({ sink: logs.sink, format: "minimal", level: "info" }).info("Plain");
  t.deepEqual(logs.records.map((r) => [r.level, r.message, r.fields]), [
    ["info", "[info] Plain", {}],
  ]);
});

test("metricsSnapshot() gives values by metric and tag set, from a store or snapshots", (t) => {
  const store = createMetricStore([
    counter("kit.job.done.count", { tags: ["queue", "status"] }),
    counter("kit.job.none.count"),
    summary("kit.job.done.duration"),
  ]);
  const record = store.recorderFor("kit.job.done");
  record({ duration: 2 }, { status: "ok", queue: "mail" });
  record({ duration: 4 }, { queue: "mail", status: "ok" });
  record({ duration: 6 }, { queue: "sms", status: "error" });
  const plain = metricsSnapshot(store);
  t.deepEqual(Object.keys(plain), ["kit.job.done.count", "kit.job.done.duration"]);
  t.deepEqual(plain["kit.job.done.count"], {
    "queue=mail,status=ok": 2,
    "queue=sms,status=error": 1,
  });
  t.like(plain["kit.job.done.duration"][""], { count: 3, sum: 12, min: 2, max: 6 });
  t.deepEqual(metricsSnapshot(store.snapshot(), { empty: true })["kit.job.none.count"], {});
  assertMetric(store, "kit.job.done.count", { tags: { status: "ok", queue: "mail" }, value: 2 });
  assertMetric(store, "kit.job.done.duration", { value: { count: 3, max: 6 } });
});

test("assertMetric() fails showing the metric's series", (t) => {
  const store = createMetricStore([counter("kit.job.done.count", { tags: ["queue"] })]);
  t.throws(() => assertMetric(store, "kit.job.done.count", { value: 1 }), {
    message: "Expected kit.job.done.count{} to be 1, but it has no such series\n" +
      "kit.job.done.count has no series",
  });
  store.recorderFor("kit.job.done")({}, { queue: "mail" });
  t.throws(() => assertMetric(store, "kit.job.done.count", { tags: { queue: "mail" }, value: 3 }), {
    instanceOf: TelemetryAssertionError,
    message: "Expected kit.job.done.count{queue=mail} to be 3, got 1\n" +
      "kit.job.done.count series:\n  {queue=mail} 1",
  });
  t.throws(() => assertMetric(store, "kit.job.done.cuont", { value: 1 }), {
    message: "Expected metric kit.job.done.cuont, but there is none; metrics: kit.job.done.count",
  });
  t.throws(() => assertMetric([], "x", { value: 1 }), {
    message: "Expected metric x, but there is none; metrics: none",
  });
});
