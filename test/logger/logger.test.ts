import test from "ava";
import { createLogger, type LogRecord } from "../../src/logger/mod.ts";
import { capture, jsonHead } from "./fixtures/capture.ts";

const json = { env: "production" as const };

test("createLogger() writes one JSON line per record", (t) => {
  const { log, lines } = capture(json);
  log.info("One", { n: 1 });
  log.warn("Two");
  log.error("Three", { n: 3 });
  t.deepEqual(lines, [
    jsonHead("info", "One") + ',"n":1}',
    jsonHead("warn", "Two") + "}",
    jsonHead("error", "Three") + ',"n":3}',
  ]);
});

test("createLogger() drops records below its level", (t) => {
  const { log, lines } = capture({ ...json, level: "warn" });
  log.debug("No");
  log.info("No");
  log.write({ level: "info", message: "No" });
  log.warn("Yes");
  t.deepEqual(lines, [jsonHead("warn", "Yes") + "}"]);
  t.is(log.level, "warn");
  t.deepEqual(
    (["debug", "info", "warn", "error"] as const).map((level) => log.isEnabled(level)),
    [false, false, true, true],
  );
});

test("createLogger() gives disabled levels one shared no-op", (t) => {
  const a = capture({ ...json, level: "error" }).log;
  const b = capture({ ...json, level: "warn" }).log;
  t.is(a.debug, b.debug);
  t.is(a.info, b.info);
  t.not(a.warn, b.warn);
});

test("createLogger() calls a lazy message only when the level is enabled", (t) => {
  const { log, lines } = capture(json);
  let calls = 0;
  const build = () => {
    calls++;
    return "Built";
  };
  log.debug(build);
  log.write({ level: "debug", message: build });
  t.is(calls, 0);
  log.info(build);
  t.is(calls, 1);
  t.deepEqual(lines, [jsonHead("info", "Built") + "}"]);
});

test("createLogger() writes a lazy message that throws as [Throws: …]", (t) => {
  const { log, lines } = capture(json);
  log.info(() => {
    throw new Error("Lazy failed");
  });
  log.info(12 as never);
  t.deepEqual(lines, [
    jsonHead("info", "[Throws: Lazy failed]") + "}",
    jsonHead("info", "12") + "}",
  ]);
});

test("child() binds metadata; later layers and the call win on equal keys", (t) => {
  const { log, lines } = capture({ ...json, metadata: { app: "jido", env: "x" } });
  const child = log.child({ session_id: "s1", env: "child" });
  const grandchild = child.child({ turn: 2 }, { module: "tools" });
  child.info("Child", { env: "call" });
  grandchild.info("Grandchild");
  log.info("Parent");
  t.deepEqual(lines, [
    jsonHead("info", "Child") + ',"app":"jido","env":"call","session_id":"s1"}',
    jsonHead("info", "Grandchild") +
    ',"module":"tools","app":"jido","env":"child","session_id":"s1","turn":2}',
    jsonHead("info", "Parent") + ',"app":"jido","env":"x"}',
  ]);
  t.is(grandchild.module, "tools");
  t.is(child.module, undefined);
});

test("child() snapshots its metadata", (t) => {
  const { log, lines } = capture(json);
  const bound = { n: 1 };
  const child = log.child(bound);
  bound.n = 2;
  child.info("Snapshot");
  t.deepEqual(lines, [jsonHead("info", "Snapshot") + ',"n":1}']);
});

test("createLogger() hands custom formatters a sanitised record", (t) => {
  const records: LogRecord[] = [];
  const { log, lines } = capture({
    ...json,
    module: "m",
    format: (record) => {
      records.push(record);
      return `${record.level}|${record.message}|${JSON.stringify(record.metadata)}`;
    },
  });
  const loop: Record<string, unknown> = { password: "p" };
  loop.loop = loop;
  log.warn("Key sk-abcdefghijklmnop", { loop, big: 1n });
  t.deepEqual(lines, [
    'warn|Key [REDACTED]|{"loop":{"password":"[REDACTED]","loop":"[Circular]"},"big":"1"}',
  ]);
  t.is(records[0].module, "m");
  t.is(records[0].time, Date.UTC(2024, 4, 1, 12, 30, 45, 123));
});

test("createLogger() falls back to the JSON line when a custom formatter throws", (t) => {
  const { log, lines } = capture({
    ...json,
    format: () => {
      throw new Error("Formatter bug");
    },
  });
  log.info("Still written", { n: 1 });
  t.deepEqual(lines, [jsonHead("info", "Still written") + ',"n":1}']);
});

test("createLogger() rejects unknown env, level and format names", (t) => {
  const env = t.throws(() => createLogger({ env: "staging" as never }), { instanceOf: TypeError });
  t.is(env?.message, 'Unknown env "staging" in createLogger() options');
  const level = t.throws(() => createLogger({ level: "fatal" as never }), {
    instanceOf: TypeError,
  });
  t.is(level?.message, 'Unknown log level "fatal" in createLogger() options');
  const format = t.throws(() => createLogger({ format: "xml" as never }), {
    instanceOf: TypeError,
  });
  t.is(format?.message, 'Unknown log format "xml" in createLogger() options');
});

test("createLogger() ignores write() calls with an unknown level", (t) => {
  const { log, lines } = capture(json);
  log.write({ level: "fatal" as never, message: "No" });
  t.deepEqual(lines, []);
  t.false(log.isEnabled("fatal" as never));
});

test("createLogger() uses the real time when the clock returns NaN", (t) => {
  const { log, lines } = capture({
    env: "development",
    module: "agent",
    colors: false,
    callSite: false,
    clock: () => NaN,
  });
  log.info("Clockless");
  t.is(lines.length, 1);
  t.regex(lines[0], /^\d\d:\d\d:\d\d\.\d{3} INFO {2}\[agent\] Clockless$/);
});

test("child() snapshots nested metadata the same way in every format", (t) => {
  const state = { n: 1, list: [1], when: new Date(0) };
  const lines: string[] = [];
  for (const format of ["json", "pretty", "minimal"] as const) {
    const { log, lines: out } = capture({ format, level: "info", colors: false, callSite: false });
    const child = log.child({ state });
    state.n = 2;
    state.list.push(2);
    state.when.setTime(1000);
    child.info("Later");
    lines.push(out[0]);
    state.n = 1;
    state.list.pop();
    state.when.setTime(0);
  }
  const bound = '{"n":1,"list":[1],"when":"1970-01-01T00:00:00.000Z"}';
  t.is(lines[0], jsonHead("info", "Later") + `,"state":${bound}}`);
  t.true(lines[1].endsWith(` Later state=${bound}`), lines[1]);
  t.is(lines[2], `[info] Later state=${bound}`);
});

test("createLogger() writes the entries of a Map given as metadata", (t) => {
  const { log, lines } = capture(json);
  log.info("Map", new Map<unknown, unknown>([["k", "v"], ["password", "p"], [1, "one"]]));
  const text = capture({ env: "test", level: "info" });
  text.log.info("Map", new Map([["k", "v"]]));
  // Object key order: integer-like keys first.
  t.deepEqual(lines, [jsonHead("info", "Map") + ',"1":"one","k":"v","password":"[REDACTED]"}']);
  t.deepEqual(text.lines, ["[info] Map k=v"]);
});
