// README.md's claims, checked: its commands and its example log lines.
import test from "ava";
import { readFileSync } from "node:fs";
import { hostname } from "node:os";
import {
  createRedactor,
  defaultLimits,
  jsonFormat,
  type LogRecord,
  minimalFormat,
  prettyFormat,
} from "../src/logger/mod.ts";

const readme = readFileSync("README.md", "utf8");
const pkg = JSON.parse(readFileSync("package.json", "utf8"));

test("README.md opens with the two commands, and both are real npm scripts", (t) => {
  const firstBlock = /```sh\n([\s\S]*?)```/.exec(readme)![1].trim().split("\n");
  t.is(firstBlock.length, 2);
  t.regex(firstBlock[0], /^npm ci && npm start\s+#/);
  t.regex(firstBlock[1], /^npm test\s+#/);
  t.is(pkg.scripts.start, "tsx demo/main.ts");
  t.truthy(pkg.scripts.test);
  t.regex(readFileSync(".ci/run", "utf8"), /^npm test$/m, "CI runs the README's test command");
});

test("README.md's example line of each log format is what the formats write", (t) => {
  const block = /## Logging[\s\S]*?```\n([\s\S]*?)```/.exec(readme)![1].trim().split("\n");
  t.is(block.length, 3, "one line for each format: pretty, minimal, json");
  const options = { redactor: createRedactor(), limits: defaultLimits, colors: false };
  const time = new Date(2024, 4, 1, 12, 30, 45, 123).getTime(); // local time, as pretty prints
  const record = (over: Partial<LogRecord>): LogRecord => ({
    time,
    level: "info",
    message: "Model call",
    module: "agent",
    metadata: {},
    units: undefined,
    callSite: undefined,
    ...over,
  });
  t.is(
    prettyFormat(options)(record({
      metadata: { duration: 12.5, size: 2048, input_tokens: 120 },
      units: { duration: "millisecond", size: "byte", input_tokens: "token" },
      callSite: "src/app.ts:42",
    })),
    block[0],
  );
  t.is(
    minimalFormat(options)(record({
      level: "warn",
      message: "Disk almost full",
      module: "storage",
      metadata: { free: 2048 },
    })),
    block[1],
  );
  const json = jsonFormat(options)(record({
    time: Date.UTC(2024, 4, 1, 12, 30, 45, 123),
    metadata: { duration: 12.5 },
  }));
  // The README shows pid 4242 on host "vm"; this process writes its own.
  const readmeJson = block[2].replace(
    '"pid":4242,"hostname":"vm"',
    () => `"pid":${process.pid},"hostname":${JSON.stringify(hostname())}`,
  );
  t.not(readmeJson, block[2], 'the README line has "pid":4242,"hostname":"vm"');
  t.is(json, readmeJson);
});

test.serial("README.md's demo summary and trace are what `npm start` prints (times aside)", async (t) => {
  const { runDemo } = await import("../demo/run.ts");
  const { text } = await runDemo({}, { isTTY: false, write: () => {} });
  const mask = (s: string) =>
    s.replace(/in [\d.]+ s$/m, "in _ s").replace(/^ {2}\d\d:\d\d:\d\d {2}/gm, "  __:__:__  ");
  const block = /```\n(Summary: 5 sessions[\s\S]*?)\n```/.exec(readme)![1];
  t.is(mask(block), mask(text));
  const tree = text.slice(text.indexOf("Trace of session s-0001"));
  const traces = readme.slice(readme.indexOf("## Traces: span trees"));
  t.true(traces.includes(tree.slice(0, tree.indexOf("\n\n"))), "the Traces section's tree");
});
