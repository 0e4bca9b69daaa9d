// The Prometheus reporter against the real software: promtool lints the text format; a real
// Prometheus (which asks for OpenMetrics first) scrapes three agent processes and a real
// Pushgateway that a short-lived process pushed to, and PromQL returns what they emitted.
// Servers start once for the file, on free loopback ports, in a temporary folder.
import test from "ava";
import { type ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { emitLlmResponse, standardCatalog } from "../../mod.ts";
import {
  counter,
  defaultDefinitions,
  distribution,
  lastValue,
  sum,
  summary,
} from "../../src/metrics/mod.ts";
import { createPrometheusReporter } from "../../src/prometheus/mod.ts";
import {
  answers,
  freePort,
  type Server,
  startServer,
  tempDir,
  waitFor,
} from "../fixtures/servers.ts";
import { cacheHits, cacheMisses, hostileModel, responses } from "./fixtures/workload.ts";

const fixtures = join(import.meta.dirname, "fixtures");
const tmp = tempDir("jido-prometheus-");
let prometheus: Server;
let gateway: Server;
const agents: ChildProcess[] = [];
let promUrl = "";
let gatewayUrl = "";
const agentTargets: string[] = [];

function startAgent(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ["--import=tsx", join(fixtures, "agent.ts")], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const line = out.split("\n").find((l) => l.startsWith("{"));
      if (line !== undefined) resolve({ child, url: JSON.parse(line).url });
    });
    child.once("exit", (code) => reject(new Error(`agent exited with ${code}: ${out}`)));
  });
}

test.before(async () => {
  const gatewayPort = await freePort();
  gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
  gateway = await startServer("prometheus-pushgateway", [
    `--web.listen-address=127.0.0.1:${gatewayPort}`,
  ], () => answers(`${gatewayUrl}/-/ready`));
  for (const { child, url } of await Promise.all([startAgent(), startAgent(), startAgent()])) {
    agents.push(child);
    agentTargets.push(new URL(url).host);
  }
  const promPort = await freePort();
  promUrl = `http://127.0.0.1:${promPort}`;
  const config = join(tmp.dir, "prometheus.yml");
  writeFileSync(
    config,
    [
      "global:",
      "  scrape_interval: 1s",
      "  scrape_timeout: 1s",
      "scrape_configs:",
      "  - job_name: agents",
      "    static_configs:",
      `      - targets: [${agentTargets.map((t) => `"${t}"`).join(", ")}]`,
      "  - job_name: pushgateway",
      "    honor_labels: true",
      "    static_configs:",
      `      - targets: ["127.0.0.1:${gatewayPort}"]`,
      "",
    ].join("\n"),
  );
  prometheus = await startServer("prometheus", [
    `--config.file=${config}`,
    `--storage.tsdb.path=${join(tmp.dir, "data")}`,
    `--web.listen-address=127.0.0.1:${promPort}`,
  ], () => answers(`${promUrl}/-/ready`));
});

test.after.always(async () => {
  for (const child of agents) {
    child.stdin?.end();
    if (child.exitCode === null) await new Promise((r) => child.once("exit", r));
  }
  await prometheus?.stop();
  await gateway?.stop();
  tmp.remove();
});

interface VectorSample {
  readonly metric: Record<string, string>;
  readonly value: [number, string];
}

/** An instant PromQL query's result vector. */
async function query(promql: string): Promise<VectorSample[]> {
  const response = await fetch(`${promUrl}/api/v1/query?query=${encodeURIComponent(promql)}`);
  const body = await response.json() as { status: string; data: { result: VectorSample[] } };
  if (body.status !== "success") throw new Error(JSON.stringify(body));
  return body.data.result;
}

/** The query's values by the value of `label`, once it has `count` series. */
function byLabel(promql: string, label: string, count: number): Promise<Record<string, number>> {
  return waitFor(`${count} series of ${promql}`, async () => {
    const result = await query(promql);
    if (result.length !== count) return undefined;
    const out: Record<string, number> = {};
    for (const s of result) out[s.metric[label] ?? ""] = Number(s.value[1]);
    return out;
  });
}

/** Waits until every agent has been scraped successfully. */
function agentsUp(): Promise<readonly { health: string; lastError: string }[]> {
  return waitFor("three agents up", async () => {
    const response = await fetch(`${promUrl}/api/v1/targets`);
    const body = await response.json() as {
      data: {
        activeTargets: { labels: { job: string }; health: string; lastError: string }[];
      };
    };
    const targets = body.data.activeTargets.filter((t) => t.labels.job === "agents");
    return targets.length === 3 && targets.every((t) => t.health === "up") ? targets : undefined;
  });
}

