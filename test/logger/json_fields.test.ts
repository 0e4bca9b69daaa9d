import test from "ava";
import { FieldWriter } from "../../src/logger/_json_fields.ts";
import { startWalk } from "../../src/logger/_json_value.ts";
import { createRedactor, defaultLimits, jsonFormat, withMetadata } from "../../src/logger/mod.ts";
import { capture, jsonHead } from "./fixtures/capture.ts";

const json = { env: "production" as const };

test("FieldWriter keeps its key and key-list caches bounded", (t) => {
  const redactor = createRedactor();
  const fields = new FieldWriter(redactor, 100, 64, 8);
  for (let i = 0; i < 1000; i++) {
    const metadata = { ["key" + i]: i, ["other" + i]: "v" };
    const out = fields.write(
      metadata,
      fields.shapeOf(metadata),
      startWalk(redactor, defaultLimits),
    );
    t.is(out, `,"key${i}":${i},"other${i}":"v"`);
    t.true(fields.cached.keys <= 64 && fields.cached.shapes <= 8);
  }
  fields.info("x".repeat(10_000));
  t.true(fields.cached.keys <= 64);
});

test("jsonFormat() decides secret keys by exact spelling, on first use and from its cache", (t) => {
  const { log, lines } = capture({ ...json, redact: { keys: [/^myKey$/] } });
  for (let i = 0; i < 2; i++) {
    log.info("Keys", { mykey: "a", myKey: "b" });
    log.info("Keys", { myKey: "b", mykey: "a" });
  }
  const first = jsonHead("info", "Keys") + ',"mykey":"a","myKey":"[REDACTED]"}';
  const second = jsonHead("info", "Keys") + ',"myKey":"[REDACTED]","mykey":"a"}';
  t.deepEqual(lines, [first, second, first, second]);
});

test("jsonFormat() escapes and redacts a value that follows a plain one under the same key", (t) => {
  const { log, lines } = capture(json);
  const values = ["plain", 'a "quote"', "back\\slash", "ctl\x01\x1f", "sep\u2028", "plain"];
  for (const value of [...values, "sk-abcdefghijklmnop", "plain", "Bearer abcdefgh"]) {
    log.info("V", { k: value });
  }
  t.deepEqual(lines.map((line) => line.slice(line.lastIndexOf(',"k":'))), [
    ',"k":"plain"}',
    ',"k":"a \\"quote\\""}',
    ',"k":"back\\\\slash"}',
    ',"k":"ctl\\u0001\\u001f"}',
    ',"k":"sep\\u2028"}',
    ',"k":"plain"}',
    ',"k":"[REDACTED]"}',
    ',"k":"plain"}',
    ',"k":"[REDACTED]"}',
  ]);
});

test("jsonFormat() redacts a message that follows a repeated plain one", (t) => {
  const { log, lines } = capture(json);
  log.info("Calling");
  log.info("Calling");
  log.info("Calling sk-abcdefghijklmnop");
  log.info('Calling "quoted"');
  t.deepEqual(lines, [
    jsonHead("info", "Calling") + "}",
    jsonHead("info", "Calling") + "}",
    jsonHead("info", "Calling [REDACTED]") + "}",
    jsonHead("info", 'Calling "quoted"') + "}",
  ]);
});

test("child() redacts bound secret keys and credential values once, in every record", (t) => {
  const { log, lines } = capture(json);
  const child = log.child({ api_key: "k", auth: "Bearer abcdefghij", user: "ada" });
  child.info("One", { n: 1 });
  child.info("Two", { user: "bob" });
  const head = ',"api_key":"[REDACTED]","auth":"[REDACTED]"';
  t.deepEqual(lines, [
    jsonHead("info", "One") + head + ',"user":"ada","n":1}',
    jsonHead("info", "Two") + head + ',"user":"bob"}',
  ]);
});

test("jsonFormat() orders bound, scope and call metadata, later layers winning", async (t) => {
  const { log, lines } = capture(json);
  const child = log.child({ a: "bound", b: "bound" });
  await withMetadata({ b: "scope", s: 1 }, () => {
    child.info("Scoped", { c: "call" });
    child.info("Scoped", { c: "call" });
    log.info("Root", { s: 2 });
  });
  child.info("Plain", { c: "call" });
  t.deepEqual(lines, [
    jsonHead("info", "Scoped") + ',"a":"bound","b":"scope","s":1,"c":"call"}',
    jsonHead("info", "Scoped") + ',"a":"bound","b":"scope","s":1,"c":"call"}',
    jsonHead("info", "Root") + ',"b":"scope","s":2}',
    jsonHead("info", "Plain") + ',"a":"bound","b":"bound","c":"call"}',
  ]);
});

test("jsonFormat() writes key lists that share a first key", (t) => {
  const { log, lines } = capture(json);
  log.info("S", { a: 1, b: 2 });
  log.info("S", { a: 1, c: 3 });
  log.info("S", { a: 1, b: 2, c: 3 });
  log.info("S", { a: 1 });
  log.info("S", { a: 1, b: 2 });
  t.deepEqual(lines.map((line) => line.slice(line.indexOf(',"a"'))), [
    ',"a":1,"b":2}',
    ',"a":1,"c":3}',
    ',"a":1,"b":2,"c":3}',
    ',"a":1}',
    ',"a":1,"b":2}',
  ]);
});

test("jsonFormat() writes own keys only, as they were when the record was made", (t) => {
  const { log, lines } = capture(json);
  const inherited = Object.assign(Object.create({ inherited: 1 }), { own: 2 });
  const mutating: Record<string, unknown> = {
    get a() {
      delete mutating.b;
      mutating.z = 26;
      return 1;
    },
    b: 2,
    c: 3,
  };
  log.info("Own", inherited);
  log.info("Own", inherited);
  log.info("Mutating", mutating);
  t.deepEqual(lines, [
    jsonHead("info", "Own") + ',"own":2}',
    jsonHead("info", "Own") + ',"own":2}',
    jsonHead("info", "Mutating") + ',"a":1,"c":3}',
  ]);
});

test("jsonFormat() writes long plain strings whole and calls a custom redactor on every string", (t) => {
  const { log, lines } = capture(json);
  const long = "word ".repeat(200);
  log.info("Long", { long });
  t.is(JSON.parse(lines[0]).long, long);
  const format = jsonFormat({
    redactor: { censor: "#", key: () => false, text: (text) => text.replaceAll("foo", "#") },
    limits: defaultLimits,
    colors: false,
  });
  const record = { time: 0, module: undefined, units: undefined, callSite: undefined };
  const line = format({ ...record, level: "info", message: "foo", metadata: { k: "foo" } });
  t.true(line.includes('"msg":"#"') && line.endsWith(',"k":"#"}'));
});
