import test from "ava";
import fc from "fast-check";
import { capture, jsonHead } from "./fixtures/capture.ts";
import { repeatedKeys } from "./fixtures/strict_json.ts";
import { runs } from "../fixtures/runs.ts";

const json = { env: "production" as const };

test("jsonFormat() writes time, level, msg, pid, hostname, module, then metadata", (t) => {
  const { log, lines } = capture({ ...json, module: "agent" });
  log.info("Session started", { session_id: "s1", input_tokens: 120, ok: true, none: null });
  t.deepEqual(lines, [
    jsonHead("info", "Session started") +
    ',"module":"agent","session_id":"s1","input_tokens":120,"ok":true,"none":null}',
  ]);
});

test("jsonFormat() ignores units and keeps numbers as numbers", (t) => {
  const { log, lines } = capture(json);
  log.write({
    level: "info",
    message: "Call",
    metadata: { duration: 12.5, size: 2048 },
    units: { duration: "millisecond", size: "byte" },
  });
  t.deepEqual(lines, [jsonHead("info", "Call") + ',"duration":12.5,"size":2048}']);
});

test("jsonFormat() prefixes metadata keys that collide with its own fields", (t) => {
  const { log, lines } = capture(json);
  log.info("Spawned", { time: 1, level: "x", msg: "m", pid: 99 });
  t.deepEqual(lines, [
    jsonHead("info", "Spawned") + ',"_time":1,"_level":"x","_msg":"m","_pid":99}',
  ]);
  t.is(Object.keys(JSON.parse(lines[0])).length, 9);
});

test("jsonFormat() encodes non-JSON primitives as documented", (t) => {
  const { log, lines } = capture(json);
  function handler() {}
  log.info("Values", {
    big: 12345678901234567890n,
    sym: Symbol("tag"),
    fn: handler,
    anon: [() => 1],
    undef: undefined,
    holes: [undefined, 1],
    nan: NaN,
    inf: Infinity,
    ninf: -Infinity,
    negZero: -0,
  });
  t.deepEqual(lines, [
    jsonHead("info", "Values") +
    ',"big":"12345678901234567890","sym":"Symbol(tag)","fn":"[Function handler]",' +
    '"anon":["[Function (anonymous)]"],"holes":[null,1],"nan":"NaN","inf":"Infinity",' +
    '"ninf":"-Infinity","negZero":0}',
  ]);
});

test("jsonFormat() encodes dates, maps, sets, typed arrays, buffers and boxed values", (t) => {
  const { log, lines } = capture(json);
  log.info("Objects", {
    date: new Date(0),
    bad: new Date(NaN),
    map: new Map<unknown, unknown>([["a", 1], [2, "b"], [{ k: 1 }, true]]),
    set: new Set([1, "x"]),
    bytes: new Uint8Array([1, 2, 3]),
    bigs: new BigInt64Array([5n]),
    view: new DataView(new ArrayBuffer(4)),
    buffer: new ArrayBuffer(8),
    re: /a+/g,
    boxed: new String("s"),
  });
  t.deepEqual(lines, [
    jsonHead("info", "Objects") +
    ',"date":"1970-01-01T00:00:00.000Z","bad":"Invalid Date",' +
    '"map":{"a":1,"2":"b","{\\"k\\":1}":true},"set":[1,"x"],"bytes":[1,2,3],"bigs":["5"],' +
    '"view":"[DataView 4 bytes]","buffer":"[ArrayBuffer 8 bytes]","re":"/a+/g","boxed":"s"}',
  ]);
});

test("jsonFormat() marks cycles but prints shared references in full", (t) => {
  const { log, lines } = capture(json);
  const loop: Record<string, unknown> = { a: 1 };
  loop.self = loop;
  const shared = { s: 1 };
  const list: unknown[] = [1];
  list.push(list);
  log.info("Cycles", { loop, pair: [shared, shared], list });
  t.deepEqual(lines, [
    jsonHead("info", "Cycles") +
    ',"loop":{"a":1,"self":"[Circular]"},"pair":[{"s":1},{"s":1}],"list":[1,"[Circular]"]}',
  ]);
});

