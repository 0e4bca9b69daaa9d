/**
 * `npm start` (or `deno task start`): a simulated coding agent, logged and measured.
 *
 * ```
 * npm start -- [--sessions N] [--seed S] [--env development|test|production] [--serve PORT]
 *              [--otlp URL] [--dashboard [PORT]]
 * ```
 *
 * Prints the development profile's log lines as the sessions run (JSON lines with
 * `--env production`), then a summary of what the metrics store holds. `--serve PORT` also
 * exposes `/metrics` on 127.0.0.1 for Prometheus and keeps it up until Ctrl-C. On a terminal a
 * progress line shows how far the workload is; colours follow `NO_COLOR`. `--otlp URL` sends
 * the sessions' spans and the metrics to an OTLP/HTTP receiver (an OpenTelemetry Collector).
 * `--dashboard [PORT]` (default 4000) serves the live dashboard on 127.0.0.1, runs simulated time
 * at most 10 times faster than real time so its charts move, and keeps it up until Ctrl-C.
 *
 * @module
 */

import process from "node:process";
import { parseArgs } from "node:util";
import { getMetrics, standardCatalog } from "../mod.ts";
import { createLogRing, serveDashboard } from "../src/dashboard/mod.ts";
import type { CostAccounting } from "../src/cost/mod.ts";
import { createOtlpExporter } from "../src/otlp/mod.ts";
import type { Env } from "../src/logger/mod.ts";
import { createPrometheusReporter, servePrometheus } from "../src/prometheus/mod.ts";
import { runDemo } from "./run.ts";

const usage = `usage: npm start -- [options]

  --sessions N   sessions to simulate (default 5)
  --seed S       seed of the random workload (default 42)
  --env E        log profile: development (default), test or production (JSON lines)
  --serve PORT   serve /metrics on 127.0.0.1:PORT until Ctrl-C
  --otlp URL     send spans and metrics to an OTLP/HTTP receiver, e.g. http://localhost:4318
  --dashboard [PORT]
                 serve the live dashboard on 127.0.0.1:PORT (default 4000) while the demo runs
                 (at 10x real time) and until Ctrl-C
  --help         this text`;

function fail(message: string): never {
  process.stderr.write(`${message}\n\n${usage}\n`);
  process.exit(2);
}

function integer(value: string | undefined, name: string, min: number, max: number): number {
  if (value === undefined) return NaN;
  const n = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!(n >= min && n <= max)) {
    fail(`--${name} must be an integer from ${min} to ${max}, got "${value}"`);
  }
  return n;
}

// --dashboard takes an optional port: give it the default when no number follows.
const argv = process.argv.slice(2).flatMap((arg, i, all) =>
  arg === "--dashboard" && (all[i + 1] === undefined || all[i + 1].startsWith("--"))
    ? [arg, "4000"]
    : [arg]
);

let args;
try {
  args = parseArgs({
    args: argv,
    options: {
      sessions: { type: "string" },
      seed: { type: "string" },
      env: { type: "string" },
      serve: { type: "string" },
      otlp: { type: "string" },
      dashboard: { type: "string" },
      help: { type: "boolean" },
    },
    strict: true,
    allowPositionals: false,
  }).values;
} catch (error) {
  fail((error as Error).message);
}
if (args.help) {
  process.stdout.write(usage + "\n");
  process.exit(0);
}
const sessions = args.sessions === undefined ? 5 : integer(args.sessions, "sessions", 1, 1_000_000);
const seed = args.seed === undefined ? 42 : integer(args.seed, "seed", 0, 0xffffffff);
const envs: readonly string[] = ["development", "test", "production"];
const env = (args.env ?? "development") as Env;
if (!envs.includes(env)) fail(`--env must be development, test or production, got "${env}"`);
const port = args.serve === undefined ? undefined : integer(args.serve, "serve", 0, 65535);
const dashboardPort = args.dashboard === undefined
  ? undefined
  : integer(args.dashboard, "dashboard", 0, 65535);
if (args.otlp !== undefined && !/^https?:\/\/[^\s]+$/.test(args.otlp)) {
  fail(`--otlp must be an http:// or https:// URL, got "${args.otlp}"`);
}

const stdout = process.stdout;
const isTTY = stdout.isTTY === true;
const noColor = (process.env.NO_COLOR ?? "") !== "";

const reporter = port === undefined
  ? undefined
  : createPrometheusReporter({ catalog: standardCatalog });
const server = reporter === undefined ? undefined : await servePrometheus(reporter, { port });

let costs: CostAccounting | undefined;
const logRing = dashboardPort === undefined ? undefined : createLogRing({ size: 500 });
const dashboard = dashboardPort === undefined ? undefined : await serveDashboard({
  metrics: getMetrics,
  catalog: standardCatalog,
  logs: logRing,
  cost: () => costs?.byModel() ?? {},
  port: dashboardPort,
});
if (dashboard !== undefined) stdout.write(`Dashboard on ${dashboard.url}\n`);

/** Writes to a Node stream, resolving once it has room again. */
function writer(stream: {
  write(text: string): boolean;
  once(event: "drain", listener: () => void): unknown;
}): (text: string) => Promise<void> {
  return (text) =>
    new Promise<void>((resolve) => {
      if (stream.write(text)) resolve();
      else stream.once("drain", () => resolve());
    });
}

const otlp = args.otlp === undefined ? undefined : createOtlpExporter({
  endpoint: args.otlp,
  serviceName: "jido-coder-demo",
  // Read once, when the run is over: the store holds the run's totals then.
  metrics: { source: getMetrics, intervalMs: 3_600_000 },
  maxQueueSize: 100_000,
});

await runDemo({
  sessions,
  seed,
  env,
  colors: isTTY && !noColor,
  speed: dashboard === undefined ? undefined : 10,
  logSink: logRing?.sink,
  onCosts: (c) => (costs = c),
}, {
  isTTY,
  write: writer(stdout),
  // JSON lines on stdout stay pure JSON: the summary goes to stderr.
  writeSummary: env === "production" ? writer(process.stderr) : undefined,
});

if (otlp !== undefined) {
  const counts = await otlp.shutdown();
  const { traces, metrics } = otlp.stats();
  process.stderr.write(
    `\nOTLP to ${args.otlp}: ${traces.sent} spans and ${metrics.sent} metric points sent, ` +
      `${counts.dropped} dropped, ${counts.rejected} rejected\n`,
  );
}

if (server !== undefined || dashboard !== undefined) {
  if (server !== undefined) stdout.write(`\nServing ${server.url} for Prometheus`);
  if (dashboard !== undefined) {
    stdout.write(
      `${server === undefined ? "\nServing" : " and"} the dashboard on ${dashboard.url}`,
    );
  }
  stdout.write("; Ctrl-C to stop.\n");
  await new Promise<void>((resolve) => process.once("SIGINT", () => resolve()));
  await server?.close();
  await dashboard?.close();
  reporter?.detach();
}
