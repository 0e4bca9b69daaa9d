// The package as a new user gets it: the packed tarball installed into a fresh project outside
// the repository, used from plain Node 20 and 22, Bun, TypeScript (nodenext and bundler), the
// codegen bin on a catalog of the user's own, and a browser bundle run in real Chromium.
import test from "ava";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type Consumer, makeConsumer, node22, repo } from "./fixtures/consumer.ts";
import { chromiumPath, launchChromium } from "./fixtures/chromium.ts";

let consumer: Consumer;

test.before((t) => {
  t.timeout(300_000);
  consumer = makeConsumer();
  const write = (name: string, text: string) => writeFileSync(join(consumer.dir, name), text);
  write("standard.mjs", standardScript);
  write("require.cjs", 'const t = require("@jido/telemetry"); console.log(typeof t.attach);\n');
  write("my-events.yaml", userCatalog);
  write("user.ts", userScript);
  write("wrong.ts", wrongScript);
  for (const resolution of ["nodenext", "bundler"]) {
    write(
      `tsconfig.${resolution}.json`,
      JSON.stringify({
        compilerOptions: {
          target: "ES2022",
          lib: ["ES2023", "DOM"],
          types: [],
          module: resolution === "nodenext" ? "NodeNext" : "ESNext",
          moduleResolution: resolution,
          strict: true,
          noEmit: true,
          allowImportingTsExtensions: true,
        },
        files: ["user.ts", "standard.ts"],
      }),
    );
  }
  write(
    "tsconfig.wrong.json",
    JSON.stringify({
      extends: "./tsconfig.nodenext.json",
      files: ["wrong.ts"],
    }),
  );
  write("standard.ts", standardScript.replace("const lines = [];", "const lines: string[] = [];"));
});

const standardScript = `import {
  attach,
  attachAll,
  detachAll,
  emitLlmResponse,
  getCounters,
  LLM_RESPONSE,
  standardCatalog,
} from "@jido/telemetry";
import { createLogger } from "@jido/telemetry/logger";
import { counter, createMetricStore } from "@jido/telemetry/metrics";
import {
  chat,
  contextFollowsAwait,
  drawSpanTree,
  executeTool,
  invokeAgent,
  recordSpans,
} from "@jido/telemetry/trace";

const recorder = recordSpans();
await invokeAgent("coder", {}, async () => {
  await Promise.all([
    chat("m1", {}, () => new Promise((resolve) => setTimeout(resolve, 5))),
    executeTool("t1", {}, () => new Promise((resolve) => setTimeout(resolve, 1))),
  ]);
});
recorder.stop();
const tree = drawSpanTree(recorder.spans(), { label: () => "" });

const lines = [];
const logger = createLogger({ env: "production", sink: (line) => lines.push(line), clock: () => 0 });
attachAll({ catalog: standardCatalog, log: { logger } });
let seen = 0;
attach("count", LLM_RESPONSE, () => void seen++);
emitLlmResponse(
  { duration: 12.5, input_tokens: 10, output_tokens: 2 },
  { model: "m", provider: "p", finish_reason: "stop" },
);
const store = createMetricStore([counter("app.job.count")]);
store.recorderFor("app.job")({}, {});
const line = JSON.parse(lines[0]);
delete line.pid;
delete line.hostname;
console.log(JSON.stringify({
  line,
  counters: getCounters(),
  seen,
  store: store.snapshot()[0].series,
  contextFollowsAwait,
  tree,
}));
detachAll();
`;

const standardOutput = {
  line: {
    time: "1970-01-01T00:00:00.000Z",
    level: "info",
    msg: "jido_coder_lib.llm.response",
    duration: 12.5,
    input_tokens: 10,
    output_tokens: 2,
    model: "m",
    provider: "p",
    finish_reason: "stop",
  },
  counters: { "jido_coder_lib.llm.response": 1 },
  seen: 1,
  store: [{ tags: {}, value: 1 }],
  contextFollowsAwait: true,
  tree: "invoke_agent coder\n├─ chat m1\n└─ execute_tool t1",
};

const userCatalog = `version: 1
app: my_agent
include: [standard]
events:
  tool.call:
    description: A tool was called.
    level: info
    measurements:
      duration:
        type: float
        unit: millisecond
        description: How long the tool ran.
    metadata:
      tool:
        type: string
        required: true
        description: Name of the tool.
`;