test("jsonFormat() survives throwing getters, throwing toJSON and hostile proxies", (t) => {
  const { log, lines } = capture(json);
  const getter = {
    ok: 1,
    get bad(): number {
      throw new Error("Getter failed");
    },
  };
  const proxy = new Proxy({}, {
    ownKeys() {
      throw new Error("No keys");
    },
  });
  log.info("Hostile", {
    getter,
    toJson: { toJSON: () => ({ replaced: true }) },
    badJson: {
      toJSON() {
        throw new Error("Bad toJSON");
      },
    },
    proxy,
  });
  t.deepEqual(lines, [
    jsonHead("info", "Hostile") +
    ',"getter":{"ok":1,"bad":"[Throws: Getter failed]"},"toJson":{"replaced":true},' +
    '"badJson":"[Throws: Bad toJSON]","proxy":"[Throws: No keys]"}',
  ]);
});

test("jsonFormat() survives metadata that throws at the top level", (t) => {
  const { log, lines } = capture(json);
  const metadata = {
    get boom(): string {
      throw new Error("Top getter");
    },
  };
  log.info("Top", metadata);
  t.deepEqual(lines, [jsonHead("info", "Top") + ',"boom":"[Throws: Top getter]"}']);
});

test("jsonFormat() writes errors with name, message, stack, own fields, cause and errors", (t) => {
  const { log, lines } = capture(json);
  const root = Object.assign(new TypeError("Root cause"), { code: "E_ROOT" });
  const outer = new Error("Outer", { cause: root });
  const many = new AggregateError([new RangeError("One")], "Many");
  log.error("Failed", { error: outer, many });
  t.is(lines.length, 1);
  const record = JSON.parse(lines[0]);
  t.is(record.error.name, "Error");
  t.is(record.error.message, "Outer");
  t.true(record.error.stack.startsWith("Error: Outer\n    at "));
  t.deepEqual(
    { ...record.error.cause, stack: undefined },
    { name: "TypeError", message: "Root cause", code: "E_ROOT", stack: undefined },
  );
  t.is(record.many.name, "AggregateError");
  t.is(record.many.errors[0].message, "One");
  t.is(record.many.errors[0].name, "RangeError");
});

test("jsonFormat() stops a cause cycle with [Circular]", (t) => {
  const { log, lines } = capture(json);
  const a = new Error("A");
  const b = new Error("B", { cause: a });
  Object.defineProperty(a, "cause", { value: b, enumerable: false });
  log.error("Loop", { error: a });
  t.is(JSON.parse(lines[0]).error.cause.cause, "[Circular]");
});

test("jsonFormat() keeps one line and escapes line separators and controls", (t) => {
  const { log, lines } = capture({ ...json, redact: false });
  const evil = "a\nb\r\u2028c\u2029d\x1b[31m\u009b\u202e";
  log.info(evil, { ["k\ney"]: evil });
  const escaped = '"a\\nb\\r\\u2028c\\u2029d\\u001b[31m\\u009b\\u202e"';
  t.deepEqual(lines, [
    `{"time":"2024-05-01T12:30:45.123Z","level":"info","msg":${escaped}` +
    lines[0].slice(lines[0].indexOf(',"pid"'), lines[0].indexOf(',"k')) + `,"k\\ney":${escaped}}`,
  ]);
  t.false(/[\p{Cc}\u2028\u2029]/u.test(lines[0]));
  t.is(JSON.parse(lines[0]).msg, evil);
});

test("jsonFormat() writes an Error passed as metadata under error", (t) => {
  const { log, lines } = capture(json);
  log.error("Failed", new Error("Boom") as never);
  t.is(JSON.parse(lines[0]).error.message, "Boom");
});

