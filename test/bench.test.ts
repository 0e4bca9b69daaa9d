// npm run bench -- --quick: every case still runs and passes its equal-work check. No timing is
// asserted here (a test cannot measure speed); the numbers of a quick run mean nothing.
import test from "ava";
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "./fixtures/servers.ts";

test("the benchmark's quick run checks every case and writes the JSON the issue asks for", async (t) => {
  const { dir, remove } = tempDir("bench-");
  try {
    const file = join(dir, "bench.json");
    const status = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(process.execPath, [
        "--expose-gc",
        "--import=tsx",
        "bench/main.ts",
        "--quick",
        "--json",
        file,
      ], {
        stdio: ["ignore", "ignore", "inherit"],
      });
      child.on("error", reject);
      child.on("close", resolve);
    });
    t.is(status, 0);
    const out = JSON.parse(readFileSync(file, "utf8"));
    t.is(out.node, process.version);
    t.true(out.quick);
    const names = Object.keys(out.cases);
    t.deepEqual(names.slice(0, 5), [
      "generated emitter, no handler",
      "generated emitter, one handler",
      "execute(name), one handler",
      "span() sync, handlers on start and stop",
      "span() sync, nobody listening",
    ]);
    t.deepEqual(names.slice(5), [
      "span() sync with a child, both recorded into a span buffer",
      "JSON log line, 3 fields, values changing every call",
      "JSON log line, 3 fields, values changing every call (LogTape)",
      "llm.response -> log handler -> JSON line",
      "event -> counter with one tag",
      "event -> histogram with one tag",
      "event -> summary",
      "full pipeline: llm.response logged and recorded by the default definitions",
      "event -> counter with one tag (OpenTelemetry)",
      "event -> histogram with one tag (OpenTelemetry)",
      "Prometheus text, 1,000 series",
      "OTLP/HTTP JSON body, 512 spans",
      "bytes per series, 10,000 tag sets (counter, histogram)",
      "OTLP/HTTP JSON bytes per span, 512 spans",
      "OTLP export end to end, per span (recorded, batched, encoded, POSTed to loopback)",
      "codegen, 20 events (wall, node bin)",
    ]);
    t.is(out.cases["codegen, 20 events (wall, node bin)"].target, "<= 2 s");
    for (const name of names) {
      const c = out.cases[name];
      t.true(c.ours_ns > 0, name);
      t.is(typeof c.target, "string", name);
      t.is(typeof c.checked, "string", name);
      if (c.peer !== null) t.is(c.ratio, c.ours_ns / c.peer_ns, name);
    }
  } finally {
    remove();
  }
});
