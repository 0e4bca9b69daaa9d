import test from "ava";
import { fit } from "../../src/logger/_fit.ts";
import { createRedactor, defaultLimits } from "../../src/logger/mod.ts";
import { capture, jsonHead } from "./fixtures/capture.ts";

const json = { env: "production" as const };

test("createLogger() truncates a 1 MB message to one bounded line with a marker", (t) => {
  const { log, lines } = capture(json);
  log.info("x".repeat(1024 * 1024));
  t.is(lines.length, 1);
  t.is(JSON.parse(lines[0]).msg, "x".repeat(8192) + "…[truncated 1040384 chars]");
  const text = capture({ env: "test", level: "info" });
  text.log.info("y".repeat(1024 * 1024));
  t.deepEqual(text.lines, ["[info] " + "y".repeat(8192) + "…[truncated 1040384 chars]"]);
});

test("createLogger() replaces objects below the depth limit with [Depth limit]", (t) => {
  const { log, lines } = capture({ ...json, limits: { maxDepth: 3 } });
  let deep: Record<string, unknown> = { end: true };
  for (let i = 0; i < 1000; i++) deep = { child: deep };
  log.info("Deep", { deep });
  t.deepEqual(lines, [
    jsonHead("info", "Deep") + ',"deep":{"child":{"child":{"child":"[Depth limit]"}}}}',
  ]);
});

test("createLogger() handles 1,000-deep objects and arrays with the default limits", (t) => {
  const { log, lines } = capture(json);
  let deep: unknown = "bottom";
  for (let i = 0; i < 1000; i++) deep = i % 2 ? [deep] : { d: deep };
  log.info("Deep", { deep });
  t.is(lines.length, 1);
  let value = JSON.parse(lines[0]).deep;
  let levels = 1;
  while (typeof value === "object") {
    value = Array.isArray(value) ? value[0] : value.d;
    levels++;
  }
  t.is(value, "[Depth limit]");
  t.is(levels, defaultLimits.maxDepth + 1);
});

test("createLogger() caps arrays, sets, maps and keys at maxItems", (t) => {
  const { log, lines } = capture({ ...json, limits: { maxItems: 2 } });
  log.info("Many", { list: [1, 2, 3, 4], set: new Set(["a", "b", "c"]), extra: 1 });
  log.info("Keyed", { map: new Map([["a", 1], ["b", 2], ["c", 3]]), obj: { a: 1, b: 2, c: 3 } });
  t.deepEqual(lines, [
    jsonHead("info", "Many") +
    ',"list":[1,2,"…[2 more items]"],"set":["a","b","…[1 more items]"],"…":"[1 more keys]"}',
    jsonHead("info", "Keyed") +
    ',"map":{"a":1,"b":2,"…":"[1 more keys]"},"obj":{"a":1,"b":2,"…":"[1 more keys]"}}',
  ]);
});

test("createLogger() cuts strings at maxStringLength and keeps the line near maxLineLength", (t) => {
  const short = capture({ ...json, limits: { maxStringLength: 5 } });
  short.log.info("abcdefgh", { s: "123456" });
  t.deepEqual(short.lines, [
    jsonHead("info", "abcde…[truncated 3 chars]") + ',"s":"12345…[truncated 1 chars]"}',
  ]);
  const { log, lines } = capture(json);
  const big: Record<string, string> = {};
  for (let i = 0; i < 50; i++) big["k" + i] = "v".repeat(10_000);
  log.info("Big", big);
  t.is(lines.length, 1);
  t.true(lines[0].length <= defaultLimits.maxLineLength + 512, `length ${lines[0].length}`);
  const parsed = JSON.parse(lines[0]);
  t.is(parsed.k0, "v".repeat(8192) + "…[truncated 1808 chars]");
  t.regex(parsed["…"], /^\[\d+ more keys\]$/);
});