test("promtool check metrics passes the text format of every kind, hostile tag values included", (t) => {
  const event = ["jido_coder_lib", "llm", "response"];
  const reporter = createPrometheusReporter({
    catalog: standardCatalog,
    labels: { service: 'co"der\\' },
    metrics: [
      ...defaultDefinitions(standardCatalog),
      counter("app.calls.count", { event, tags: ["model"], description: 'Calls\nby "model" \\' }),
      sum("app.tokens", { event, measurement: "output_tokens", tags: ["model"], unit: "token" }),
      lastValue("app.last.duration", { event, measurement: "duration", tags: ["model"] }),
      summary("app.latency", { event, measurement: "duration", unit: "millisecond" }),
      distribution("app.size", {
        event,
        measurement: "input_tokens",
        unit: "kilobyte",
        buckets: [0.5, 1e21, 1.5e300],
      }),
    ],
  });
  t.teardown(() => reporter.detach());
  const models = [hostileModel, "", "\\", '"', "\n\n", "日本語", "tab\tand\rreturn", "\ud800"];
  for (const model of models) {
    emitLlmResponse({ duration: 12.5, input_tokens: 3, output_tokens: 7 }, {
      model,
      provider: "p",
      finish_reason: "stop",
    });
  }
  const text = reporter.scrape("text");
  t.true(text.includes('model="we\\"ird\\\\ model\\nü 😀 \u202e"'), "escaped, not dropped");
  const run = spawnSync("promtool", ["check", "metrics"], { input: text, encoding: "utf8" });
  t.is(run.stdout + run.stderr, "");
  t.is(run.status, 0);
  t.is(
    execFileSync("promtool", ["--version"], { encoding: "utf8" }).split("\n")[0].split(" ")[2],
    "2.42.0+ds",
  );
});

test("Prometheus scrapes three agents in OpenMetrics: every target up, units read from # UNIT", async (t) => {
  const targets = await agentsUp();
  t.deepEqual(targets.map((x) => x.lastError), ["", "", ""]);
  // Only OpenMetrics carries units: Prometheus knows one only if it parsed that format.
  const response = await fetch(
    `${promUrl}/api/v1/targets/metadata?metric=gen_ai_client_operation_duration_seconds&match_target=${
      encodeURIComponent('{job="agents"}')
    }`,
  );
  const body = await response.json() as { data: { type: string; unit: string; help: string }[] };
  t.deepEqual(body.data.map(({ type, unit, help }) => ({ type, unit, help })), [
    { type: "histogram", unit: "seconds", help: "GenAI operation duration" },
    { type: "histogram", unit: "seconds", help: "GenAI operation duration" },
    { type: "histogram", unit: "seconds", help: "GenAI operation duration" },
  ]);
});

/** What the three agents emitted together, per model. */
function expectedByModel(pick: (r: (typeof responses)[number]) => number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of responses) out[r.model] = (out[r.model] ?? 0) + 3 * pick(r);
  return out;
}

test("PromQL sums counters across the three processes exactly, by model (hostile name included)", async (t) => {
  await agentsUp();
  t.deepEqual(
    await byLabel(
      'sum by (model) (jido_coder_lib_llm_response_output_tokens_total{job="agents"})',
      "model",
      3,
    ),
    expectedByModel((r) => r.outputTokens),
  );
  t.deepEqual(await byLabel('sum(jido_coder_lib_llm_response_total{job="agents"})', "", 1), {
    "": 3 * responses.length,
  });
  t.deepEqual(
    await byLabel(
      'sum by (result) (jido_coder_lib_context_cache_lookups_total{job="agents"})',
      "result",
      2,
    ),
    { hit: 3 * cacheHits, miss: 3 * cacheMisses },
  );
});

test("PromQL reads the histograms' counts and sums, and a histogram_quantile within the right bucket", async (t) => {
  await agentsUp();
  t.deepEqual(
    await byLabel(
      'sum by (model) (gen_ai_client_operation_duration_seconds_count{job="agents"})',
      "model",
      3,
    ),
    expectedByModel(() => 1),
  );
  t.deepEqual(
    await byLabel(
      'sum by (model) (gen_ai_client_token_usage_sum{job="agents",token_type="input"})',
      "model",
      3,
    ),
    expectedByModel((r) => r.inputTokens),
  );
  // The true 0.9 quantile of the 120 durations, and the bucket holding it.
  const seconds = responses.map((r) => r.durationMs / 1000).sort((a, b) => a - b);
  const p90 = seconds[Math.ceil(0.9 * seconds.length) - 1];
  const bounds = [0, 0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24];
  const upper = bounds.find((b) => b >= p90)!;
  const lower = bounds[bounds.indexOf(upper) - 1];
  const [q] = await query(
    'histogram_quantile(0.9, sum by (le) (gen_ai_client_operation_duration_seconds_bucket{job="agents"}))',
  );
  const value = Number(q.value[1]);
  t.true(value > lower && value <= upper, `${value} in (${lower}, ${upper}] holding ${p90}`);
});

