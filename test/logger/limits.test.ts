import test from "ava";
import { defaultLimits } from "../../src/logger/mod.ts";
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