test("createLogger() rejects limits that are not positive integers", (t) => {
  const error = t.throws(() => capture({ limits: { maxDepth: 0 } }), { instanceOf: RangeError });
  t.is(
    error?.message,
    "Invalid limits.maxDepth 0 in createLogger() options: expected a positive integer",
  );
});

test("fit() cuts escaped text between escapes and never inside a surrogate pair", (t) => {
  const none = createRedactor(false);
  t.is(fit("\x01".repeat(10), 14, none, "json"), '"\\u0001\\u0001…[truncated 8 chars]"');
  t.is(fit("\u2028x", 6, none, "text"), "\\u2028…[truncated 1 chars]");
  t.is(fit("ab😀c", 3, none, "raw"), "ab…[truncated 3 chars]");
  t.is(fit("ab😀c", 3, none, "json"), '"ab…[truncated 3 chars]"');
  t.is(fit("ab😀c", 4, none, "text"), "ab😀…[truncated 1 chars]");
  t.is(fit('a"b', 10, none, "token"), '"a\\"b"');
  t.is(fit("plain", 10, none, "token"), "plain");
});

test("createLogger() counts escapes against the line limit in every format", (t) => {
  for (const format of ["json", "pretty", "minimal"] as const) {
    const wide = capture({ format, level: "info", colors: false, callSite: false });
    const controls = "\x01".repeat(8192);
    wide.log.info("m", { a: controls, b: controls, c: controls, d: controls });
    t.true(wide.lines[0].length <= defaultLimits.maxLineLength + 256, `${format} wide`);
    const small = capture({
      format,
      level: "info",
      colors: false,
      limits: { maxLineLength: 1000 },
    });
    small.log.info("m", { a: "\u2028".repeat(5000) });
    const line = small.lines[0];
    t.true(line.length <= 1000 + 256, `${format} ${line.length}`);
    const kept = line.split("\\u2028").length - 1;
    t.true(kept > 100, `${format} kept ${kept}`);
    t.true(line.endsWith(`…[truncated ${5000 - kept} chars]` + (format === "json" ? '"}' : '"')));
  }
});

test("createLogger() clips and redacts the module name in every format", (t) => {
  const clipped = "q".repeat(256) + "…[truncated 999744 chars]";
  const long = { module: "q".repeat(1_000_000), level: "info" as const, colors: false };
  const json = capture({ ...long, format: "json" });
  const pretty = capture({ ...long, format: "pretty", callSite: false });
  const minimal = capture({ ...long, format: "minimal" });
  for (const { log } of [json, pretty, minimal]) log.info("m");
  t.is(JSON.parse(json.lines[0]).module, clipped);
  t.is(pretty.lines[0].slice(13), `INFO  [${clipped}] m`);
  t.is(minimal.lines[0], `[info] m module="${clipped}"`);

  const secret = { module: "mod sk-ant-api03-abcdefghijklmnop" };
  const lines: string[] = [];
  for (const format of ["json", "pretty", "minimal"] as const) {
    const base = capture({ format, level: "info", colors: false, callSite: false });
    base.log.child({}, secret).info("m");
    lines.push(base.lines[0]);
  }
  t.is(JSON.parse(lines[0]).module, "mod [REDACTED]");
  t.is(lines[1].slice(13), "INFO  [mod [REDACTED]] m");
  t.is(lines[2], '[info] m module="mod [REDACTED]"');
});

test("child() metadata shares the line limit with the message and the call's metadata", (t) => {
  const small = capture({ ...json, limits: { maxLineLength: 1000 } });
  small.log.child({ a: "v".repeat(5000) }).info("m".repeat(5000), { c: "c".repeat(5000) });
  t.true(small.lines[0].length <= 1000 + 256, `length ${small.lines[0].length}`);
  t.is(JSON.parse(small.lines[0])["…"], "[2 more keys]");

  const wide = capture(json);
  const bound: Record<string, string> = {};
  for (let i = 0; i < 20; i++) bound["b" + i] = "v".repeat(8192);
  wide.log.child(bound).info("x".repeat(1_000_000), { c: "y".repeat(8192) });
  t.true(wide.lines[0].length <= defaultLimits.maxLineLength + 256, `${wide.lines[0].length}`);
  const record = JSON.parse(wide.lines[0]);
  t.is(record.b0, "v".repeat(8192));
  t.regex(record["…"], /^\[\d+ more keys\]$/);
});