const userScript = `import { attachAll, getCounters } from "@jido/telemetry";
import { createLogger } from "@jido/telemetry/logger";
import { catalog, emitSessionStart, emitToolCall, TOOL_CALL } from "./my-events.generated.ts";

const lines: string[] = [];
const logger = createLogger({ env: "production", sink: (line) => lines.push(line), clock: () => 0 });
attachAll({ catalog, log: { logger } });
emitToolCall({ duration: 3 }, { tool: "grep" });
emitSessionStart({ system_time: 1 }, { session_id: "s-1" });
console.log(JSON.stringify({
  name: TOOL_CALL,
  messages: lines.map((line) => JSON.parse(line).msg),
  counters: getCounters(),
}));
`;

const userOutput = {
  name: ["my_agent", "tool", "call"],
  messages: ["my_agent.tool.call", "jido_coder_lib.session.start"],
  counters: { "my_agent.tool.call": 1, "jido_coder_lib.session.start": 1 },
};

const wrongScript = `import { emitLlmResponse } from "@jido/telemetry";
import { emitToolCall } from "./my-events.generated.ts";

emitToolCall({ duration: "3" }, { tool: "grep" });
emitLlmResponse({ duration: 1, input_tokens: 1, output_tokens: 1 }, { model: "m" });
`;

test("the tarball holds the compiled entries, the standard catalog, README and LICENSE only", (t) => {
  const paths = consumer.packed.files.map((f) => f.path);
  t.deepEqual(paths.filter((p) => !p.startsWith("dist/")).sort(), [
    "LICENSE",
    "README.md",
    "events.yaml",
    "package.json",
  ]);
  for (const entry of ["mod", "src/logger/mod", "src/metrics/mod", "src/store/mod"]) {
    for (const ext of [".js", ".d.ts", ".js.map"]) t.true(paths.includes(`dist/${entry}${ext}`));
  }
  t.true(paths.includes("dist/codegen/bin.js"));
  t.deepEqual(
    paths.filter((p) => /(^|\/)(test|bench)\/|\.ts$/.test(p) && !p.endsWith(".d.ts")),
    [],
  );
  const installed = JSON.parse(
    readFileSync(join(consumer.dir, "node_modules/@jido/telemetry/package.json"), "utf8"),
  );
  t.deepEqual(installed.dependencies ?? {}, {});
  t.false(existsSync(join(consumer.dir, "node_modules/ts-morph")), "ts-morph is not pulled in");
});

test("plain Node 20 imports the root and subpaths, logs a JSON line, counts and traces across Promise.all", (t) => {
  const out = consumer.run(process.execPath, ["standard.mjs"]);
  t.deepEqual(JSON.parse(out), standardOutput);
});

test("plain Node 22 does the same", (t) => {
  t.timeout(120_000);
  const out = consumer.run(node22(), ["standard.mjs"]);
  t.deepEqual(JSON.parse(out), standardOutput);
});

test("Bun does the same", (t) => {
  const out = consumer.run(join(repo, "node_modules/.bin/bun"), ["standard.mjs"]);
  t.deepEqual(JSON.parse(out), standardOutput);
});

test("CommonJS: Node 20.19+ and 22 require() the ESM package", (t) => {
  t.is(consumer.run(process.execPath, ["require.cjs"]), "function\n");
  t.is(consumer.run(node22(), ["require.cjs"]), "function\n");
});

test("the codegen bin generates the user's catalog, which emits through the package's bus", (t) => {
  const out = consumer.run("node_modules/.bin/jido-telemetry", ["codegen", "my-events.yaml"]);
  t.is(out, "Wrote my-events.generated.ts from my-events.yaml\n");
  const generated = readFileSync(join(consumer.dir, "my-events.generated.ts"), "utf8");
  t.true(generated.includes('from "@jido/telemetry";'));
  t.deepEqual(JSON.parse(consumer.run(node22(), ["user.ts"])), userOutput);
  t.deepEqual(
    JSON.parse(consumer.run(join(repo, "node_modules/.bin/bun"), ["user.ts"])),
    userOutput,
  );
  t.is(
    consumer.run("node_modules/.bin/jido-telemetry", ["codegen", "my-events.yaml", "--check"]),
    "my-events.generated.ts is up to date with my-events.yaml\n",
  );
});

test.serial("TypeScript checks the consumer with nodenext and with bundler resolution", (t) => {
  consumer.run("node_modules/.bin/jido-telemetry", ["codegen", "my-events.yaml"]);
  const tsc = join(repo, "node_modules/typescript/bin/tsc");
  for (const resolution of ["nodenext", "bundler"]) {
    t.is(
      consumer.run(process.execPath, [tsc, "-p", `tsconfig.${resolution}.json`]),
      "",
      resolution,
    );
  }
});

