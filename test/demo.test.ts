import test from "ava";
import { spawn } from "node:child_process";
import { createServer } from "node:http";
import { fileURLToPath } from "node:url";
import {
  ALERT_RESOLVED,
  ALERT_TRIGGERED,
  getCounters,
  getDurationStats,
  getMetrics,
  standardCatalog,
} from "../mod.ts";
import { captureEvents } from "../src/testing/mod.ts";
import { runDemo } from "../demo/run.ts";
import { int, ms, percent } from "../demo/summary.ts";
import { freePort, waitFor } from "./fixtures/servers.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const main = fileURLToPath(new URL("../demo/main.ts", import.meta.url));
const deno = fileURLToPath(new URL("../node_modules/.bin/deno", import.meta.url));

interface Captured {
  readonly key: string;
  readonly m: Record<string, number>;
  readonly md: Record<string, unknown>;
}

/** Runs the demo in this process with an independent handler recording every event. */
async function runCaptured(sessions: number, seed: number) {
  const capture = captureEvents([
    ...standardCatalog.events.map((e) => e.name),
    ALERT_TRIGGERED,
    ALERT_RESOLVED,
  ], { id: "demo-test" });
  let stdout = "";
  try {
    const result = await runDemo({
      sessions,
      seed,
      realClock: () => 0,
      startedAt: Date.UTC(2026, 0, 1),
    }, {
      isTTY: false,
      write: (text) => {
        stdout += text;
      },
    });
    const events: Captured[] = capture.events()
      .map((e) => ({ key: e.key, m: { ...e.measurements }, md: { ...e.metadata } }));
    return { result, events, stdout };
  } finally {
    capture.dispose();
  }
}

/** The rows of one section of the printed summary, cells split on runs of two spaces. */
function rows(text: string, title: string): string[][] {
  const lines = text.split("\n");
  const start = lines.indexOf(title);
  if (start < 0) throw new Error(`no section "${title}" in:\n${text}`);
  const out: string[][] = [];
  for (const line of lines.slice(start + 3)) {
    if (line === "") break;
    out.push(line.trim().split(/ {2,}/));
  }
  return out;
}

/** Whether text holds a carriage return or an escape (a progress line, a colour). */
function hasControl(text: string): boolean {
  return text.includes("\r") || text.includes("\x1b");
}

function countBy(
  events: readonly Captured[],
  key: (e: Captured) => string,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const e of events) out[key(e)] = (out[key(e)] ?? 0) + 1;
  return out;
}

/** The value at rank q of the sorted values (the nearest-rank quantile). */
function exactQuantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)];
}

