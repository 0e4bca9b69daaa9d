import test from "ava";
import process from "node:process";
import { logHere, writeHere } from "./fixtures/call_site.ts";
import { capture } from "./fixtures/capture.ts";
import { createLogger } from "../../src/logger/mod.ts";

process.env.TZ = "UTC";

const pretty = { env: "development" as const, callSite: false, colors: false };
const minimal = { env: "test" as const, level: "debug" as const };

test("prettyFormat() writes time, level, module, message and key=value pairs", (t) => {
  const { log, lines } = capture({ ...pretty, module: "agent" });
  log.info("Session started", { session_id: "s1", ok: true, tags: ["a", "b"], n: null });
  log.error("Failed", { reason: "two words" });
  t.deepEqual(lines, [
    '12:30:45.123 INFO  [agent] Session started session_id=s1 ok=true tags=["a","b"] n=null',
    '12:30:45.123 ERROR [agent] Failed reason="two words"',
  ]);
});

test("prettyFormat() shows numbers with short units", (t) => {
  const { log, lines } = capture(pretty);
  log.write({
    level: "debug",
    message: "Model call",
    metadata: { duration: 12.5, size: 2048, input_tokens: 120, ratio: 3, retries: 2, model: "m" },
    units: {
      duration: "millisecond",
      size: "byte",
      input_tokens: "token",
      ratio: "1",
      retries: "retry",
      model: "byte",
    },
  });
  t.deepEqual(lines, [
    "12:30:45.123 DEBUG Model call duration=12.5ms size=2048B input_tokens=120tok ratio=3 " +
    "retries=2retry model=m",
  ]);
});

test("prettyFormat() colours the level, keys and time when colours are on", (t) => {
  const { log, lines } = capture({ ...pretty, colors: true });
  log.warn("Careful", { k: 1 });
  t.deepEqual(lines, [
    "\x1b[2m12:30:45.123\x1b[22m \x1b[33mWARN \x1b[39m Careful \x1b[36mk=\x1b[39m1",
  ]);
});

test("prettyFormat() ends the line with the call site in development", (t) => {
  const { log, lines } = capture({ env: "development", colors: false });
  logHere(log);
  writeHere(log);
  log.child({ c: 1 }).info("Child");
  t.deepEqual(lines.slice(0, 2), [
    "12:30:45.123 INFO  Here (test/logger/fixtures/call_site.ts:5)",
    "12:30:45.123 INFO  Written (test/logger/fixtures/call_site.ts:9)",
  ]);
  t.true(lines[2].startsWith("12:30:45.123 INFO  Child c=1 (test/logger/text.test.ts:"));
});

test("prettyFormat() leaves the call site out when callSite is false", (t) => {
  const { log, lines } = capture({ env: "development", colors: false, callSite: false });
  logHere(log);
  t.deepEqual(lines, ["12:30:45.123 INFO  Here"]);
});

test("prettyFormat() escapes newlines, ANSI and OSC sequences, C1 and bidi characters", (t) => {
  const { log, lines } = capture({ ...pretty, redact: false });
  log.info("line1\nline2\x1b]0;title\x07\u009b2J\u202e", {
    "a=b c": "x\u2028y",
    esc: "\x1b[2J",
    plain: "ok",
  });
  t.deepEqual(lines, [
    "12:30:45.123 INFO  line1\\nline2\\u001b]0;title\\u0007\\u009b2J\\u202e " +
    '"a=b c"="x\\u2028y" esc="\\u001b[2J" plain=ok',
  ]);
});

test("minimalFormat() writes [level] message key=value and nothing else", (t) => {
  const { log, lines } = capture(minimal);
  log.warn("Disk almost full", { free: 2048, path: "/var" });
  log.write({ level: "info", message: "Took", metadata: { d: 5 }, units: { d: "millisecond" } });
  t.deepEqual(lines, ["[warn] Disk almost full free=2048 path=/var", "[info] Took d=5"]);
});

test("minimalFormat() writes the module last unless the metadata has one", (t) => {
  const { log, lines } = capture({ ...minimal, module: "storage" });
  log.warn("A", { k: 1 });
  log.warn("B", { module: "mine" });
  t.deepEqual(lines, ["[warn] A k=1 module=storage", "[warn] B module=mine"]);
});

test("minimalFormat() escapes controls and quotes ambiguous values", (t) => {
  const { log, lines } = capture({ ...minimal, redact: false });
  log.error("x\ny", { "k\n": 'say "hi"', eq: "a=b", empty: "" });
  t.deepEqual(lines, ['[error] x\\ny "k\\n"="say \\"hi\\"" eq="a=b" empty=""']);
});

test("minimalFormat() writes hostile values on one line", (t) => {
  const { log, lines } = capture(minimal);
  const loop: Record<string, unknown> = {};
  loop.loop = loop;
  log.info("Hostile", { loop, big: 5n, sym: Symbol("s"), nan: NaN, date: new Date(0) });
  t.deepEqual(lines, [
    '[info] Hostile loop={"loop":"[Circular]"} big=5 sym="Symbol(s)" nan=NaN ' +
    'date="1970-01-01T00:00:00.000Z"',
  ]);
});

test("pretty shows measurements with units to at most 3 decimals, minimal keeps every digit", (t) => {
  const lines: string[] = [];
  for (const format of ["pretty", "minimal"] as const) {
    const log = createLogger({
      format,
      level: "debug",
      sink: (line: string) => void lines.push(line),
      clock: () => 0,
      colors: false,
      callSite: false,
    });
    log.write({
      level: "info",
      message: "m",
      metadata: { a: 7.039782000000002, b: 0.000123456, c: 2048, d: -1.23456 },
      units: { a: "millisecond", b: "second", c: "byte", d: "1" },
    });
  }
  t.is(lines[0].slice(13), "INFO  m a=7.04ms b=0.000123s c=2048B d=-1.235");
  t.is(lines[1], "[info] m a=7.039782000000002 b=0.000123456 c=2048 d=-1.23456");
});