test.serial("a wrong emitter call is a type error", (t) => {
  consumer.run("node_modules/.bin/jido-telemetry", ["codegen", "my-events.yaml"]);
  const tsc = join(repo, "node_modules/typescript/bin/tsc");
  const result = (() => {
    try {
      execFileSync(process.execPath, [tsc, "-p", "tsconfig.wrong.json"], {
        cwd: consumer.dir,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
      });
      return "";
    } catch (error) {
      return (error as { stdout: string }).stdout;
    }
  })();
  const errors = result.split("\n").filter((line) => line.startsWith("wrong.ts("));
  t.is(errors.length, 2, result);
  t.regex(
    errors[0],
    /^wrong\.ts\(4,16\): error TS2322: Type 'string' is not assignable to type 'number'/,
  );
  t.regex(errors[1], /^wrong\.ts\(5,69\): error TS2345: /);
});

test("a browser bundle of the package attaches, emits, records, logs and traces in real Chromium (parents passed explicitly across await)", async (t) => {
  t.timeout(120_000);
  if (!existsSync(chromiumPath)) {
    t.fail("Debian's chromium is not installed (.ci/run installs it)");
    return;
  }
  const esbuild = await import("esbuild");
  const entry = join(consumer.dir, "browser.mjs");
  writeFileSync(entry, browserScript);
  const bundle = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    platform: "browser",
    format: "esm",
    write: false,
    logLevel: "silent",
  });
  const code = bundle.outputFiles[0].text;
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    const console: string[] = [];
    page.on("console", (message) => console.push(message.text()));
    await page.goto("about:blank");
    await page.addScriptTag({ content: code, type: "module" });
    await page.waitForFunction(() => "__result" in globalThis, undefined, { timeout: 10_000 });
    const result = await page.evaluate(() => (globalThis as { __result?: unknown }).__result);
    t.deepEqual(errors, []);
    t.deepEqual(console, [
      '{"time":"1970-01-01T00:00:00.000Z","level":"warn","msg":"default sink"}',
    ]);
    t.deepEqual(result, {
      hasProcess: "undefined",
      lines: [
        '{"time":"1970-01-01T00:00:00.000Z","level":"info","msg":"jido_coder_lib.llm.response","duration":812.4,"input_tokens":1200,"output_tokens":96,"model":"claude-sonnet-4","provider":"anthropic","finish_reason":"stop","api_key":"[REDACTED]"}',
      ],
      counters: { "jido_coder_lib.llm.response": 1 },
      histogramCount: 1,
      seen: 1,
      contextFollowsAwait: false,
      tree: [
        "invoke_agent coder",
        "├─ chat m1",
        "└─ execute_tool t1",
        "execute_tool t2",
      ].join("\n"),
      traces: [true, true, false, true],
    });
  } finally {
    await browser.close();
  }
});

const browserScript = `import {
  attach,
  attachAll,
  emitLlmResponse,
  getCounters,
  getMetrics,
  LLM_RESPONSE,
  standardCatalog,
} from "@jido/telemetry";
import { createLogger } from "@jido/telemetry/logger";
import {
  chat,
  contextFollowsAwait,
  drawSpanTree,
  executeTool,
  invokeAgent,
  recordSpans,
} from "@jido/telemetry/trace";

const recorder = recordSpans();
await invokeAgent("coder", {}, async (agent) => {
  chat("m1", {}, () => 1);
  await Promise.resolve();
  executeTool("t1", { traceparent: agent.traceparent }, () => 2);
  executeTool("t2", {}, () => 3);
});
const spans = recorder.spans();

const lines = [];
const logger = createLogger({ env: "production", sink: (line) => lines.push(line), clock: () => 0 });
attachAll({ catalog: standardCatalog, log: { logger } });
let seen = 0;
attach("seen", LLM_RESPONSE, () => void seen++);
emitLlmResponse(
  { duration: 812.4, input_tokens: 1200, output_tokens: 96 },
  { model: "claude-sonnet-4", provider: "anthropic", finish_reason: "stop", api_key: "sk-abcdefgh12345678" },
);
const histogram = getMetrics().find((m) => m.name === "gen_ai.client.operation.duration");
createLogger({ env: "production", clock: () => 0 }).warn("default sink");
globalThis.__result = {
  hasProcess: typeof process,
  lines,
  counters: getCounters(),
  histogramCount: histogram.series[0].value.count,
  seen,
  contextFollowsAwait,
  tree: drawSpanTree(spans, { label: () => "" }),
  traces: spans.map((s) => s.traceId === spans[3].traceId),
};
`;