test("PromQL reads each agent's summary quantiles within the sketch's 1%", async (t) => {
  await agentsUp();
  const medians = await byLabel(
    'jido_coder_lib_llm_response_duration_seconds{job="agents",quantile="0.5"}',
    "instance",
    3,
  );
  const seconds = responses.map((r) => r.durationMs / 1000).sort((a, b) => a - b);
  const median = seconds[Math.ceil(0.5 * seconds.length) - 1];
  t.deepEqual(Object.keys(medians).sort(), [...agentTargets].sort());
  for (const value of Object.values(medians)) {
    t.true(Math.abs(value - median) <= 0.01 * median, `${value} vs ${median}`);
  }
});

test("a short-lived process pushes to the Pushgateway as it exits, and Prometheus reads it there", async (t) => {
  const run = spawnSync(process.execPath, [
    "--import=tsx",
    join(fixtures, "cli_run.ts"),
    gatewayUrl,
    "run-1",
  ], { encoding: "utf8" });
  t.is(run.stderr, "");
  t.is(run.status, 0);
  t.deepEqual(
    await byLabel(
      'jido_coder_lib_llm_response_total{job="coder-cli",instance="run-1"}',
      "instance",
      1,
    ),
    { "run-1": responses.length },
  );
  t.deepEqual(
    await byLabel(
      'sum by (model) (gen_ai_client_token_usage_count{job="coder-cli",token_type="output"})',
      "model",
      3,
    ),
    Object.fromEntries(Object.entries(expectedByModel(() => 1)).map(([k, v]) => [k, v / 3])),
  );
});

test("the agents' handlers are their own: detaching one reporter leaves the others", (t) => {
  const a = createPrometheusReporter({ catalog: standardCatalog });
  const b = createPrometheusReporter({ catalog: standardCatalog });
  emitLlmResponse({ duration: 1, input_tokens: 1, output_tokens: 1 }, {
    model: "m",
    provider: "p",
    finish_reason: "stop",
  });
  t.true(a.detach());
  t.false(a.detach());
  emitLlmResponse({ duration: 1, input_tokens: 1, output_tokens: 1 }, {
    model: "m",
    provider: "p",
    finish_reason: "stop",
  });
  t.true(a.scrape().includes("\njido_coder_lib_llm_response_total 1\n"));
  t.true(b.scrape().includes("\njido_coder_lib_llm_response_total 2\n"));
  b.detach();
});

test("Pushgateway modes: add keeps the group's other metrics, replace drops them", async (t) => {
  const event = ["jido_coder_lib", "llm", "response"];
  const pushgateway = { url: gatewayUrl, job: "modes", groupingKey: { instance: "i" } };
  const a = createPrometheusReporter({
    catalog: standardCatalog,
    metrics: [counter("a.calls.count", { event })],
    pushgateway: { ...pushgateway, pushOnExit: false },
  });
  const b = createPrometheusReporter({
    catalog: standardCatalog,
    metrics: [counter("b.calls.count", { event })],
    pushgateway: { ...pushgateway, mode: "add", pushOnExit: false },
  });
  const bReplace = createPrometheusReporter({
    catalog: standardCatalog,
    metrics: [counter("b.calls.count", { event })],
    pushgateway: { ...pushgateway, pushOnExit: false },
  });
  t.teardown(() => [a, b, bReplace].forEach((r) => r.detach()));
  emitLlmResponse({ duration: 1, input_tokens: 1, output_tokens: 1 }, {
    model: "m",
    provider: "p",
    finish_reason: "stop",
  });
  const group = async () =>
    (await (await fetch(`${gatewayUrl}/metrics`)).text()).split("\n")
      .filter((l) => /^[ab]_calls_total\{/.test(l) && l.includes('job="modes"'));
  await a.flush();
  await b.flush();
  t.deepEqual(await group(), [
    'a_calls_total{instance="i",job="modes"} 1',
    'b_calls_total{instance="i",job="modes"} 1',
  ]);
  await bReplace.flush();
  t.deepEqual(await group(), ['b_calls_total{instance="i",job="modes"} 1']);
});
