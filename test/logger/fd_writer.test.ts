import test from "ava";
import { spawn, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const fixture = fileURLToPath(new URL("./fixtures/flood_child.ts", import.meta.url));
const count = 20_000;
const line = (i: number) => `[info] Line i=${i} pad=${"x".repeat(200)}`;

interface Run {
  readonly code: number | null;
  readonly lines: string[];
  readonly stderr: string;
}

/**
 * Runs the fixture with its stdout a pipe that is not read until the child says on stderr that
 * it has logged everything, so the pipe is full and the child's writes meet back-pressure.
 */
function runWithSlowReader(mode: string): Promise<Run> {
  const { JIDO_ENV: _j, NODE_ENV: _n, ...env } = process.env;
  const child = spawn(process.execPath, ["--import=tsx", fixture, mode], {
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout.pause();
  const chunks: Buffer[] = [];
  let stderr = "";
  let reading = false;
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (chunk: string) => {
    stderr += chunk;
    if (!reading && stderr.includes("logged\n")) {
      reading = true;
      child.stdout.on("data", (data: Buffer) => chunks.push(data));
      child.stdout.resume();
    }
  });
  return new Promise((resolve) => {
    child.on("close", (code) => {
      const lines = Buffer.concat(chunks).toString("utf8").split("\n");
      resolve({ code, lines, stderr });
    });
  });
}

/** The index of the first line that is not `line(i)`, or -1. */
function firstWrong(lines: readonly string[]): number {
  return lines.findIndex((text, i) => text !== line(i));
}

test("the stdout sink delivers every line, whole and in order, to a pipe read late", async (t) => {
  const result = await runWithSlowReader("turns");
  t.is(result.code, 0);
  t.is(result.stderr, "logged\n");
  t.is(result.lines.length, count + 1);
  t.is(result.lines[count], "");
  t.is(firstWrong(result.lines.slice(0, count)), -1);
});

test("the stdout sink writes its backlog on process.exit() once the reader reads", async (t) => {
  const result = await runWithSlowReader("exit");
  t.is(result.code, 0);
  t.is(result.stderr, "logged\n");
  t.is(result.lines.length, count + 1);
  t.is(firstWrong(result.lines.slice(0, count)), -1);
});

test("FdWriter drops whole records past its backlog limit and reports how many", async (t) => {
  const result = await runWithSlowReader("overflow");
  t.is(result.code, 0);
  const received = result.lines.length - 1;
  t.is(result.lines[received], "");
  t.true(received > 0 && received < count, `received ${received}`);
  t.is(firstWrong(result.lines.slice(0, received)), -1);
  t.is(
    result.stderr,
    `logged\n@jido/telemetry: stdout could not keep up, dropped ${count - received} log records\n`,
  );
});

test("createLogger({ sync: true }) has written each line when a signal kills the process", (t) => {
  const { JIDO_ENV: _j, NODE_ENV: _n, ...env } = process.env;
  const result = spawnSync(process.execPath, ["--import=tsx", fixture, "sigterm"], {
    encoding: "utf8",
    env,
  });
  t.is(result.signal, "SIGTERM");
  t.is(result.stdout, "[info] First\n[info] Second\n");
});