test.serial("the summary's numbers are what the metrics store holds and what was emitted", async (t) => {
  const { result, events, stdout } = await runCaptured(12, 7);
  const agent = events.filter((e) => e.key.startsWith("jido_coder_lib."));
  const alerts = events.filter((e) => e.key === "telemetry.alert.triggered");

  // Events: one row per event key, equal to the emitted count and to the store's counters.
  const emitted = countBy(agent, (e) => e.key);
  t.deepEqual(
    Object.fromEntries(
      rows(result.text, "Events").map(([k, n]) => [k, Number(n.replace(/,/g, ""))]),
    ),
    emitted,
  );
  t.deepEqual({ ...getCounters() }, emitted);
  t.is(emitted["jido_coder_lib.session.start"], 12);
  t.is(emitted["jido_coder_lib.session.stop"], 12);
  t.is(emitted["jido_coder_lib.session.error"], 1);
  t.is(emitted["jido_coder_lib.agent.dispatch"], emitted["jido_coder_lib.agent.complete"]);
  t.is(emitted["jido_coder_lib.llm.request"], emitted["jido_coder_lib.llm.response"]);

  // Durations: the store's summaries as printed; counts and maxima exact, quantiles within the
  // sketch's 1% of the exact ones.
  const stats = getDurationStats();
  const durationRows = rows(result.text, "Durations (ms)");
  t.deepEqual(durationRows.map((r) => r[0]), [
    "jido_coder_lib.agent.complete",
    "jido_coder_lib.llm.response",
    "jido_coder_lib.session.stop",
  ]);
  for (const [key, count, p50, p95, p99, max] of durationRows) {
    const s = stats[key];
    t.deepEqual([count, p50, p95, p99, max], [
      int(s.count),
      ms(s.quantiles.p50),
      ms(s.quantiles.p95),
      ms(s.quantiles.p99),
      ms(s.max),
    ]);
    const durations = agent.filter((e) => e.key === key).map((e) => e.m.duration);
    t.is(s.count, durations.length);
    t.is(s.max, Math.max(...durations));
    for (
      const [q, value] of [[0.5, s.quantiles.p50], [0.95, s.quantiles.p95], [0.99, s.quantiles.p99]]
    ) {
      const exact = exactQuantile(durations, q);
      t.true(Math.abs(value - exact) <= 0.01 * exact, `${key} p${q * 100}: ${value} vs ${exact}`);
    }
  }

  // Tokens: exact sums of the emitted llm.response measurements, per model.
  const responses = agent.filter((e) => e.key === "jido_coder_lib.llm.response");
  const tokens: Record<string, string[]> = {};
  for (const e of responses) {
    const k = `${e.md.model}`;
    const [n, input, output] = (tokens[k] ?? ["0", "0", "0"]).map((v) => Number(v));
    tokens[k] = [n + 1, input + e.m.input_tokens, output + e.m.output_tokens].map(String);
  }
  const tokenRows = rows(result.text, "Tokens by model");
  t.is(tokenRows.length, 4);
  const providers: Record<string, string> = {
    "gpt-4o": "openai",
    "qwen2.5-coder-32b": "ollama",
    "claude-sonnet-4": "anthropic",
    "claude-3-5-haiku": "anthropic",
  };
  for (const [model, provider, n, input, output] of tokenRows) {
    t.is(provider, providers[model]);
    t.deepEqual([n, input, output], tokens[model].map((v) => int(Number(v))), model);
  }
  t.deepEqual(result.summary.tokens.map((r) => r.model).sort(), Object.keys(tokens).sort());

  // Cache: hits and misses as emitted, and the ratio from them.
  const hits = emitted["jido_coder_lib.context.cache_hit"];
  const misses = emitted["jido_coder_lib.context.cache_miss"];
  t.deepEqual(rows(result.text, "Context cache"), [
    ["files", int(hits), int(misses), percent(hits / (hits + misses))],
  ]);
  const lookups = getMetrics().find((m) => m.name === "jido_coder_lib.context.cache.lookups");
  t.deepEqual(lookups?.series.map((s) => [s.tags.result, s.value]).sort(), [["hit", hits], [
    "miss",
    misses,
  ]]);

  // Alerts: one row per alert event, in order; the failed session's always fires.
  t.true(result.text.includes(`\nAlerts fired: ${alerts.length}\n`));
  const alertRows = rows(result.text + "\n", `Alerts fired: ${alerts.length}`);
  t.deepEqual(alertRows.map((r) => r[1]), alerts.map((a) => a.md.rule));
  t.deepEqual(alertRows.map((r) => r[4]), alerts.map((a) => a.md.condition));
  t.true(alerts.some((a) => a.md.rule === "session-failed"));
  const failed = agent.find((e) => e.key === "jido_coder_lib.session.error");
  t.is(failed?.md.session_id, result.failedSession);

  // One log line per event (development logs every level), the summary after them.
  t.is(result.lines, events.length);
  t.is(
    stdout.split("\n").filter((l) => / (DEBUG|INFO |WARN |ERROR) /.test(l)).length,
    events.length,
  );
  t.true(stdout.endsWith(`\n${result.text}\n`));
  t.false(hasControl(stdout), "no progress line and no colours when not a terminal");
});

test.serial("the same seed gives the same run; another seed another", async (t) => {
  const a = await runCaptured(6, 99);
  const b = await runCaptured(6, 99);
  const c = await runCaptured(6, 100);
  t.deepEqual(b.events, a.events);
  t.is(b.result.text, a.result.text);
  t.notDeepEqual(c.events.map((e) => e.m), a.events.map((e) => e.m));
  t.not(c.result.text, a.result.text);
});

