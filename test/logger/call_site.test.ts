import test from "ava";
import { emitToolCalled } from "./fixtures/emit.generated.ts";
import { emitToolCalledJs } from "./fixtures/emit.generated.mjs";
import { capture } from "./fixtures/capture.ts";

const site = { env: "development" as const, colors: false };

/** The line of this file from which `lineHere()` is called. */
function lineHere(): number {
  const caller = new Error().stack!.split("\n")[2];
  return Number(/:(\d+):\d+\)?$/.exec(caller)![1]);
}

test("createLogger() names the caller of a generated emitter as the call site", (t) => {
  const { log, lines } = capture(site);
  const line = lineHere() + 1;
  emitToolCalled(log);
  emitToolCalledJs(log);
  t.deepEqual(lines, [
    `12:30:45.123 INFO  app.tool.called (test/logger/call_site.test.ts:${line})`,
    `12:30:45.123 INFO  app.tool.called.js (test/logger/call_site.test.ts:${line + 1})`,
  ]);
});

test("in a bundle, the call site of a telemetry line is the application's emit, and a poll has none", async (t) => {
  const { mkdtempSync, writeFileSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const { join, resolve } = await import("node:path");
  const { spawnSync } = await import("node:child_process");
  const esbuild = await import("esbuild");
  const dir = mkdtempSync(join(tmpdir(), "jido-bundle-"));
  const app = join(dir, "app.ts");
  writeFileSync(
    app,
    `import { attachLogHandler, emitSessionStart, RUNTIME_POLL, standardCatalog, startPoller } from ${
      JSON.stringify(resolve("mod.ts"))
    };
import { createLogger } from ${JSON.stringify(resolve("src/logger/mod.ts"))};

const logger = createLogger({ env: "development", colors: false, sink: (line) => console.log(line) });
attachLogHandler({ catalog: standardCatalog, logger, events: [RUNTIME_POLL] });
function userCode() {
  emitSessionStart({ system_time: 1 }, { session_id: "s-1" });
}
userCode();
const poller = startPoller({ interval: 5 });
setTimeout(() => poller.stop(), 30);
`,
  );
  const out = join(dir, "bundle.mjs");
  await esbuild.build({
    entryPoints: [app],
    bundle: true,
    platform: "node",
    format: "esm",
    outfile: out,
    logLevel: "silent",
  });
  const { readFileSync } = await import("node:fs");
  const userLine =
    readFileSync(out, "utf8").split("\n").findIndex((l) =>
      l.includes('emitSessionStart({ system_time: 1 }, { session_id: "s-1" })')
    ) + 1;
  t.true(userLine > 0);
  const run = spawnSync(process.execPath, [out], { cwd: dir, encoding: "utf8" });
  t.is(run.status, 0, run.stderr);
  const lines = run.stdout.trim().split("\n");
  t.true(lines[0].endsWith(`(bundle.mjs:${userLine})`), lines[0]);
  const polls = lines.filter((l) => l.includes("telemetry.runtime.poll"));
  t.true(polls.length > 0);
  for (const poll of polls) t.false(poll.endsWith(")"), poll);
});
