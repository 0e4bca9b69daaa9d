// Short-lived processes: a CLI that calls flush() and then process.exit() has delivered
// everything; one that just ends has its queue sent when it runs out of work; the exporter's
// timers never keep a process alive, and an unreachable receiver does not hold it for long.
// Each case runs `node --import=tsx` on a small script in a temporary folder, asynchronously
// (the receiver lives in this process).
import test from "ava";
import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { freePort, tempDir } from "../fixtures/servers.ts";
import { type Receiver, startReceiver } from "./fixtures/receiver.ts";

let receiver: Receiver;
const temp = tempDir("otlp-exit-");
test.before(async () => {
  receiver = await startReceiver();
});
test.after.always(async () => {
  await receiver.close();
  temp.remove();
});

const root = pathToFileURL(join(process.cwd(), "mod.ts")).href;
const otlpEntry = pathToFileURL(join(process.cwd(), "src/otlp/mod.ts")).href;
const loggerEntry = pathToFileURL(join(process.cwd(), "src/logger/mod.ts")).href;

let scripts = 0;
/** Runs `body` as an ES module (with `span`, `createLogger`, `createOtlpExporter` in scope). */
function run(
  body: string,
  endpoint: string,
): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  const file = join(temp.dir, `script${++scripts}.mts`);
  writeFileSync(
    file,
    `import { span } from ${JSON.stringify(root)};\n` +
      `import { createLogger } from ${JSON.stringify(loggerEntry)};\n` +
      `import { createOtlpExporter } from ${JSON.stringify(otlpEntry)};\n` +
      `const endpoint = ${JSON.stringify(endpoint)};\n${body}\n`,
  );
  const start = Date.now();
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--import=tsx", file],
      { timeout: 30_000, env: { ...process.env, OTEL_SERVICE_NAME: "exit-test" } },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === "number" ? error.code : null;
        resolve({ code, stdout, stderr, ms: Date.now() - start });
      },
    );
  });
}

function spanCount(texts: readonly string[]): number {
  return texts.reduce(
    (n, text) =>
      n + JSON.parse(text).resourceSpans[0].scopeSpans.reduce(
        (m: number, s: { spans: unknown[] }) => m + s.spans.length,
        0,
      ),
    0,
  );
}

test("a process that exits right after flush() has delivered every span and log record", async (t) => {
  const route = receiver.route(() => ({ delayMs: 50 }));
  const result = await run(
    `
const otlp = createOtlpExporter({ endpoint, maxBatchSize: 64 });
const log = createLogger({ ...otlp.loggerOptions(), level: "info" });
for (let i = 0; i < 200; i++) span(["cli", "step"], { i }, () => log.info("Step", { i }));
const counts = await otlp.flush();
console.log(JSON.stringify(counts));
process.exit(0);
`,
    route.endpoint,
  );
  t.is(result.code, 0, result.stderr);
  t.deepEqual(JSON.parse(result.stdout), { sent: 400, dropped: 0, queued: 0, rejected: 0 });
  const traces = route.requests.filter((r) => r.path === "/v1/traces").map((r) => r.text);
  const logs = route.requests.filter((r) => r.path === "/v1/logs").map((r) => r.text);
  t.is(spanCount(traces), 200);
  t.is(
    logs.reduce(
      (n, text) => n + JSON.parse(text).resourceLogs[0].scopeLogs[0].logRecords.length,
      0,
    ),
    200,
  );
  t.is(traces.length, Math.ceil(200 / 64));
  const first = JSON.parse(traces[0]).resourceSpans[0];
  t.deepEqual(first.resource.attributes[0], {
    key: "service.name",
    value: { stringValue: "exit-test" },
  });
  t.is(first.scopeSpans[0].spans[0].name, "cli.step");
});

test("a process that just ends has what is queued sent as it runs out of work", async (t) => {
  const route = receiver.route();
  const result = await run(
    `
const otlp = createOtlpExporter({ endpoint, scheduleDelayMs: 60_000 });
for (let i = 0; i < 10; i++) span(["cli", "step"], { i }, () => i);
`,
    route.endpoint,
  );
  t.is(result.code, 0, result.stderr);
  t.is(spanCount(route.requests.map((r) => r.text)), 10);
  t.true(result.ms < 20_000);
});

test("the exporter's timers do not keep an idle process alive", async (t) => {
  const route = receiver.route();
  const result = await run(
    `
const source = () => [];
createOtlpExporter({ endpoint, scheduleDelayMs: 60_000, metrics: { source, intervalMs: 60_000 } });
console.log("done");
`,
    route.endpoint,
  );
  t.is(result.code, 0, result.stderr);
  t.is(result.stdout, "done\n");
  t.is(route.requests.length, 0, "nothing recorded, nothing sent");
  t.true(result.ms < 20_000, `${result.ms} ms`);
});

test("an unreachable receiver at exit is reported once and the process still ends", async (t) => {
  const endpoint = `http://127.0.0.1:${await freePort()}`;
  const result = await run(
    `
const otlp = createOtlpExporter({
  endpoint,
  retry: { maxAttempts: 3, initialBackoffMs: 10, maxBackoffMs: 20 },
});
span(["cli", "step"], {}, () => 1);
`,
    endpoint,
  );
  t.is(result.code, 0);
  const reports = result.stderr.split("\n").filter((l) => l.includes("[telemetry]"));
  t.is(reports.length, 1, result.stderr);
  t.regex(reports[0], /OTLP traces to .*could not be reached.*gave up after 3 attempts/);
});