test.serial("a terminal gets a progress line that is cleared before every write", async (t) => {
  let out = "";
  let clock = 0;
  await runDemo({ sessions: 40, seed: 1, realClock: () => (clock += 10) }, {
    isTTY: true,
    write: (text) => {
      out += text;
    },
  });
  const progress = [
    ...out.matchAll(/\[([#.]{24})\] (\d+)\/40 sessions, ([\d,]+) lines, [\d.]+ s/g),
  ];
  t.true(progress.length >= 2, `${progress.length} progress lines`);
  const finished = progress.map((p) => Number(p[2]));
  t.deepEqual(finished, [...finished].sort((x, y) => x - y), "sessions finished only grow");
  for (const p of progress) {
    t.is(p[1].replace(/\./g, "").length, Math.floor((24 * Number(p[2])) / 40));
  }
  // Every progress line is cleared (\r, erase line) before the next text, and not left behind.
  t.is(out.split("\r\x1b[K").length - 1, progress.length);
  t.true(out.includes("\nSummary: 40 sessions"));
  t.false(/\[[#.]{24}\][^\r]*$/.test(out), "no progress line after the summary");
});

/** The printed summary from its tables on, without the alerts' wall-clock times. */
function summary(output: string): string {
  return output.slice(output.indexOf("\nEvents\n")).replace(/\n {2}\d\d:\d\d:\d\d {2}/g, "\n  ");
}

interface Exit {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command to its end without blocking this process (the tests run side by side). */
function exec(command: string, args: string[], env: Record<string, string>): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env } });
    let stdout = "", stderr = "";
    child.stdout.setEncoding("utf8").on("data", (s) => (stdout += s));
    child.stderr.setEncoding("utf8").on("data", (s) => (stderr += s));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

function run(args: string[], env: Record<string, string> = {}): Promise<Exit> {
  return exec(process.execPath, ["--import=tsx", main, ...args], { NO_COLOR: "", ...env });
}

test("npm start prints the log lines then the summary; --env production keeps stdout JSON", async (t) => {
  const dev = await run(["--sessions", "3", "--seed", "5"]);
  t.is(dev.status, 0, dev.stderr);
  t.is(dev.stderr, "");
  t.regex(dev.stdout, /^\d\d:\d\d:\d\d\.\d{3} INFO {2}jido_coder_lib\.session\.start /);
  t.regex(
    dev.stdout,
    /\nSummary: 3 sessions \(s-000\d failed\), seed 5, [\d.]+ simulated minutes in [\d.]+ s\n/,
  );
  t.false(hasControl(dev.stdout));

  const prod = await run(["--sessions", "3", "--seed", "5", "--env", "production"]);
  t.is(prod.status, 0, prod.stderr);
  const lines = prod.stdout.trimEnd().split("\n");
  const records = lines.map((l) => JSON.parse(l));
  // The production profile logs from info up: the development run's lines less its debug ones.
  const devLines = dev.stdout.split("\n");
  t.is(
    records.length,
    devLines.filter((l) => / (INFO |WARN |ERROR) /.test(l)).length,
  );
  t.deepEqual(Object.keys(records[0]).slice(0, 3), ["time", "level", "msg"]);
  t.is(records[0].msg, "jido_coder_lib.session.start");
  // The summary went to stderr, with the same numbers as the development run's.
  t.is(summary(prod.stderr), summary(dev.stdout));
});

test("bad options exit with status 2 and say what is wrong", async (t) => {
  const cases = [
    [["--sessions", "0"], '--sessions must be an integer from 1 to 1000000, got "0"'],
    [["--sessions", "2.5"], '--sessions must be an integer from 1 to 1000000, got "2.5"'],
    [["--seed", "-1"], "Option '--seed' argument is ambiguous."],
    [["--env", "staging"], '--env must be development, test or production, got "staging"'],
    [["--serve", "70000"], '--serve must be an integer from 0 to 65535, got "70000"'],
    [["--dashboard", "70000"], '--dashboard must be an integer from 0 to 65535, got "70000"'],
    [
      ["--dashboard", "--sessions", "0"],
      '--sessions must be an integer from 1 to 1000000, got "0"',
    ],
    [["--verbose"], "Unknown option '--verbose'"],
  ] as const;
  const results = await Promise.all(cases.map(([args]) => run([...args])));
  for (const [i, r] of results.entries()) {
    const [args, message] = cases[i];
    t.is(r.status, 2, args.join(" "));
    t.is(r.stdout, "");
    t.is(r.stderr.split("\n")[0], message);
    t.true(r.stderr.includes("\nusage: npm start -- [options]\n"));
  }
});

test("--serve keeps /metrics up with the run's numbers until Ctrl-C", async (t) => {
  const port = await freePort();
  const child = spawn(process.execPath, [
    "--import=tsx",
    main,
    "--sessions",
    "4",
    "--serve",
    String(port),
  ], {
    cwd: root,
    env: { ...process.env, NO_COLOR: "" },
  });
  let stdout = "";
  child.stdout.setEncoding("utf8").on("data", (s) => (stdout += s));
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (s) => (stderr += s));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  try {
    await waitFor(
      "the demo to serve",
      () => stdout.includes("Ctrl-C to stop") || undefined,
      60_000,
    );
    t.true(
      stdout.endsWith(
        `\nServing http://127.0.0.1:${port}/metrics for Prometheus; Ctrl-C to stop.\n`,
      ),
    );
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    const printed = (key: string) => rows(stdout, "Events").find((r) => r[0] === key)![1];
    t.true(
      text.includes(
        `\njido_coder_lib_llm_response_total ${printed("jido_coder_lib.llm.response")}\n`,
      ),
      text,
    );
    t.true(text.includes(`\njido_coder_lib_session_start_total 4\n`));
  } finally {
    child.kill("SIGINT");
  }
  t.is(await exited, 0, stderr);
});

test("--dashboard serves the live dashboard while the demo runs, and until Ctrl-C", async (t) => {
  const port = await freePort();
  const child = spawn(process.execPath, [
    "--import=tsx",
    main,
    "--sessions",
    "2",
    "--dashboard",
    String(port),
  ], { cwd: root, env: { ...process.env, NO_COLOR: "" } });
  let stdout = "";
  child.stdout.setEncoding("utf8").on("data", (s) => (stdout += s));
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (s) => (stderr += s));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}/`;
  const snapshot = async () => (await fetch(`${url}api/snapshot?history=0`)).json();
  try {
    await waitFor("the dashboard", () => stdout.startsWith(`Dashboard on ${url}\n`) || undefined);
    // While the run goes on (at 10x real time), the numbers move.
    const during = await snapshot();
    t.is(during.intervalMs, 1000);
    await waitFor(
      "the demo to finish",
      () => stdout.includes("Ctrl-C to stop") || undefined,
      60_000,
    );
    t.true(stdout.endsWith(`\nServing the dashboard on ${url}; Ctrl-C to stop.\n`));
    const after = await snapshot();
    const starts = after.metrics.find((m: { name: string }) =>
      m.name === "jido_coder_lib.session.start.count"
    );
    t.is(starts.series[0].value, 2);
    t.true(after.logs.length > 0);
    t.true(after.cost.length > 0);
    t.true(after.alerts.recent.length > 0);
    const page = await fetch(url);
    t.is(page.status, 200);
    t.regex(page.headers.get("content-security-policy")!, /default-src 'self'/);
    await page.body?.cancel();
  } finally {
    child.kill("SIGINT");
  }
  t.is(await exited, 0, stderr);
});

test("deno task start runs the same demo under Deno", async (t) => {
  const [r, node] = await Promise.all([
    exec(deno, ["task", "start", "--sessions", "2", "--seed", "5"], { NO_COLOR: "1" }),
    run(["--sessions", "2", "--seed", "5"]),
  ]);
  t.is(r.status, 0, r.stderr);
  t.is(summary(r.stdout), summary(node.stdout));
});

test.serial("the printed trace of session s-0001 is its events as a tree: one agent span per action, one chat span per call", async (t) => {
  const { result, events, stdout } = await runCaptured(4, 7);
  const mine = events.filter((e) => e.md.session_id === "s-0001");
  const completes = mine.filter((e) => e.key === "jido_coder_lib.agent.complete");
  const responses = mine.filter((e) => e.key === "jido_coder_lib.llm.response");
  const spans = result.trace;
  const root = spans.find((s) => s.parentSpanId === undefined)!;
  t.is(root.name, "invoke_workflow coding_session");
  const stop = mine.find((e) => e.key === "jido_coder_lib.session.stop")!;
  t.is(root.duration, stop.m.duration, "the session span lasts what session.stop says");
  const agents = spans.filter((s) => s.parentSpanId === root.spanId)
    .sort((a, b) => a.startTime - b.startTime);
  t.deepEqual(
    agents.map((s) => [s.name, s.duration, s.status]),
    completes.map((e) => [
      `invoke_agent ${e.md.agent}`,
      e.m.duration,
      e.md.status === "ok" ? "ok" : "error",
    ]),
  );
  const chats = agents.map((a) =>
    spans.find((s) => s.parentSpanId === a.spanId && s.kind === "client")!
  );
  t.deepEqual(
    chats.map((s) => [s.name, s.duration, s.measurements.input_tokens ?? 0]),
    responses.map((e) => [
      `chat ${e.md.model}`,
      e.m.duration,
      e.md.finish_reason === "error" ? 0 : e.m.input_tokens,
    ]),
  );
  t.true(spans.every((s) => s.traceId === root.traceId));
  const section = stdout.slice(stdout.indexOf("Trace of session s-0001"));
  const lines = section.split("\n\n")[0].split("\n").slice(1);
  t.is(lines.length, spans.length);
  const failed = root.status === "error" ? `  error ${root.errorType}` : "";
  t.is(lines[0], `  invoke_workflow coding_session  ${ms(root.duration)} ms${failed}`);
  t.is(failed, result.failedSession === "s-0001" ? "  error timeout" : "");
});

test.serial("the printed cost is the responses' tokens at the published prices, exactly; the local model is unknown, not $0", async (t) => {
  const { events, stdout } = await runCaptured(6, 3);
  // USD per million tokens, in millionths of a dollar: input, output, cache read, cache write.
  const prices: Record<string, readonly bigint[]> = {
    "claude-sonnet-4": [3_000_000n, 15_000_000n, 300_000n, 3_750_000n],
    "claude-3-5-haiku": [800_000n, 4_000_000n, 80_000n, 1_000_000n],
    "gpt-4o": [2_500_000n, 10_000_000n, 1_250_000n, 2_500_000n],
  };
  const picos = new Map<string, bigint>(); // 1e-12 dollars, per model
  const unpriced = new Map<string, number>();
  for (const e of events.filter((e) => e.key === "jido_coder_lib.llm.response")) {
    const model = String(e.md.model);
    const p = prices[model];
    if (p === undefined) {
      unpriced.set(model, (unpriced.get(model) ?? 0) + 1);
      continue;
    }
    const read = BigInt(e.m.cache_read_tokens ?? 0);
    const write = BigInt(e.m.cache_creation_tokens ?? 0);
    const fresh = BigInt(e.m.input_tokens) - read - write;
    const cost = fresh * p[0] + BigInt(e.m.output_tokens) * p[1] + read * p[2] + write * p[3];
    picos.set(model, (picos.get(model) ?? 0n) + cost);
  }
  const dollars = (n: bigint) => {
    const text = n.toString().padStart(13, "0");
    const cents = `${text.slice(0, -12)}.${text.slice(-12)}`.replace(/0+$/, "");
    return cents.endsWith(".")
      ? `${cents}00`
      : cents.split(".")[1].length < 2
      ? `${cents}0`
      : cents;
  };
  const table = rows(
    stdout,
    stdout.split("\n").find((l) => l.startsWith("Cost by model"))!,
  );
  const expected = [...new Set([...picos.keys(), ...unpriced.keys()])].sort().map((model) => {
    const n = unpriced.get(model) ?? 0;
    const priced = events.filter((e) =>
      e.key === "jido_coder_lib.llm.response" && e.md.model === model
    ).length - n;
    return [model, int(priced), int(n), n > 0 ? "unknown" : `$${dollars(picos.get(model)!)}`];
  });
  t.deepEqual(table, expected);
  t.true(unpriced.get("qwen2.5-coder-32b")! > 0, "the run has unpriced responses to show");
  const total = [...picos.values()].reduce((a, b) => a + b, 0n);
  t.true(stdout.includes(`Cost by model (local prices, USD): $${dollars(total)} + unknown,`));
});

test("--otlp sends every session's spans and the run's metrics to an OTLP/HTTP receiver", async (t) => {
  const bodies: { url: string; body: unknown }[] = [];
  const receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      bodies.push({ url: req.url ?? "", body: JSON.parse(Buffer.concat(chunks).toString()) });
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  t.teardown(() => receiver.close());
  const url = `http://127.0.0.1:${(receiver.address() as { port: number }).port}`;
  const out = await run(["--sessions", "4", "--seed", "9", "--otlp", url]);
  t.is(out.status, 0, out.stderr);
  type Spans = {
    resourceSpans: { scopeSpans: { spans: { name: string; traceId: string }[] }[] }[];
  };
  const spans = bodies.filter((b) => b.url === "/v1/traces")
    .flatMap((b) =>
      (b.body as Spans).resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans))
    );
  const roots = spans.filter((s) => s.name === "invoke_workflow coding_session");
  t.is(roots.length, 4, "one trace per session");
  t.is(new Set(spans.map((s) => s.traceId)).size, 4);
  type Metrics = { resourceMetrics: { scopeMetrics: { metrics: { name: string }[] }[] }[] };
  const metrics = bodies.filter((b) => b.url === "/v1/metrics")
    .flatMap((b) =>
      (b.body as Metrics).resourceMetrics.flatMap((r) => r.scopeMetrics.flatMap((s) => s.metrics))
    );
  t.true(metrics.some((m) => m.name === "jido_coder_lib.llm.response.count"));
  t.true(metrics.some((m) => m.name === "gen_ai.client.token.usage"));
  t.regex(
    out.stderr,
    new RegExp(
      `^\\nOTLP to ${
        url.replace(/[.]/g, "\\.")
      }: ${spans.length} spans and \\d+ metric points sent, 0 dropped, 0 rejected\\n$`,
    ),
  );
  const bad = await run(["--otlp", "localhost:4318"]);
  t.is(bad.status, 2);
  t.regex(bad.stderr, /^--otlp must be an http:\/\/ or https:\/\/ URL, got "localhost:4318"/);
});
