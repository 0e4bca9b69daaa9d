import test from "ava";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const fixture = fileURLToPath(new URL("./fixtures/exit_child.ts", import.meta.url));

function run(mode: string) {
  const { JIDO_ENV: _j, NODE_ENV: _n, ...env } = process.env;
  return spawnSync(process.execPath, ["--import=tsx", fixture, mode], { encoding: "utf8", env });
}

test("createLogger() loses nothing on process.exit()", (t) => {
  const result = run("exit");
  t.is(result.status, 3);
  t.is(result.stdout, "[info] First n=1\n[warn] Second n=2\n");
});

test("createLogger() loses nothing on an uncaught exception", (t) => {
  const result = run("throw");
  t.is(result.status, 1);
  t.is(result.stdout, "[info] Before the crash\n[error] Still here\n");
  t.true(result.stderr.includes("Error: Crash"));
});

test("createLogger() writes every line of a burst before process.exit()", (t) => {
  const result = run("many");
  t.is(result.status, 0);
  const lines = result.stdout.split("\n");
  t.is(lines.length, 5001);
  t.is(lines[0], "[info] Line i=0");
  t.is(lines[4999], "[info] Line i=4999");
  t.is(lines[5000], "");
});

test("createLogger() writes to stdout across event-loop turns", (t) => {
  const result = run("async");
  t.is(result.status, 0);
  t.is(result.stdout, "[info] Start\n[info] After a timer\n");
});

test("createLogger() reports a broken sink once on stderr and carries on", (t) => {
  const result = run("broken-sink");
  t.is(result.status, 0);
  t.is(result.stdout, "[info] Sink calls calls=3\n");
  t.is(result.stderr, "@jido/telemetry: log sink failed: Error: Disk full\n");
});