test("jsonFormat() never repeats a name: later ones get _2, _3 in key order", (t) => {
  const { log, lines } = capture(json);
  log.info("Renamed", { msg: "m", _msg: "m2" });
  log.info("Redacted", { "sk-aaaaaaaa11111111": 1, "sk-bbbbbbbb22222222": 2, "[REDACTED]": 3 });
  const long = "k".repeat(300);
  log.info("Clipped", { [long + "a"]: 1, [long + "b"]: 2 });
  log.child({ _msg: "bound" }).info("Bound", { msg: "call" });
  log.info("Nested", {
    o: { "sk-aaaaaaaa11111111": 1, "[REDACTED]": 2 },
    m: new Map([[1, "a"], ["1", "b"]]),
  });
  const clipped = `"${"k".repeat(256)}…[truncated 45 chars]`;
  t.deepEqual(lines, [
    jsonHead("info", "Renamed") + ',"_msg":"m","_msg_2":"m2"}',
    jsonHead("info", "Redacted") + ',"[REDACTED]":1,"[REDACTED]_2":2,"[REDACTED]_3":3}',
    jsonHead("info", "Clipped") + `,${clipped}":1,${clipped}_2":2}`,
    jsonHead("info", "Bound") + ',"_msg":"bound","_msg_2":"call"}',
    jsonHead("info", "Nested") +
    ',"o":{"[REDACTED]":1,"[REDACTED]_2":2},"m":{"1":"a","1_2":"b"}}',
  ]);
  t.deepEqual(lines.flatMap(repeatedKeys), []);
});

test("jsonFormat() writes no name twice, whatever the keys", (t) => {
  const key = fc.constantFrom(
    "msg",
    "_msg",
    "_msg_2",
    "time",
    "…",
    "a",
    "a_2",
    "sk-aaaaaaaa11111111",
    "[REDACTED]",
    "k".repeat(300) + "x",
    "k".repeat(300) + "y",
    "logger_error",
  );
  const metadata = fc.dictionary(key, fc.oneof(fc.integer(), fc.dictionary(key, fc.integer())));
  fc.assert(
    fc.property(metadata, metadata, fc.integer({ min: 1, max: 6 }), (bound, call, maxItems) => {
      const { log, lines } = capture({ ...json, limits: { maxItems } });
      log.child(bound).info("Any", call);
      return repeatedKeys(lines[0]).length === 0;
    }),
    { numRuns: runs(1000) },
  );
  t.pass();
});

test("createLogger() writes a line with a marker for metadata it cannot read at all", (t) => {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  const noKeys = new Proxy({}, {
    ownKeys() {
      throw new Error("No keys");
    },
  });
  for (const format of ["json", "pretty", "minimal"] as const) {
    const { log, lines } = capture({ format, level: "info", colors: false, callSite: false });
    log.info("Revoked", proxy);
    log.info("No keys", noKeys);
    log.child({ a: 1 }).info("Child", proxy);
    t.is(lines.length, 3, format);
    const revoked =
      "[Unreadable metadata: Cannot perform 'IsArray' on a proxy that has been revoked]";
    if (format === "json") {
      t.deepEqual(lines, [
        jsonHead("info", "Revoked") + `,"logger_error":"${revoked}"}`,
        jsonHead("info", "No keys") + ',"logger_error":"[Unreadable metadata: No keys]"}',
        jsonHead("info", "Child") + `,"a":1,"logger_error":"${revoked}"}`,
      ]);
    } else {
      t.true(lines[0].endsWith(`Revoked logger_error="${revoked}"`), lines[0]);
      t.true(lines[1].endsWith('No keys logger_error="[Unreadable metadata: No keys]"'), lines[1]);
      t.true(lines[2].endsWith(`Child a=1 logger_error="${revoked}"`), lines[2]);
    }
  }
});