test("createLogger() reads a Set only up to maxItems", (t) => {
  const { log, lines } = capture({ ...json, limits: { maxItems: 3 } });
  const set = new Set(Array.from({ length: 100_000 }, (_, i) => i));
  let pulled = 0;
  const values = Set.prototype.values;
  Object.defineProperty(set, Symbol.iterator, {
    value: function* () {
      for (const item of values.call(set)) {
        pulled++;
        yield item;
      }
    },
  });
  log.info("Set", { set });
  t.is(lines[0], jsonHead("info", "Set") + ',"set":[0,1,2,"…[99997 more items]"]}');
  t.true(pulled <= 4, `pulled ${pulled}`);
});

// Truncation at the edges of the surrogate ranges (from the redaction part's mutation survivors).
const noRedaction = createRedactor(false);

test("fit() raw never ends between the halves of a pair, and only there keeps one unit fewer", (t) => {
  const cut = (pair: string) => fit("a".repeat(9) + pair + "c".repeat(5), 10, noRedaction, "raw");
  // A pair at units 9 and 10: the cut at 10 would split it, so 9 units are kept.
  t.is(cut("\ud800\udc00"), "a".repeat(9) + "…[truncated 7 chars]");
  t.is(cut("\udbff\udfff"), "a".repeat(9) + "…[truncated 7 chars]");
  // Not a pair: two lows, a high then a high, a unit below or above the ranges: 10 units kept.
  t.is(cut("\udc00\udc00"), "a".repeat(9) + "\udc00…[truncated 6 chars]");
  t.is(cut("\ud800\ud800"), "a".repeat(9) + "\ud800…[truncated 6 chars]");
  t.is(cut("\ud7ff\udc00"), "a".repeat(9) + "\ud7ff…[truncated 6 chars]");
  t.is(cut("\ud800\ue000"), "a".repeat(9) + "\ud800…[truncated 6 chars]");
  t.is(cut("\ud800\udbff"), "a".repeat(9) + "\ud800…[truncated 6 chars]");
  t.is(fit("abc", 3, noRedaction, "raw"), "abc");
  t.is(fit("abcd", 3, noRedaction, "raw"), "abc…[truncated 1 chars]");
});

test("fit() json counts a pair as 2, a lone surrogate as its 6-character escape, U+E000 as 1", (t) => {
  const json = (text: string, max: number) => fit(text, max, noRedaction, "json");
  // The pair fits in 2; a lone high or low surrogate needs 6 (\ud800), so it is cut.
  t.is(json("ab\ud800\udc00cd", 4), '"ab\ud800\udc00…[truncated 2 chars]"');
  t.is(json("ab\ud800cdef", 4), '"ab…[truncated 5 chars]"');
  t.is(json("ab\udc00\udc00cdef", 4), '"ab…[truncated 6 chars]"');
  t.is(json("ab\udbff\udfffcd", 4), '"ab\udbff\udfff…[truncated 2 chars]"');
  t.is(json("ab\ue000cdef", 4), '"ab\ue000c…[truncated 3 chars]"');
  t.is(json("ab\ud7ffcdef", 4), '"ab\ud7ffc…[truncated 3 chars]"');
  t.is(json("ab\udfffcdef", 8), '"ab\\udfff…[truncated 4 chars]"');
});

test("fit() text counts what the text format escapes, not what JSON escapes", (t) => {
  // A double quote is 1 character in the text format (2 in JSON): four characters fit in 4.
  t.is(fit('ab"cdef', 4, noRedaction, "text"), 'ab"c…[truncated 3 chars]');
  t.is(fit('ab"cdef', 4, noRedaction, "json"), '"ab\\"…[truncated 4 chars]"');
});
