import test from "ava";
import { createLogger, type FormatName } from "../../src/logger/mod.ts";

function lineOf(format: FormatName, metadata: Record<string, unknown>): string {
  const lines: string[] = [];
  const log = createLogger({
    format,
    level: "debug",
    sink: (line: string) => void lines.push(line),
    clock: () => 0,
    colors: false,
    callSite: false,
  });
  log.info("m", metadata);
  return lines[0];
}

const hostileKeys = {
  "sk-live-abcdefghijklmnop1234": 5,
  ["k".repeat(1_000_000)]: 1,
  nested: { "ghp_abcdefghijklmnopqrstuvwxyz0123456789": 1 },
};
const clipped = `${"k".repeat(256)}…[truncated 999744 chars]`;

test("json format censors credential-looking keys and clips huge keys", (t) => {
  const record = JSON.parse(lineOf("json", hostileKeys));
  t.deepEqual(Object.keys(record).slice(5), ["[REDACTED]", clipped, "nested"]);
  t.deepEqual(record.nested, { "[REDACTED]": 1 });
  t.is(record["[REDACTED]"], 5);
});

test("minimal and pretty formats censor credential-looking keys and clip huge keys", (t) => {
  const expected = ` [REDACTED]=5 "${clipped}"=1 nested={"[REDACTED]":1}`;
  t.is(lineOf("minimal", hostileKeys), `[info] m${expected}`);
  t.is(
    lineOf("pretty", hostileKeys),
    `00:00:00.000 INFO  m${expected}`.replace("00:00:00.000", lineOf("pretty", {}).slice(0, 12)),
  );
});
